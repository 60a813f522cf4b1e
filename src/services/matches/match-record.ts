import { meetsSearchPolicy, type Match, type MatchLocus, type SearchPolicy } from '../../domain';
import type { Score } from '../../matching';
import type { Clock } from '../shared';

/** A score of one found person against one family, and where it was scored. */
export interface ScoredPair {
  readonly caseId: string;
  readonly foundPersonId: string;
  readonly score: Score;
  /** "father+mother" etc. (see describeFamily) */
  readonly familyShape: string;
  /** N: the records the search covered (kept when a match is scored again) */
  readonly databaseSize: number;
  readonly policy: Pick<SearchPolicy, 'version' | 'thresholdLr' | 'maxInconsistentLoci' | 'minLociCompared'>;
}

/**
 * Expected number of unrelated records with an LR at least this high among the N searched:
 * E <= N / LR (the bound of Slooten & Meester, "Forensic identification: database likelihood
 * ratios and familial DNA searching", 2012), and never more than the N records themselves.
 */
export function expectedAdventitious(databaseSize: number, lr: number): number {
  const e = databaseSize / lr;
  return Number.isFinite(e) ? Math.min(databaseSize, e) : databaseSize;
}

/** A number as JSON can carry it: an LR beyond double range (or NaN) becomes null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The per-locus breakdown of a score as stored and shown. */
export function matchLoci(score: Pick<Score, 'loci'>): MatchLocus[] {
  return score.loci.map((l) => ({ locus: l.locus, LR: finiteOrNull(l.LR), log10LR: finiteOrNull(l.log10LR), status: l.status, compared: l.compared }));
}

/**
 * The one owner of a stored match: the record of a scored pair, new or replacing `existing` (which
 * keeps its id, status and createdAt), with the search policy's verdict and the false-hit figure.
 * Every writer (search, re-score, re-test) builds its match here. Non-finite numbers are stored
 * as null, or as the finite bound where the field is sorted on.
 */
export function matchRecord(clock: Clock, pair: ScoredPair, existing: Match | null): Match {
  const { score, databaseSize } = pair;
  const now = clock.now().toISOString();
  return {
    id: existing?.id ?? clock.newId('match'),
    caseId: pair.caseId,
    foundPersonId: pair.foundPersonId,
    status: existing?.status ?? 'candidate',
    lr: finiteOrNull(score.LR),
    // Stored and sorted finite: ±308 (the double range) stands for an LR beyond it, or 0.
    log10Lr: Number.isFinite(score.log10LR) ? score.log10LR : score.log10LR > 0 ? 308 : -308,
    loci: matchLoci(score),
    inconsistentLoci: score.inconsistentLoci,
    lociCompared: score.lociCompared,
    prior: score.prior,
    posterior: Number.isFinite(score.posterior) ? score.posterior : 0,
    expectedAdventitious: expectedAdventitious(databaseSize, score.LR),
    databaseSize,
    meetsPolicy: meetsSearchPolicy(score, pair.policy),
    policyVersion: pair.policy.version,
    familyShape: pair.familyShape,
    scoredAt: now,
    version: existing ? existing.version + 1 : 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

/** A stored match scored again: same pair, family shape and database size; the new score under `policy`. */
export function rescoredMatch(clock: Clock, match: Match, score: Score, policy: ScoredPair['policy']): Match {
  const { caseId, foundPersonId, familyShape, databaseSize } = match;
  return matchRecord(clock, { caseId, foundPersonId, score, familyShape, databaseSize, policy }, match);
}
