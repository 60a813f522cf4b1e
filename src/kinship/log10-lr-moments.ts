/**
 * log10 E[LR^λ | H2] of one locus, for the exponents λ = 0, 1/16, 2/16, ..., 1 and a few above 1
 * (1.25 ... 4): the per-locus factor of the Chernoff bound (chernoff-exceedance.ts). λ = 0 reads
 * LR^0 as 1{LR > 0}, so its moment is P(LR > 0) (the locus is not an exclusion); λ = 1 gives
 * E[LR | H2] = 1 (Turing), so its log10 is 0 up to rounding. The exponents above 1 serve weak
 * families (an uncle, a half sibling, grandparents), whose policy threshold lies beyond the mean
 * log LR under H1: there the minimising λ is above 1 and Turing's 1/t overstates the tail many times.
 */

/** The exponents: λ_k = k / 16 for k = 0..16, then 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4. */
export const MOMENT_EXPONENTS: Float64Array = Float64Array.from([
  ...Array.from({ length: 17 }, (_, k) => k / 16), 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4,
]);

/**
 * log10 Σ_g P(g) · LR_g^λ_k for every exponent of {@link MOMENT_EXPONENTS}. LR_g^(1/16) is four
 * square roots and its powers are products of it (no transcendental function per outcome: this
 * runs for every new family genotype of an index). The powers are built as a tree of
 * depth four (r², r⁴, r⁸ and their products) into sixteen local sums rather than as one chain of
 * sixteen dependent multiplications into an array: the same arithmetic up to rounding, and the
 * processor runs the independent products side by side. LRs are divided by the largest one first,
 * so no power overflows.
 */
export function log10LrMoments(lr: ArrayLike<number>, probability: ArrayLike<number>): Float64Array {
  let top = 0;
  for (let g = 0; g < lr.length; g++) if (probability[g]! > 0 && lr[g]! > top) top = lr[g]!;
  const k = MOMENT_EXPONENTS.length;
  const out = new Float64Array(k);
  if (top === 0) return out.fill(-Infinity);
  const scale = 1 / top;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
  let s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0;
  let t125 = 0, t150 = 0, t175 = 0, t200 = 0, t250 = 0, t300 = 0, t350 = 0, t400 = 0;
  for (let g = 0; g < lr.length; g++) {
    const p = probability[g]!;
    const x = lr[g]!;
    if (!(p > 0) || x === 0) continue;
    const r1 = Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(x * scale))));
    const r2 = r1 * r1;
    const r4 = r2 * r2;
    const r8 = r4 * r4;
    const r3 = r2 * r1;
    const r5 = r4 * r1;
    const r6 = r4 * r2;
    const r7 = r4 * r3;
    s0 += p;
    s1 += p * r1;
    s2 += p * r2;
    s3 += p * r3;
    s4 += p * r4;
    s5 += p * r5;
    s6 += p * r6;
    s7 += p * r7;
    s8 += p * r8;
    s9 += p * r8 * r1;
    s10 += p * r8 * r2;
    s11 += p * r8 * r3;
    s12 += p * r8 * r4;
    s13 += p * r8 * r5;
    s14 += p * r8 * r6;
    s15 += p * r8 * r7;
    const x1 = r8 * r8;
    const x2 = x1 * x1;
    const x3 = x2 * x1;
    s16 += p * x1;
    t125 += p * x1 * r4;
    t150 += p * x1 * r8;
    t175 += p * x1 * r8 * r4;
    t200 += p * x2;
    t250 += p * x2 * r8;
    t300 += p * x3;
    t350 += p * x3 * r8;
    t400 += p * x2 * x2;
  }
  const sums = [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, t125, t150, t175, t200, t250, t300, t350, t400];
  const log10Top = Math.log10(top);
  for (let j = 0; j < k; j++) out[j] = Math.log10(sums[j]!) + MOMENT_EXPONENTS[j]! * log10Top;
  return out;
}
