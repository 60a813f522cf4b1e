/**
 * log10 E[LR^λ | H2] of one locus, for the exponents λ = 0, 1/16, 2/16, ..., 1: the per-locus
 * factor of the Chernoff bound (chernoff-exceedance.ts). λ = 0 reads LR^0 as 1{LR > 0}, so its
 * moment is P(LR > 0) (the locus is not an exclusion); λ = 1 gives E[LR | H2] = 1 (Turing), so
 * its log10 is 0 up to rounding.
 */

/** The exponents λ_k = k / 16, k = 0..16. */
export const MOMENT_EXPONENTS: Float64Array = Float64Array.from({ length: 17 }, (_, k) => k / 16);

/**
 * log10 Σ_g P(g) · LR_g^λ_k for every exponent of {@link MOMENT_EXPONENTS}. LR_g^(1/16) is four
 * square roots and its powers are repeated multiplications (no transcendental function per
 * outcome: this runs for every new family genotype of an index); LRs are divided by the largest
 * one first, so no power overflows.
 */
export function log10LrMoments(lr: ArrayLike<number>, probability: ArrayLike<number>): Float64Array {
  let top = 0;
  for (let g = 0; g < lr.length; g++) if (probability[g]! > 0 && lr[g]! > top) top = lr[g]!;
  const k = MOMENT_EXPONENTS.length;
  const out = new Float64Array(k);
  if (top === 0) return out.fill(-Infinity);
  const sums = new Float64Array(k);
  const steps = k - 1;
  for (let g = 0; g < lr.length; g++) {
    const p = probability[g]!;
    const x = lr[g]!;
    if (!(p > 0) || x === 0) continue;
    const root = Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(x / top))));
    let power = 1;
    sums[0] = sums[0]! + p;
    for (let j = 1; j <= steps; j++) {
      power *= root;
      sums[j] = sums[j]! + p * power;
    }
  }
  const log10Top = Math.log10(top);
  for (let j = 0; j < k; j++) out[j] = Math.log10(sums[j]!) + MOMENT_EXPONENTS[j]! * log10Top;
  return out;
}
