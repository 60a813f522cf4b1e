/**
 * A rigorous upper bound of P(LR >= 10^x | H2) from per-locus moments alone (Chernoff 1952, Ann.
 * Math. Stat. 23:493): for every λ > 0, Markov's inequality on LR^λ and independence of the
 * loci give P(LR >= t) <= E[LR^λ] / t^λ = Π_l E[LR_l^λ] · t^−λ; λ = 1 is Turing's 1/t (Good 1950),
 * and λ > 1 beats it when t lies beyond the mean LR under H1 (weak families),
 * and λ = 0 (LR^0 read as 1{LR > 0}) is P(no locus excludes), the bound that matters without a
 * mutation model, where an unrelated person is usually excluded somewhere.
 * It costs one addition per locus and exponent, so an index can keep it for every family; it is
 * looser than the grid (unrelated-lr-distribution.ts) by roughly the factor λ σ √(2π L) of the
 * Bahadur–Rao refinement (Bahadur & Rao 1960, Ann. Math. Stat. 31:1015), measured by
 * `npm run bench:calibration`.
 */
import { MOMENT_EXPONENTS } from './log10-lr-moments';

/**
 * min over λ of 10^(Σ_l log10 E[LR_l^λ] − λ x), capped at 1.
 * @param moments per locus, log10LrMoments of its law.
 */
export function chernoffExceedance(moments: readonly Float64Array[], log10Lr: number): number {
  if (Number.isNaN(log10Lr)) return NaN;
  let best = 0;
  for (let j = 0; j < MOMENT_EXPONENTS.length; j++) {
    let sum = -MOMENT_EXPONENTS[j]! * log10Lr;
    for (const m of moments) sum += m[j]!;
    if (sum < best) best = sum;
  }
  return 10 ** best;
}
