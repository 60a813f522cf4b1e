import fs from 'node:fs';
import path from 'node:path';
import type { CaseView, FoundPersonView, FrequencyTableView, MatchReviewsView, MatchView, PedigreeView, SearchPolicyView } from '../../domain';
import {
  getCase, getFoundPerson, getFrequencyTable, getMatch, getPedigree, getProfile, getSearchPolicy, listMatchReviews, type Actor, type ServiceDeps,
} from '../../services';

/** The software version printed in the report's method: package.json's, read once. */
export const SOFTWARE_VERSION: string = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Everything a match report shows, read through the audited use cases (so the report's reads are in the audit trail). */
export interface MatchReportData {
  readonly match: MatchView;
  readonly case: CaseView;
  readonly foundPerson: FoundPersonView;
  readonly pedigree: PedigreeView;
  /** The found person's genotypes (locus -> alleles). */
  readonly foundGenotypes: Readonly<Record<string, readonly string[]>>;
  readonly reviews: MatchReviewsView;
  readonly policy: SearchPolicyView;
  readonly frequencyTable: Pick<FrequencyTableView, 'id' | 'name'> | null;
  readonly softwareVersion: string;
  readonly generatedAt: string;
  readonly generatedBy: Actor;
}

/**
 * Reads the match, its case, family and genotypes, the found person, the review history and the
 * search policy. Each read is a use case that audits itself (match.read, case.pedigree.read,
 * profile.read, match.reviews.read) under the request's actor.
 * @throws NotFoundError when the match does not exist.
 */
export async function gatherMatchReport(services: ServiceDeps, actor: Actor, matchId: string): Promise<MatchReportData> {
  const match = await getMatch(services, actor, matchId);
  const [c, foundPerson, pedigree, reviews, policy] = await Promise.all([
    getCase(services, match.caseId), getFoundPerson(services, match.foundPersonId), getPedigree(services, actor, match.caseId),
    listMatchReviews(services, actor, matchId), getSearchPolicy(services),
  ]);
  const profile = await getProfile(services, actor, foundPerson.profileId);
  const table = await getFrequencyTable(services, policy.frequencyTable).catch(() => null);
  return {
    match, case: c, foundPerson, pedigree, foundGenotypes: profile.genotypes, reviews, policy,
    frequencyTable: table && { id: table.id, name: table.name },
    softwareVersion: SOFTWARE_VERSION, generatedAt: services.now().toISOString(), generatedBy: actor,
  };
}
