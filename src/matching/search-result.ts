/**
 * What a search reports per candidate: LR, log10 LR, per-locus LR and status, inconsistent loci,
 * loci compared, the posterior for the policy's prior (Bayes in odds form, kinship
 * posteriorProbability), and the expected number of adventitious candidates at that LR for the
 * current database size, E = N / LR: for an unrelated pair E[LR | H2] = 1, so P(LR >= t | H2) <= 1/t
 * (Markov's inequality; the "Turing bound" of Good 1950, Biometrika 40:237; for DNA database
 * searches Slooten & Egeland 2014, FSI:Genetics 12:207), hence at most N/t unrelated records of N
 * are expected at or above t. And how the per-shard results of one search become one ranked list.
 */
import { posteriorProbability, type FastLocusLr } from '../kinship';
import type { ExactScore } from './exact-scorer';
import { emptyScanStats, type Hit, type ScanStats, type SearchOutcome, type TaskPolicy } from './search-task';

/** The admin-set search policy values the engine applies (the service keeps them versioned). */
export interface SearchPolicyValues {
  /** Reporting threshold (Chinese practice: 10,000). */
  readonly thresholdLr: number;
  /** Inconsistent loci allowed before exclusion (Chinese practice: 2; 3 or more excludes). */
  readonly maxInconsistentLoci: number;
  /** Fewest loci compared (POI and a relative both typed) for a candidate. */
  readonly minLociCompared: number;
  /** Balding–Nichols θ (joint mode). */
  readonly theta: number;
  /** Prior probability of H1 for the posterior. */
  readonly prior: number;
  /** Most candidates a search returns. */
  readonly maxCandidates: number;
}

export interface LocusBreakdown {
  readonly locus: string;
  readonly LR: number;
  readonly log10LR: number;
  readonly status: FastLocusLr['status'];
  readonly compared: boolean;
}

export interface Score {
  readonly LR: number;
  readonly log10LR: number;
  readonly loci: readonly LocusBreakdown[];
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
  readonly prior: number;
  readonly posterior: number;
  /** N / LR for the records searched (see the module comment). */
  readonly expectedAdventitious: number;
}

export interface Candidate extends Score {
  /** The family's or the found person's key (case id or found-person id). */
  readonly key: string;
  /** Relationships of the family's typed members (forward searches). */
  readonly shape: string;
}

export interface SearchResult {
  readonly candidates: readonly Candidate[];
  /** Live records the search covered. */
  readonly searched: number;
  readonly stats: ScanStats;
  readonly elapsedMs: number;
}

/** The reported score of an exact result, for a search over `searched` records. */
export function toScore(h: ExactScore, policy: SearchPolicyValues, searched: number): Score {
  return {
    LR: h.LR,
    log10LR: h.log10LR,
    loci: h.loci.map((l) => ({ locus: l.locus, LR: l.LR, log10LR: l.log10LR, status: l.status, compared: l.compared })),
    inconsistentLoci: h.inconsistentLoci,
    lociCompared: h.lociCompared,
    prior: policy.prior,
    posterior: posteriorProbability(h.log10LR, policy.prior),
    expectedAdventitious: searched / h.LR,
  };
}

/** The policy values a search task carries. */
export function taskPolicy(p: SearchPolicyValues): TaskPolicy {
  return { thresholdLr: p.thresholdLr, maxInconsistentLoci: p.maxInconsistentLoci, minLociCompared: p.minLociCompared, theta: p.theta, limit: p.maxCandidates };
}

/** Merges per-shard results (a record moved between segments mid-search may appear twice: keep one). */
export function mergeHits(outcomes: readonly SearchOutcome[], limit: number): Hit[] {
  const byNumber = new Map<number, Hit>();
  for (const o of outcomes) {
    for (const h of o.hits) {
      const known = byNumber.get(h.number);
      if (!known || h.log10LR > known.log10LR) byNumber.set(h.number, h);
    }
  }
  return [...byNumber.values()].sort((a, b) => b.log10LR - a.log10LR || a.number - b.number).slice(0, limit);
}

/** Counters of one search summed over its shards (times: the slowest shard). */
export function sumStats(outcomes: readonly SearchOutcome[]): ScanStats {
  const total: ScanStats = emptyScanStats();
  for (const o of outcomes) {
    for (const [k, v] of Object.entries(o.stats.ms)) total.ms[k] = Math.max(total.ms[k] ?? 0, v);
    total.rows += o.stats.rows;
    total.screenSurvivors += o.stats.screenSurvivors;
    total.boundSurvivors += o.stats.boundSurvivors;
    total.exactScored += o.stats.exactScored;
    total.unscorable += o.stats.unscorable;
  }
  return total;
}
