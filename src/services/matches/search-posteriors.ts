import { ageWeightedPriorShares, ageWeightedPriorSharesOverFoundPersons, type Match, type Page, type SearchPolicy } from '../../domain';
import { databasePosterior } from '../../kinship';
import type { MatchListQuery, Repositories } from '../../store';

/**
 * The probability level of the bound on the records a search did not report: the bound holds
 * except with probability at most 1 in 1,000 under the search's own hypotheses.
 */
export const UNREPORTED_BOUND_RISK = 0.001;

/**
 * An upper bound on Σ LR_j over the records a search of N records did not report, in log10.
 *
 * A record is not reported because its LR is below the threshold T: it was scored below T, or the
 * bound screen proved it below T, or (without a mutation model) a Mendelian inconsistency made
 * it 0; when the list was cut at maxCandidates, the unreported ones are at most its lowest LR,
 * which the caller passes as T. (With a mutation model a record dropped for more inconsistent
 * loci than allowed, or for too few loci compared, is not proved below T; such a record needs
 * LR >= T against a per-locus factor of about the mutation rate per inconsistency, and is taken
 * as below T here.)
 *
 * Two bounds, the smaller is used:
 * - sure: every unreported record has LR < T, so Σ <= m · T (m unreported records). Valid but
 *   loose: at N = 10^6 and T = 10^4 it would let the unreported outweigh any candidate.
 * - probable: at most one record is the true relative (the posterior's own hypothesis) and
 *   contributes at most T; every unrelated record j has E[LR_j | unrelated] = 1 (Turing's
 *   identity, Good 1950) and, capped below T, E[LR_j² 1{LR_j < T}] <= T · E[LR_j] = T. Their sum S
 *   over at most N records has mean <= N and variance <= N · T, so by Cantelli's one-sided
 *   inequality P(S >= N + t) <= N T / (N T + t²) = α for t = √(N T (1 − α) / α). Hence
 *   Σ <= T + N + √(N T (1 − α) / α) except with probability α = {@link UNREPORTED_BOUND_RISK}.
 * At N = 10^6, T = 10^4 that is about 3.2 · 10^6: the unreported families weigh about 3 times
 * their expected 10^6, against m · T = 10^10 for the sure bound.
 */
export function log10UnreportedLrBound(unreported: number, searched: number, thresholdLr: number): number {
  if (unreported <= 0) return -Infinity;
  const sure = unreported * thresholdLr;
  const probable = thresholdLr + searched + Math.sqrt((searched * thresholdLr * (1 - UNREPORTED_BOUND_RISK)) / UNREPORTED_BOUND_RISK);
  return Math.log10(Math.min(sure, probable));
}

/** One search's reported records: their log10 LRs and optional prior weights (1 = an average record). */
export interface ReportedRecords {
  readonly log10Lrs: readonly number[];
  readonly weights?: readonly number[];
}

/**
 * P(record i is the one sought | all data) for each reported record of a search over `searched`
 * records (kinship database-posterior.ts, Slooten & Meester 2012), the unreported ones entering
 * through {@link log10UnreportedLrBound} at an average weight: an upper bound on the denominator,
 * so each posterior is a lower bound. `maxCandidates` is the most a search reports: a full list
 * was cut, and the unreported records are bounded by its lowest LR instead of the threshold.
 */
export function searchPosteriors(
  reported: ReportedRecords, searched: number, policy: Pick<SearchPolicy, 'thresholdLr' | 'priorInDatabase' | 'maxCandidates'>,
): Float64Array {
  const n = reported.log10Lrs.length;
  if (n === 0) return new Float64Array(0);
  const unreported = Math.max(0, searched - n);
  const lowest = Math.min(...reported.log10Lrs);
  const log10Cap = n >= policy.maxCandidates ? Math.max(Math.log10(policy.thresholdLr), lowest) : Math.log10(policy.thresholdLr);
  return databasePosterior({
    log10Lrs: reported.log10Lrs,
    priorInDatabase: policy.priorInDatabase,
    ...(reported.weights ? { weights: reported.weights } : {}),
    screenedOut: { count: unreported, log10LrSum: log10UnreportedLrBound(unreported, searched, 10 ** log10Cap), weight: unreported },
  }).posteriors;
}

/** The stored matches a posterior reads per page (a found person's or a case's list is at most a few hundred). */
const PAGE = 200;

/**
 * The database posterior of each match: P(its family is the found person's | the found person's
 * DNA against every family in the database now). The reported records are the found person's
 * stored matches (exact LRs); N is the index's family count now (the stored N when no index
 * runs), so the posterior follows the database as it grows without re-scoring anything. With the
 * policy's ageWeightedPrior, each reported family's share is weighted by domain
 * ageWeightedPriorShares (its child's birth year against the found person's estimate) relative to
 * an average family, and the unreported families count as average (their ages are not read).
 */
