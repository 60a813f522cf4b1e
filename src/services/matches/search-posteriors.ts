import { ageWeightedPriorShares, type Match, type SearchPolicy } from '../../domain';
import { databasePosterior } from '../../kinship';
import type { Repositories } from '../../store';

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

/** The stored matches a posterior reads per found person (a found person's list is at most a few hundred). */
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
export async function databasePosteriorsOf(
  repos: Repositories, familyCount: number | null, policy: SearchPolicy, matches: readonly Match[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const foundPersonId of new Set(matches.map((m) => m.foundPersonId))) {
    const all = await allMatchesOf(repos, foundPersonId);
    const searched = Math.max(all.length, familyCount ?? Math.max(...all.map((m) => m.databaseSize)));
    const weights = policy.ageWeightedPrior ? await ageWeights(repos, foundPersonId, all) : undefined;
    const posteriors = searchPosteriors({ log10Lrs: all.map((m) => m.log10Lr), ...(weights ? { weights } : {}) }, searched, policy);
    all.forEach((m, i) => out.set(m.id, posteriors[i]!));
  }
  return out;
}

async function allMatchesOf(repos: Repositories, foundPersonId: string): Promise<Match[]> {
  const all: Match[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repos.matches.listByFoundPerson(foundPersonId, { limit: PAGE, offset });
    all.push(...page.items);
    if (offset + PAGE >= page.total) return all;
  }
}

/** Weights of the matched families relative to an average family (the last share, for a family without a birth date). */
async function ageWeights(repos: Repositories, foundPersonId: string, matches: readonly Match[]): Promise<number[] | undefined> {
  const person = await repos.foundPersons.findById(foundPersonId);
  if (!person || person.estimatedBirthYear === null) return undefined;
  const birthDates = await Promise.all(matches.map(async (m) => (await repos.cases.findById(m.caseId))?.child.birthDate ?? null));
  const shares = ageWeightedPriorShares([...birthDates, null], person.estimatedBirthYear);
  const average = shares[shares.length - 1]!;
  return shares.slice(0, -1).map((s) => s / average);
}
