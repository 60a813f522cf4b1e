import { meetsSearchPolicy, type Match, type MatchFlag, type MatchLocus, type SearchPolicy } from '../../domain';
import type { Score } from '../../matching';
import type { Clock } from '../shared';
import type { MatchEvidence } from './match-evidence';

/** The parts of the search policy a match record's verdict and flags read. */
export type RecordPolicy = Pick<SearchPolicy, 'version' | 'thresholdLr' | 'maxInconsistentLoci' | 'minLociCompared' | 'alternativeRatio' | 'nonGeneticConflicts'>;

/** A score of one found person against one family, and where it was scored. */
export interface ScoredPair {
  readonly caseId: string;
  readonly foundPersonId: string;
  readonly score: Score;
  /** "father+mother" etc. (see describeFamily) */
  readonly familyShape: string;
  /** N: the records the search covered (kept when a match is scored again) */
  readonly databaseSize: number;
  readonly policy: RecordPolicy;
  /** What the pair shows beyond its LR (match-evidence.ts); null when it could not be read. */
  readonly evidence: MatchEvidence | null;
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

/** The per-locus breakdown of a score as stored and shown, with the step count of each explained mutation. */
export function matchLoci(score: Pick<Score, 'loci'>, mutationSteps: ReadonlyMap<string, number> = new Map()): MatchLocus[] {
  return score.loci.map((l) => {
    const steps = mutationSteps.get(l.locus);
    return {
      locus: l.locus, LR: finiteOrNull(l.LR), log10LR: finiteOrNull(l.log10LR), status: l.status, compared: l.compared,
      ...(steps === undefined ? {} : { mutationSteps: steps }),
    };
  });
}

/**
 * The policy's verdict with the evidence: the LR part (domain meetsSearchPolicy), then the
 * non-genetic conflicts, which exclude only under `nonGeneticConflicts: "exclude"`. A pair that
 * meets the LR part but is excluded is still stored, with meetsPolicy false and the reason, so a
 * match is never dropped silently. Flags: a close alternative relationship and every conflict.
 */
export function matchVerdict(score: Score, evidence: MatchEvidence | null, policy: RecordPolicy): Pick<Match, 'meetsPolicy' | 'flags' | 'exclusionReason'> {
  const flags: MatchFlag[] = [...(evidence?.alternativeClose ? ['alternativeRelationship' as const] : []), ...(evidence?.nonGeneticFlags ?? [])];
  const meetsLr = meetsSearchPolicy(score, policy);
  const conflicts = (evidence?.fields.evidence ?? []).filter((e) => e.conflict);
  if (meetsLr && policy.nonGeneticConflicts === 'exclude' && conflicts.length > 0) {
    return { meetsPolicy: false, flags, exclusionReason: `the policy excludes non-genetic conflicts: ${conflicts.map((c) => c.reason).join('; ')}` };
  }
  return { meetsPolicy: meetsLr, flags, exclusionReason: null };
}

/**
 * The one owner of a stored match: the record of a scored pair, new or replacing `existing` (which
 * keeps its id, status and createdAt), with its evidence, the search policy's verdict and the
 * false-hit figure. The database posterior is not stored: it depends on the whole database as it
 * is when read (read-matches.ts).
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
    loci: matchLoci(score, pair.evidence?.mutationSteps),
    inconsistentLoci: score.inconsistentLoci,
    lociCompared: score.lociCompared,
    expectedAdventitious: expectedAdventitious(databaseSize, score.LR),
    databaseSize,
    ...pair.evidence?.fields,
    ...matchVerdict(score, pair.evidence, pair.policy),
    policyVersion: pair.policy.version,
    familyShape: pair.familyShape,
    scoredAt: now,
    version: existing ? existing.version + 1 : 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

/** A stored match scored again: same pair, family shape and database size; the new score and evidence under `policy`. */
export function rescoredMatch(clock: Clock, match: Match, score: Score, evidence: MatchEvidence | null, policy: RecordPolicy): Match {
  const { caseId, foundPersonId, familyShape, databaseSize } = match;
  return matchRecord(clock, { caseId, foundPersonId, score, familyShape, databaseSize, policy, evidence }, match);
}