export function databasePosteriorsOf(
  repos: Repositories, familyCount: number | null, policy: SearchPolicy, matches: readonly Match[],
): Promise<Map<string, number>> {
  return posteriorsPerSearch(policy, matches, {
    searcherOf: (m) => m.foundPersonId,
    page: (id, page) => repos.matches.listByFoundPerson(id, page),
    recordCount: async (all) => familyCount ?? Math.max(...all.map((m) => m.databaseSize)),
    ageWeights: (id, all) => familyAgeWeights(repos, id, all),
  });
}

/**
 * The same posterior in the reverse direction, from the family's side: P(this found person is the
 * case's missing child | the family's typed relatives against every found person in the database
 * now), π_j LR_j / (π_0 + Σ_k π_k LR_k) over the M found persons, π_0 = 1 − priorInDatabase (here
 * the probability that the child is among the found persons at all). The reported records are the
 * case's stored matches, the others enter through {@link log10UnreportedLrBound} with N → M.
 *
 * M is the index's found-person count now. Without an index it is the store's count of found
 * persons, identified ones included: a match's stored databaseSize is the N of whichever search
 * last scored the pair (families for a found person's search, found persons for a family's), so
 * it does not say M; the store's count is at least every M a search could have had, and the
 * posterior falls as M grows, so it stays a lower bound. With the policy's ageWeightedPrior each
 * matched found person's share is weighted by domain ageWeightedPriorSharesOverFoundPersons (his
 * estimated birth year against the child's) relative to an average found person.
 */
export function databasePosteriorsOverFoundPersonsOf(
  repos: Repositories, foundPersonCount: number | null, policy: SearchPolicy, matches: readonly Match[],
): Promise<Map<string, number>> {
  return posteriorsPerSearch(policy, matches, {
    searcherOf: (m) => m.caseId,
    page: (id, page) => repos.matches.listByCase(id, page),
    recordCount: async () => foundPersonCount ?? (await repos.foundPersons.count()),
    ageWeights: (id, all) => foundPersonAgeWeights(repos, id, all),
  });
}

/** One direction of search: who searched (a found person, or a case's family), his stored matches, the records searched and their age weights. */
interface SearchDirection {
  readonly searcherOf: (m: Match) => string;
  readonly page: (searcherId: string, page: MatchListQuery) => Promise<Page<Match>>;
  readonly recordCount: (all: readonly Match[]) => Promise<number>;
  readonly ageWeights: (searcherId: string, all: readonly Match[]) => Promise<number[] | undefined>;
}

/** The posterior of every stored match of each searcher of `matches`, by match id. */
async function posteriorsPerSearch(policy: SearchPolicy, matches: readonly Match[], direction: SearchDirection): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const searcherId of new Set(matches.map(direction.searcherOf))) {
    const all = await allMatchesOf(direction, searcherId);
    const searched = Math.max(all.length, await direction.recordCount(all));
    const weights = policy.ageWeightedPrior ? await direction.ageWeights(searcherId, all) : undefined;
    const posteriors = searchPosteriors({ log10Lrs: all.map((m) => m.log10Lr), ...(weights ? { weights } : {}) }, searched, policy);
    all.forEach((m, i) => out.set(m.id, posteriors[i]!));
  }
  return out;
}

async function allMatchesOf(direction: SearchDirection, searcherId: string): Promise<Match[]> {
  const all: Match[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await direction.page(searcherId, { limit: PAGE, offset });
    all.push(...page.items);
    if (offset + PAGE >= page.total) return all;
  }
}

/** Weights of the matched families relative to an average family (the last share, for a family without a birth date). */
async function familyAgeWeights(repos: Repositories, foundPersonId: string, matches: readonly Match[]): Promise<number[] | undefined> {
  const person = await repos.foundPersons.findById(foundPersonId);
  if (!person || person.estimatedBirthYear === null) return undefined;
  const birthDates = await Promise.all(matches.map(async (m) => (await repos.cases.findById(m.caseId))?.child.birthDate ?? null));
  return relativeToAverage(ageWeightedPriorShares([...birthDates, null], person.estimatedBirthYear));
}

/** Weights of the matched found persons relative to an average found person (the last share, for one without an estimate). */
async function foundPersonAgeWeights(repos: Repositories, caseId: string, matches: readonly Match[]): Promise<number[] | undefined> {
  const birthDate = (await repos.cases.findById(caseId))?.child.birthDate ?? null;
  if (birthDate === null) return undefined;
  const years = await Promise.all(matches.map(async (m) => (await repos.foundPersons.findById(m.foundPersonId))?.estimatedBirthYear ?? null));
  return relativeToAverage(ageWeightedPriorSharesOverFoundPersons([...years, null], birthDate));
}

/** Shares whose last entry is an average record's, as weights relative to it. */
function relativeToAverage(shares: readonly number[]): number[] {
  const average = shares[shares.length - 1]!;
  return shares.slice(0, -1).map((s) => s / average);
}
