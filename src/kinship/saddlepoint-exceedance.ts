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
 * Chernoff bound. When the minimiser lies just past λ = 1 (x beyond the mean log LR under H1: weak
 * families such as an uncle or a half sibling at a threshold of 10,000) it is read from the parabola
 * through the last three exponents, up to λ* = 1.25; further out, or at λ = 0 (x at or below the
 * mean under H2), it falls back to the bound.
 */
import { chernoffExceedance } from './chernoff-exceedance';
import { MOMENT_EXPONENTS } from './log10-lr-moments';

/** The largest λ* read from the parabola past the last moment (λ = 1): a quarter of the range beyond it. */
const MAX_EXTRAPOLATED_LAMBDA = 1.25;

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
  if (best === 0) return bound;
  // The parabola through the best exponent and its neighbours; when the best is λ = 1, through it
  // and the two below, read beyond it: λ* > 1 means a threshold above the mean log LR under H1,
  // where the Chernoff bound (Turing's 1/t at λ = 1) overstates the tail by the factor
  // λ* √(2π K''), the same as inside the grid. Only a short reach past 1 is trusted.
  const centre = best === k - 1 ? k - 2 : best;
  const [left, middle, right] = [g[centre - 1]!, g[centre]!, g[centre + 1]!];
  if (!Number.isFinite(left) || !Number.isFinite(right)) return bound;
  const curvature = (right - 2 * middle + left) / (h * h);
  if (!(curvature > 0)) return bound;
  const shift = (left - right) / (2 * h) / curvature;
  const lambda = MOMENT_EXPONENTS[centre]! + shift;
  if (!(lambda > 0) || lambda > MAX_EXTRAPOLATED_LAMBDA) return bound;
  const minimum = middle - (curvature * shift * shift) / 2;
  // K_c'' in natural units: K_c(λ) = ln 10 · (g(λ) + λ x), so K_c'' = ln 10 · g''.
  const kpp = Math.LN10 * curvature;
  const estimate = 10 ** (log10Consistent + minimum) / (lambda * Math.sqrt(2 * Math.PI * kpp));
  return Math.min(bound, estimate);
}
