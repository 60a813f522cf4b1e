import type { AuditEntry, CaseInput, CaseView, Profile, RelativeInput } from '../../domain';
import { familyWithRelatives } from './add-relative';
import { toCaseView } from './case-views';
import { assertTableExists, newCaseRecord, type CasePorts } from './open-case';
import { auditEntry, runTransaction, type Actor, type TxContext } from '../shared';

/** A case to open with its typed relatives (a bulk load, e.g. the simulator's store mode). */
export interface CaseWithRelatives {
  readonly case: CaseInput;
  readonly relatives: readonly RelativeInput[];
}

/**
 * Opens many cases with their relatives in one transaction, each under the rules of opening a
 * case and then adding its relatives (openCase, addRelative): a frequency table that exists,
 * reference profiles of one lab, a possible family; audited as opened and, with relatives, as
 * given its family (one entry for all of them: the entries would be alike). Each case is stored once,
 * family included, so the index applies one change per case. All or nothing: a rule broken by one
 * case fails the batch. The caller searches the new families once for the batch
 * (searchAfterBulkWrite), not once per case.
 * @throws ValidationError / ConflictError of the first case that breaks a rule; nothing is stored.
 */
export async function openCasesBulk(ports: CasePorts, actor: Actor, cases: readonly CaseWithRelatives[]): Promise<CaseView[]> {
  return runTransaction(ports, actor, async (ctx) => {
    const read = new Map((await ctx.tx.profiles.findByIds(cases.flatMap((c) => c.relatives.map((r) => r.profileId)))).map((p) => [p.id, p]));
    return openCasesInTransaction(ctx, ports.policy, cases, read);
  });
}

/**
 * The step of {@link openCasesBulk} inside the caller's transaction, by `ctx.actor`: `read` holds
 * every relative's profile as this transaction sees it (read, or stored by it).
 */
export async function openCasesInTransaction(
  ctx: TxContext, policy: CasePorts['policy'], cases: readonly CaseWithRelatives[], read: ReadonlyMap<string, Profile>,
): Promise<CaseView[]> {
  const checked = new Set<string>();
  const opened: CaseView[] = [];
  const audited: AuditEntry[] = [];
  for (const { case: input, relatives } of cases) {
    const population = input.population ?? policy.defaultFrequencyTable;
    if (!checked.has(population)) await assertTableExists(ctx.tx, population);
    checked.add(population);
    const open = newCaseRecord(ctx, { alertId: input.alertId ?? null, traffickingCaseNo: input.traffickingCaseNo ?? null, child: input.child, population });
    const c = relatives.length === 0 ? open : { ...open, family: await familyWithRelatives(ctx.tx, open, relatives, read) };
    await ctx.tx.cases.insert(c);
    audited.push(auditEntry(ctx, 'case.create', 'case', c.id));
    if (relatives.length > 0) audited.push(auditEntry(ctx, 'case.relative.add', 'case', c.id));
    opened.push(toCaseView(c));
  }
  await ctx.tx.audit.appendMany(audited);
  return opened;
}
