/**
 * Upper bounds of the per-locus LR of a family without a Mendelian screen, by POI genotype class,
 * stored in one byte each.
 *
 * Classes. A family with S typed slots has 2S allele positions (slot s: its smaller allele at 2s,
 * the larger at 2s + 1; an untyped slot has none). The state of a POI allele x is the first
 * position holding x, else 2S ("unseen"). The class of a POI genotype {x, y} is the unordered pair
 * of the two states. Every POI genotype falls in exactly one class, computed the same way from the
 * family's codes at index time and at query time.
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
 * with mutation an unseen allele next to a relative's allele gains probability μ·w / p, so the
 * bound of an unseen class is the largest over those alleles. (A separate class for rare unseen
 * alleles was measured: it changed the survivors of a million-family search by a few percent and
 * cost 6 bytes per locus, so it is not kept.)
 *
 * Inconsistency flag: without mutation, whether a POI genotype is Mendelian-consistent with the
 * family depends only on which of its alleles the relatives carry (unseen alleles behave alike),
 * so a class is either wholly consistent or wholly inconsistent (L1 = 0 without mutation: the
 * engine's 'mutation' or 'excluded' status). The top bit of the byte marks inconsistent classes,
 * and the search counts them like the Mendelian screen of families with a typed parent: a family
 * past the policy's allowed number of inconsistent loci is dropped (the same policy the exact
 * scorer applies), which ends most families' scans after a few loci.
 *
 * Scale (the low 7 bits): level = ceil(5 (log2 LR + 12)) clipped to 0…126 (level 0 also holds
 * every LR below 2^-12, still an upper bound); 127 means "unbounded" (LR above 2^13.2). One step
 * is 2^(1/5) ≈ 1.15.
 */

const STEPS_PER_BIT = 5;
const OFFSET_BITS = 12;
export const UNBOUNDED_LEVEL = 127;
/** The top bit of a stored byte: the class is Mendelian-inconsistent. */
export const INCONSISTENT = 0x80;

/** log2 of the bound of each stored byte (its low 7 bits; 127: +∞). */
export const LEVEL_LOG2: Float64Array = (() => {
  const out = new Float64Array(256);
  for (let i = 0; i < 256; i++) {
    const level = i & 0x7f;
    out[i] = level === UNBOUNDED_LEVEL ? Infinity : level / STEPS_PER_BIT - OFFSET_BITS;
  }
  return out;
})();

/** Number of classes for S typed slots: unordered pairs of 2S + 1 states. */
export function boundClassCount(slots: number): number {
  const states = 2 * slots + 1;
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
  return level >= UNBOUNDED_LEVEL ? UNBOUNDED_LEVEL : level;
}

/** State of allele x for a family whose allele positions are `positions` (2 per slot, -1 untyped). */
export function alleleState(x: number, positions: ArrayLike<number>): number {
  const n = positions.length;
  for (let j = 0; j < n; j++) if (positions[j] === x) return j;
  return n;
}
