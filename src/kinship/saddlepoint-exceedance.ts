/**
 * An estimate (not a bound) of P(LR >= 10^x | H2) from the same per-locus moments as the Chernoff
 * bound: the Bahadur–Rao large-deviation approximation (Bahadur & Rao 1960, Ann. Math. Stat.
 * 31:1015; Daniels 1954, Ann. Math. Stat. 25:631)
 *
 *   P(ln LR >= t) ≈ exp(K(λ*) − λ* t) / (λ* √(2π K''(λ*))),   K(λ) = ln E[LR^λ] = Σ_l ln E[LR_l^λ],
 *
 * λ* the minimiser of K(λ) − λ t, K and K'' read from the moments at λ = k/16 (parabola through
 * the best exponent and its neighbours). Loci can exclude (LR 0 without mutation), so it is applied
 * to the law given that no locus excludes, K_c(λ) = K(λ) − K(0) with K(0) = ln P(no locus
 * excludes), and multiplied back by that probability. It removes the Chernoff bound's polynomial slack, so it is
 * the right summand for an expected number of false candidates; it is never reported above the
 * Chernoff bound, and falls back to that bound when the minimiser sits at the edge of the exponent
 * grid (x beyond the mean log10 LR under H1, or far below it) where the approximation is not used.
 */
import { chernoffExceedance } from './chernoff-exceedance';
import { MOMENT_EXPONENTS } from './log10-lr-moments';

/**
 * The Bahadur–Rao estimate of P(LR >= 10^log10Lr | H2), capped by the Chernoff bound.
 * @param moments per locus, log10LrMoments of its law.
 */
export function saddlepointExceedance(moments: readonly Float64Array[], log10Lr: number): number {
  const bound = chernoffExceedance(moments, log10Lr);
  if (!(bound > 0) || bound >= 1) return bound;
  const k = MOMENT_EXPONENTS.length;
  const h = MOMENT_EXPONENTS[1]! - MOMENT_EXPONENTS[0]!;
  // g(λ) = log10 E[LR^λ | no exclusion] − λ x, in log10 units; g(0) = 0.
  let log10Consistent = 0;
  for (const m of moments) log10Consistent += m[0]!;
  const g = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let sum = -MOMENT_EXPONENTS[j]! * log10Lr;
    for (const m of moments) sum += m[j]! - m[0]!;
    g[j] = sum;
  }
  let best = 0;
  for (let j = 1; j < k; j++) if (g[j]! < g[best]!) best = j;
  if (best === 0 || best === k - 1 || !Number.isFinite(g[best - 1]!) || !Number.isFinite(g[best + 1]!)) return bound;
  const curvature = (g[best + 1]! - 2 * g[best]! + g[best - 1]!) / (h * h);
  if (!(curvature > 0)) return bound;
  const shift = (g[best - 1]! - g[best + 1]!) / (2 * h) / curvature;
  const lambda = MOMENT_EXPONENTS[best]! + shift;
  const minimum = g[best]! - (curvature * shift * shift) / 2;
  // K_c'' in natural units: K_c(λ) = ln 10 · (g(λ) + λ x), so K_c'' = ln 10 · g''.
  const kpp = Math.LN10 * curvature;
  const estimate = 10 ** (log10Consistent + minimum) / (lambda * Math.sqrt(2 * Math.PI * kpp));
  return Math.min(bound, estimate);
}
