import type { CaseView, HubAlertInput, MissingCase } from '../../domain';
import { ConflictError, NotFoundError } from '../../lib';
import { insertNewCase, toCaseView, type CasePorts } from '../cases';
import { findCase, recordAudit, runTransaction, type Actor, type StoreAccess, type TxContext } from '../shared';

export interface RegisteredAlert {
  /** true when this call opened the case */
  readonly created: boolean;
  readonly case: CaseView;
}

/**
 * Creates or updates the case of a hub alert (POST /v1/hub/alerts), idempotent by alertId:
 * a new alert opens a case (default frequency table, the child alone in the family); a known
 * alert updates the case's child and trafficking case number when they differ, and is a no-op
 * when they do not. A case an investigator opened with the same alertId is linked rather than
 * duplicated (the oldest, if several).
 */
export async function registerHubAlert(ports: CasePorts, actor: Actor, input: HubAlertInput): Promise<RegisteredAlert> {
  try {
    return await runTransaction(ports, actor, (ctx) => upsertAlert(ctx, ports.policy.defaultFrequencyTable, input));
  } catch (e) {
    // Two first registrations of one alert raced; the loser finds the winner's link now.
    if (e instanceof ConflictError && e.code === 'DUPLICATE_KEY') return runTransaction(ports, actor, (ctx) => upsertAlert(ctx, ports.policy.defaultFrequencyTable, input));
    throw e;
  }
}

async function upsertAlert(ctx: TxContext, defaultFrequencyTable: string, input: HubAlertInput): Promise<RegisteredAlert> {
  const { tx, actor } = ctx;
  const at = ctx.now().toISOString();
  const link = await tx.hubAlerts.findByAlertId(input.alertId);
  const existing = link ? await findCase(tx, link.caseId) : (await tx.cases.list({ alertId: input.alertId, limit: 1, offset: 0 })).items[0];
  if (!existing) {
    const c = await insertNewCase(ctx, {
      alertId: input.alertId, traffickingCaseNo: input.traffickingCaseNo ?? null, child: input.missingChild, population: defaultFrequencyTable,
    });
    await tx.hubAlerts.insert({ alertId: input.alertId, caseId: c.id, createdAt: at, updatedAt: at, createdBy: actor.keyId });
    await recordAudit(ctx, 'hubAlert.register', 'case', c.id);
    return { created: true, case: toCaseView(c) };
  }
  if (!link) await tx.hubAlerts.insert({ alertId: input.alertId, caseId: existing.id, createdAt: at, updatedAt: at, createdBy: actor.keyId });
  const child = input.missingChild;
  const traffickingCaseNo = input.traffickingCaseNo ?? existing.traffickingCaseNo;
  const unchanged = sameChild(existing.child, child) && traffickingCaseNo === existing.traffickingCaseNo;
  if (unchanged) {
    if (!link) await recordAudit(ctx, 'hubAlert.register', 'case', existing.id);
    return { created: false, case: toCaseView(existing) };
  }
  if (child.sex !== existing.child.sex && Object.keys(existing.family.pedigree.typed).length > 0) {
    throw new ConflictError('RELATIVE_CONFLICT', `the family of case ${existing.id} is built for a ${existing.child.sex} child; the sex cannot change`, {
      errors: [{ path: 'missingChild.sex', message: 'differs from the case with a typed family' }],
    });
  }
  const updated: MissingCase = {
    ...existing, child, traffickingCaseNo, version: existing.version + 1, updatedAt: at,
    family: child.sex === existing.child.sex ? existing.family : withMissingSex(existing.family, child.sex),
  };
  await tx.cases.update(updated);
  await tx.hubAlerts.touch(input.alertId, at);
  await recordAudit(ctx, 'hubAlert.update', 'case', existing.id);
  return { created: false, case: toCaseView(updated) };
}

function sameChild(a: MissingCase['child'], b: MissingCase['child']): boolean {
  return a.sex === b.sex && a.birthDate === b.birthDate && a.missingSince === b.missingSince && a.place === b.place;
}

/** An untyped family (the child alone) with the child's corrected sex. */
function withMissingSex(family: MissingCase['family'], sex: MissingCase['child']['sex']): MissingCase['family'] {
  return {
    ...family,
    pedigree: { ...family.pedigree, individuals: family.pedigree.individuals.map((i) => (i.id === family.pedigree.missing ? { ...i, sex } : i)) },
  };
}

/** The case of a hub alert (GET /v1/hub/alerts/:alertId). */
export async function getHubAlert(access: StoreAccess, alertId: string): Promise<CaseView> {
  const link = await access.store.hubAlerts.findByAlertId(alertId);
  if (!link) throw new NotFoundError(`no alert ${alertId} was registered`);
  return toCaseView(await findCase(access.store, link.caseId));
}
