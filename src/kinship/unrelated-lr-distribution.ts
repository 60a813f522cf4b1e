/**
 * The law of a reference family's missing-person LR (H1: the found person is the missing member;
 * H2: unrelated) when the found person is in fact unrelated, drawn from the frequency table: exact
 * per locus (unrelated-locus-lrs.ts), convolved over independent loci on a log10 grid rounded up
 * (bin-log10-lrs.ts, convolve-log10-lrs.ts), read as an upper bound capped by Turing's 1/LR
 * (exceedance-distribution.ts). The method is that of DNAprofiles' `ki.cdf` / `dists.product` for
 * pairs (M. Kruijver, github.com/mkruijver/DNAprofiles; Kruijver 2015, "Efficient computations
 * with the likelihood ratio distribution", FSI: Genetics 14:116), applied to a whole pedigree.
 */
import { createUnrelatedLrCalibrator, type UnrelatedLrOptions } from './create-unrelated-lr-calibrator';
import type { UnrelatedLrDistribution } from './exceedance-distribution';
import type { CompiledLocusModel } from './locus-model';
import type { CompiledPedigree } from './pedigree';

/**
 * One family's distribution (for many families of one shape use createUnrelatedLrCalibrator).
 * @param genotypes per locus, two allele indices per pedigree member (-1 untyped; `missing` untyped).
 * @throws RangeError for a step <= 0, a locus count differing from `models`, or a family whose
 *   relatives alone are impossible (every LR 0 / 0, e.g. inconsistent without mutation); KinshipLimitError
 *   past the θ founder limits.
 */
export function unrelatedLrDistribution(
  pedigree: CompiledPedigree,
  missing: number,
  models: readonly CompiledLocusModel[],
  genotypes: readonly Int32Array[],
  options: UnrelatedLrOptions = {},
): UnrelatedLrDistribution {
  return createUnrelatedLrCalibrator(pedigree, missing, models, { ...options, cachePerLocus: 0 }).distribution(genotypes);
}
