import { findCase } from '../shared';
import { MISSING_ID, type CaseInput, type CaseListQuery, type CaseView, type MissingCase, type Page } from '../../domain';
import { ValidationError } from '../../lib';
import type { Repositories } from '../../store';
import type { Actor } from '../shared';
import type { ServiceDeps } from '../service-deps';
import { recordAudit } from '../shared';
import { toCaseView } from './case-views';

/**
 * Opens a missing-child case (POST /v1/cases). The family starts as the missing child alone;
 * `population` names the frequency table the family is scored with (the deployment default when
 * absent) and must exist.
 */
export async function openCase(deps: ServiceDeps, actor: Actor, input: CaseInput): Promise<CaseView> {
  const population = input.population ?? deps.policy.defaultFrequencyTable;
  return deps.store.transaction(async (tx) => {
    await assertTableExists(tx, population);
    const now = deps.now().toISOString();
    const c: MissingCase = {
      id: deps.newId('case'), alertId: input.alertId ?? null, traffickingCaseNo: input.traffickingCaseNo ?? null,
      child: input.child, population, status: 'open', org: actor.org, openedBy: actor.keyId,
      family: {
        mode: 'relationships', lab: null, relatives: [],
        pedigree: { missing: MISSING_ID, individuals: [{ id: MISSING_ID, father: null, mother: null, sex: input.child.sex }], typed: {} },
      },
      version: 1, createdAt: now, updatedAt: now,
    };
    await tx.cases.insert(c);
    await recordAudit(deps, tx, actor, 'case.create', 'case', c.id);
    return toCaseView(c);
  });
}

export async function getCase(deps: ServiceDeps, id: string): Promise<CaseView> {
  return toCaseView(await findCase(deps.store, id));
}

export async function listCases(deps: ServiceDeps, query: CaseListQuery): Promise<Page<CaseView>> {
  const page = await deps.store.cases.list(query);
  return { ...page, items: page.items.map(toCaseView) };
}

async function assertTableExists(repos: Repositories, tableId: string): Promise<void> {
  if (await repos.frequencyTables.findById(tableId)) return;
  throw new ValidationError('VALIDATION_FAILED', `no frequency table "${tableId}"`, {
    errors: [{ path: 'population', message: `no frequency table "${tableId}" (GET /v1/frequency-tables)` }],
  });
}
