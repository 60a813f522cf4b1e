/**
 * An estimate (not a bound) of P(LR >= 10^x | H2) from the same per-locus moments as the Chernoff
 * bound: the Bahadur–Rao large-deviation approximation (Bahadur & Rao 1960, Ann. Math. Stat.
 * 31:1015; Daniels 1954, Ann. Math. Stat. 25:631)
 *
 *   P(ln LR >= t) ≈ exp(K(λ*) − λ* t) / (λ* √(2π K''(λ*))),   K(λ) = ln E[LR^λ] = Σ_l ln E[LR_l^λ],
 *
 * λ* the minimiser of K(λ) − λ t, K and K'' read from the moments at the exponents of
 * log10-lr-moments.ts (parabola through the best exponent and its neighbours). Loci can exclude (LR 0 without mutation), so it is applied
 * to the law given that no locus excludes, K_c(λ) = K(λ) − K(0) with K(0) = ln P(no locus
 * excludes), and multiplied back by that probability. It removes the Chernoff bound's polynomial slack, so it is
 * the right summand for an expected number of false candidates; it is never reported above the
 * Chernoff bound. A threshold beyond the mean log LR under H1 (weak families such as an uncle or
 * a half sibling at 10,000) has λ* > 1, read from the exponents above 1 (without them the estimate
 * was Turing's bound there, about 50 times the exact tail for an uncle on 29 loci); past the last
 * exponent by up to 0.5 it is read from the parabola through the last three, and further out, or
 * at λ = 0 (x at or below the mean under H2), it falls back to the bound.
 */
import { chernoffExceedance } from './chernoff-exceedance';
import { MOMENT_EXPONENTS } from './log10-lr-moments';

/** How far past the last exponent λ* is read from the parabola. */
const MAX_EXTRAPOLATION = 0.5;

/**
 * The Bahadur–Rao estimate of P(LR >= 10^log10Lr | H2), capped by the Chernoff bound.
 * @param moments per locus, log10LrMoments of its law.
 */
export function saddlepointExceedance(moments: readonly Float64Array[], log10Lr: number): number {
  const bound = chernoffExceedance(moments, log10Lr);
  if (!(bound > 0) || bound >= 1) return bound;
  const k = MOMENT_EXPONENTS.length;
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
  // The parabola through the best exponent and its neighbours (the exponents are not evenly
  // spaced above 1); when the best is the last exponent, through it and the two below, read up to
  // MAX_EXTRAPOLATION beyond it.
  const centre = best === k - 1 ? k - 2 : best;
  const [a, b, c] = [MOMENT_EXPONENTS[centre - 1]!, MOMENT_EXPONENTS[centre]!, MOMENT_EXPONENTS[centre + 1]!];
  const [ga, gb, gc] = [g[centre - 1]!, g[centre]!, g[centre + 1]!];
  if (!Number.isFinite(ga) || !Number.isFinite(gc)) return bound;
  const below = (gb - ga) / (b - a);
  const above = (gc - gb) / (c - b);
  const curvature = (2 * (above - below)) / (c - a);
  if (!(curvature > 0)) return bound;
  const slope = below + ((above - below) / (c - a)) * (b - a);
  const lambda = b - slope / curvature;
  if (!(lambda > 0) || lambda > MOMENT_EXPONENTS[k - 1]! + MAX_EXTRAPOLATION) return bound;
  const minimum = gb - (slope * slope) / (2 * curvature);
  // K_c'' in natural units: K_c(λ) = ln 10 · (g(λ) + λ x), so K_c'' = ln 10 · g''.
  const kpp = Math.LN10 * curvature;
  const estimate = 10 ** (log10Consistent + minimum) / (lambda * Math.sqrt(2 * Math.PI * kpp));
  return Math.min(bound, estimate);
}
