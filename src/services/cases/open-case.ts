import { MISSING_ID, type CaseInput, type CaseListQuery, type CaseView, type MissingCase, type Page } from '../../domain';
import { ValidationError } from '../../lib';
import type { Repositories } from '../../store';
import { toCaseView } from './case-views';
import { findCase, recordAudit, runTransaction, type Actor, type Policy, type StoreAccess, type TxContext } from '../shared';

/** What opening a case needs: the store and the deployment's default frequency table. */
export interface CasePorts extends StoreAccess {
  readonly policy: Pick<Policy, 'defaultFrequencyTable'>;
}

/**
 * Opens a missing-child case (POST /v1/cases). The family starts as the missing child alone;
 * `population` names the frequency table the family is scored with (the deployment default when
 * absent) and must exist.
 */
export async function openCase(ports: CasePorts, actor: Actor, input: CaseInput): Promise<CaseView> {
  const population = input.population ?? ports.policy.defaultFrequencyTable;
  return runTransaction(ports, actor, async (ctx) => {
    await assertTableExists(ctx.tx, population);
    const c = await insertNewCase(ctx, { alertId: input.alertId ?? null, traffickingCaseNo: input.traffickingCaseNo ?? null, child: input.child, population });
    await recordAudit(ctx, 'case.create', 'case', c.id);
    return toCaseView(c);
  });
}

/**
 * Inserts a new open case in the transaction, owned by the actor's organisation: the family is
 * the missing child alone (relatives come later), so every way of opening a case starts alike.
 */
export async function insertNewCase(ctx: TxContext, fields: NewCaseFields): Promise<MissingCase> {
  const c = newCaseRecord(ctx, fields);
  await ctx.tx.cases.insert(c);
  return c;
}

type NewCaseFields = Pick<MissingCase, 'alertId' | 'traffickingCaseNo' | 'child' | 'population'>;

/** The record of a new open case (not yet stored): version 1, the missing child alone in its family. */
export function newCaseRecord(ctx: TxContext, fields: NewCaseFields): MissingCase {
  const now = ctx.now().toISOString();
  return {
    id: ctx.newId('case'), ...fields, status: 'open', org: ctx.actor.org, openedBy: ctx.actor.keyId,
    family: {
      mode: 'relationships', lab: null, relatives: [],
      pedigree: { missing: MISSING_ID, individuals: [{ id: MISSING_ID, father: null, mother: null, sex: fields.child.sex }], typed: {} },
    },
    version: 1, createdAt: now, updatedAt: now,
  };
}

export async function getCase(access: StoreAccess, id: string): Promise<CaseView> {
  return toCaseView(await findCase(access.store, id));
}

export async function listCases(access: StoreAccess, query: CaseListQuery): Promise<Page<CaseView>> {
  const page = await access.store.cases.list(query);
  return { ...page, items: page.items.map(toCaseView) };
}

/** @throws ValidationError naming `population` when there is no such frequency table. */
export async function assertTableExists(repos: Repositories, tableId: string): Promise<void> {
  if (await repos.frequencyTables.findById(tableId)) return;
  throw new ValidationError('VALIDATION_FAILED', `no frequency table "${tableId}"`, {
    errors: [{ path: 'population', message: `no frequency table "${tableId}" (GET /v1/frequency-tables)` }],
  });
}
