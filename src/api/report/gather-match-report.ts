import fs from 'node:fs';
import path from 'node:path';
import type { CaseView, FoundPersonView, FrequencyTableView, MatchReviewsView, MatchView, PedigreeView, SearchPolicyView } from '../../domain';
import {
  familyExpectedFalseCandidates, foundPersonExpectedFalseCandidates, getCase, getFoundPerson, getFrequencyTable, getMatch, getPedigree,
  getSearchPolicy, listMatchReviews, type Actor, type ServiceDeps,
} from '../../services';

/** The software version printed in the report's method: package.json's, read once. */
export const SOFTWARE_VERSION: string = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Everything a match report shows, read through the audited use cases (so the report's reads are in the audit trail). */
export interface MatchReportData {
  readonly match: MatchView;
  readonly case: CaseView;
  readonly foundPerson: FoundPersonView;
  readonly pedigree: PedigreeView;
  /**
   * Expected false candidates of the two searches that can find this match (the family against
   * the found persons, the found person against the families); null without a search index.
   */
  readonly expectedFalseCandidates: { readonly family: number | null; readonly foundPerson: number | null };
  readonly reviews: MatchReviewsView;
  readonly policy: SearchPolicyView;
  readonly frequencyTable: Pick<FrequencyTableView, 'id' | 'name'> | null;
  readonly softwareVersion: string;
  readonly generatedAt: string;
  readonly generatedBy: Actor;
}

/**
 * Reads the match (with the alleles of every locus), its case and family, the found person, the
 * expected false candidates of the case's and the found person's searches (from the index), the review
 * history and the search policy. Each read is a use case that audits itself (match.read,
 * match.alleles.read, case.pedigree.read, match.reviews.read) under the request's actor.
 * @throws NotFoundError when the match does not exist.
 */
export async function gatherMatchReport(services: ServiceDeps, actor: Actor, matchId: string): Promise<MatchReportData> {
  const match = await getMatch(services, actor, matchId);
  const [c, foundPerson, pedigree, reviews, policy] = await Promise.all([
    getCase(services, match.caseId), getFoundPerson(services, match.foundPersonId), getPedigree(services, actor, match.caseId),
    listMatchReviews(services, actor, matchId), getSearchPolicy(services),
  ]);
  const table = await getFrequencyTable(services, policy.frequencyTable).catch(() => null);
  return {
    match, case: c, foundPerson, pedigree, reviews, policy,
    expectedFalseCandidates: {
      family: familyExpectedFalseCandidates(services.search, match.caseId) ?? null,
      foundPerson: foundPersonExpectedFalseCandidates(services.search) ?? null,
    },
    frequencyTable: table && { id: table.id, name: table.name },
    softwareVersion: SOFTWARE_VERSION, generatedAt: services.now().toISOString(), generatedBy: actor,
  };
}
