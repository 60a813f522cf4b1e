/**
 * Balding–Nichols sequential sampling formula (Balding & Nichols 1994, FSI 64:125; NRC II 1996
 * eq. 4.10; kinship-cases README §2.3): after m alleles of a subpopulation sample, n_a of them a,
 * the next allele is a with probability (n_a θ + (1 − θ) p_a) / (1 + (m − 1) θ).
 */

/** Probability that the next allele is `a` given `countA` earlier copies of it among `drawn` alleles. */
export function baldingNicholsNext(countA: number, drawn: number, pA: number, theta: number): number {
  return (countA * theta + (1 - theta) * pA) / (1 + (drawn - 1) * theta);
}

/**
 * Probability of the unordered genotype {a, b} drawn next, after `drawn` alleles of which
 * `countA` are a and `countB` are b (both orders counted for a heterozygote). With drawn = 0 and
 * θ = 0 this is Hardy–Weinberg: p_a² or 2 p_a p_b.
 */
export function baldingNicholsGenotype(
  a: number,
  b: number,
  countA: number,
  countB: number,
  drawn: number,
  pA: number,
  pB: number,
  theta: number,
): number {
  const first = baldingNicholsNext(countA, drawn, pA, theta);
  if (a === b) return first * baldingNicholsNext(countA + 1, drawn + 1, pA, theta);
  return 2 * first * baldingNicholsNext(countB, drawn + 1, pB, theta);
}
