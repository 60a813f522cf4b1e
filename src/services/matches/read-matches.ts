import type { CandidateListQuery, Match, MatchView, Page } from '../../domain';
import { NotFoundError } from '../../lib';
import { findCase, recordAudit, storeContext, type Actor, type StoreAccess } from '../shared';

/** The candidates of a case, highest LR first (GET /v1/cases/:id/candidates); the read is audited. */
export async function listCaseCandidates(access: StoreAccess, actor: Actor, caseId: string, query: CandidateListQuery): Promise<Page<MatchView>> {
  await findCase(access.store, caseId);
  const page = await access.store.matches.listByCase(caseId, query);
  await recordAudit(storeContext(access, actor), 'match.read', 'case', caseId);
  return { ...page, items: page.items.map(toMatchView) };
}

/** The candidates of a found person, highest LR first (GET /v1/found-persons/:id/candidates). */
export async function listFoundPersonCandidates(access: StoreAccess, actor: Actor, foundPersonId: string, query: CandidateListQuery): Promise<Page<MatchView>> {
  if (!(await access.store.foundPersons.findById(foundPersonId))) throw new NotFoundError(`no found person ${foundPersonId}`);
  const page = await access.store.matches.listByFoundPerson(foundPersonId, query);
  await recordAudit(storeContext(access, actor), 'match.read', 'foundPerson', foundPersonId);
  return { ...page, items: page.items.map(toMatchView) };
}

/** One match with its full breakdown (GET /v1/matches/:id). */
export async function getMatch(access: StoreAccess, actor: Actor, id: string): Promise<MatchView> {
  const match = await access.store.matches.findById(id);
  if (!match) throw new NotFoundError(`no match ${id}`);
  await recordAudit(storeContext(access, actor), 'match.read', 'match', id);
  return toMatchView(match);
}

export function toMatchView(m: Match): MatchView {
  return {
    id: m.id, caseId: m.caseId, foundPersonId: m.foundPersonId, status: m.status, LR: m.lr, log10LR: m.log10Lr,
    loci: m.loci.map((l) => ({ ...l })), inconsistentLoci: m.inconsistentLoci, lociCompared: m.lociCompared, prior: m.prior,
    posterior: m.posterior, expectedAdventitious: m.expectedAdventitious, databaseSize: m.databaseSize, meetsPolicy: m.meetsPolicy,
    policyVersion: m.policyVersion, familyShape: m.familyShape, scoredAt: m.scoredAt, createdAt: m.createdAt, updatedAt: m.updatedAt,
  };
}
