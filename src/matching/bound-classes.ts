/**
 * Upper bounds of the per-locus LR of a family without a Mendelian screen, by POI genotype class,
 * stored in one byte each.
 *
 * Classes. A family with S typed slots has 2S allele positions (slot s: its smaller allele at 2s,
 * the larger at 2s + 1; an untyped slot has none). The state of a POI allele x is the first
 * position holding x, else 2S ("unseen, common": frequency >= RARE_FREQUENCY) or 2S + 1 ("unseen,
 * rare"). The class of a POI genotype {x, y} is the unordered pair of the two states. Every POI
 * genotype falls in exactly one class, computed the same way from the family's codes at index time
 * and at query time.
 *
 * Bound. At index time the exact LR of EVERY POI genotype g is computed (one table per locus,
 * kinship createMissingPersonLocusScorer(...).table, θ = 0), and class k stores
 * B_k = max over the g in class k of LR(g), rounded UP on the stored scale. So for the query's
 * genotype g_l at each locus, LR_l(g_l) <= B_{class(g_l)}, and since the multi-locus LR is the
 * product over unlinked loci (README §2.2), LR = Π_l LR_l(g_l) <= Π_l B_l: a family whose bound
 * product is below the threshold cannot reach it, and every other family is scored exactly.
 * (A locus where the POI is untyped has LR exactly 1 and is left out of both.)
 *
 * Why these classes: without mutation the LR of a genotype with an allele no relative carries does
 * not depend on which such allele it is (its frequency cancels), so the classes are exact there;
 * with mutation an unseen allele next to a relative's allele gains probability μ·w / p, which
 * matters only for rare alleles — hence the rare class, which keeps the common classes tight.
 *
 * Scale: level = ceil(8 (log2 LR + 16)) clipped to 0…254 (level 0 also holds every LR below 2^-16,
 * still an upper bound); 255 means "unbounded" (LR above 2^15.75). One step is 2^(1/8) ≈ 1.09.
 */

/** Unseen alleles rarer than this get their own class (see the module comment). */
export const RARE_FREQUENCY = 0.02;

const STEPS_PER_BIT = 8;
const OFFSET_BITS = 16;
export const UNBOUNDED_LEVEL = 255;

/** log2 of the bound of each level (255: +∞). */
export const LEVEL_LOG2: Float64Array = (() => {
  const out = new Float64Array(256);
  for (let i = 0; i < 255; i++) out[i] = i / STEPS_PER_BIT - OFFSET_BITS;
  out[255] = Infinity;
  return out;
})();

/** Number of classes for S typed slots: unordered pairs of 2S + 2 states. */
export function boundClassCount(slots: number): number {
  const states = 2 * slots + 2;
  return (states * (states + 1)) / 2;
}

/** Class of the state pair (order-free). */
export function classOfStates(s1: number, s2: number): number {
  return s1 <= s2 ? (s2 * (s2 + 1)) / 2 + s1 : (s1 * (s1 + 1)) / 2 + s2;
}

/** The smallest level whose bound is >= lr (an upward rounding). */
export function levelAtLeast(lr: number): number {
  if (!(lr > 0)) return 0;
  if (lr === Infinity || Number.isNaN(lr)) return UNBOUNDED_LEVEL;
  let level = Math.ceil(STEPS_PER_BIT * (Math.log2(lr) + OFFSET_BITS));
  if (level < 0) return 0;
  // Guard the rounding of log2: the stored bound must not fall below lr.
  while (level < UNBOUNDED_LEVEL && 2 ** LEVEL_LOG2[level]! < lr) level++;
  return level > 254 ? UNBOUNDED_LEVEL : level;
}

/**
 * State of allele x for a family whose allele positions are `positions` (2 per slot, -1 untyped).
 * @param rare true when x's frequency is below RARE_FREQUENCY.
 */
export function alleleState(x: number, positions: ArrayLike<number>, rare: boolean): number {
  const n = positions.length;
  for (let j = 0; j < n; j++) if (positions[j] === x) return j;
  return rare ? n + 1 : n;
}
