/**
 * The probability that an unrelated found person meets a family's search policy: the summand of
 * a candidate list's expected number of false candidates (the sum over the searched records).
 */
import type { LrExceedance } from './create-unrelated-lr-calibrator';

/** The parts of a search policy that decide whether a score is a candidate. */
export interface CandidatePolicy {
  readonly thresholdLr: number;
  readonly minLociCompared: number;
}

/**
 * P(LR >= thresholdLr and loci compared >= minLociCompared | unrelated), an upper bound.
 *
 * - Loci compared: for a fully typed found person it is the distribution's `lociCompared`, a
 *   constant, so that part is exact (0 when too few loci can be compared).
 * - Inconsistent loci (the policy's `maxInconsistentLoci`) are not conditioned on: the policy
 *   needs LR >= threshold AND few inconsistencies, so P(LR >= threshold) bounds it from above.
 *   Without a mutation model an inconsistent locus has LR 0 (README §2.2), so any LR >= threshold
 *   already has none and the bound is exact; with one, an inconsistent locus costs a factor of
 *   about the mutation rate, and unrelated persons that pass the threshold with more
 *   inconsistencies than allowed are rare, so the bound is close.
 * - The LR part is the distribution's exceedance, itself an upper bound (grid and Turing for an
 *   UnrelatedLrDistribution, Chernoff for a calibrator's `bound`).
 * @throws RangeError for a threshold that is not a positive number.
 */
export function probabilityMeetingPolicy(distribution: LrExceedance, policy: CandidatePolicy): number {
  if (!(policy.thresholdLr > 0)) throw new RangeError(`thresholdLr must be > 0, got ${policy.thresholdLr}`);
  if (distribution.lociCompared < policy.minLociCompared) return 0;
  return distribution.exceedance(Math.log10(policy.thresholdLr));
}
