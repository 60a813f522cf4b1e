/**
 * Fast kernel: pairwise LR from IBD coefficients κ = (κ0, κ1, κ2) (Thompson 1975; Evett & Weir
 * 1998 ch. 9; Egeland, Kling & Mostad 2015 ch. 2.3), with the Balding–Nichols correction.
 *
 * When it equals the general engine: exactly (to rounding) whenever there is NO mutation, for
 * every relationship of relationships.ts (parent–child, full and half siblings, grandparent,
 * uncle/aunt, first cousins) against "unrelated", at θ = 0 and at θ > 0 in joint mode. With a
 * mutation model the κ form ignores the mutation matrices (it knows nothing of who transmitted
 * what), so it differs from the engine; use duoLr / trioLr / fullSiblingLr / halfSiblingLr there.
 */
import { baldingNicholsNext } from './balding-nichols';
import type { CompiledLocusModel } from './locus-model';
import type { Kappa } from './relationships';

/**
 * LR(A, B) = κ0 + κ1 · P1 / P0 + κ2 · P2 / P0, where, with A's two alleles drawn first,
 *   P0 = P(B | A unrelated): both of B's alleles new Balding–Nichols draws (m = 2, 3);
 *   P1 = P(B | one allele IBD): ½ Σ over A's alleles s of P(B = {s, new draw}) (m = 2);
 *   P2 = P(B | two alleles IBD) = [B = A].
 * At θ = 0 this gives, e.g., for full siblings A = B = {a, b}: (1 + p_a + p_b + 2 p_a p_b) / (8 p_a p_b).
 * The frequencies are the model's; its mutation matrices are not used.
 */
export function kappaLr(
  model: CompiledLocusModel,
  kappa: Kappa,
  a1: number,
  a2: number,
  b1: number,
  b2: number,
  theta = 0,
): number {
  const p = model.freqs;
  // Written out without helper closures: this is the search hot path.
  const countB1 = (a1 === b1 ? 1 : 0) + (a2 === b1 ? 1 : 0);
  const countB2 = (a1 === b2 ? 1 : 0) + (a2 === b2 ? 1 : 0);
  const nextB1 = baldingNicholsNext(countB1, 2, p[b1]!, theta);
  let p0: number;
  let p1: number;
  if (b1 !== b2) {
    const nextB2 = baldingNicholsNext(countB2, 2, p[b2]!, theta);
    p0 = 2 * nextB1 * baldingNicholsNext(countB2, 3, p[b2]!, theta);
    // ½ Σ over A's alleles s: [s = b1] P(b2 new) + [s = b2] P(b1 new).
    p1 = 0.5 * (countB1 * nextB2 + countB2 * nextB1);
  } else {
    p0 = nextB1 * baldingNicholsNext(countB1 + 1, 3, p[b1]!, theta);
    p1 = 0.5 * countB1 * nextB1;
  }
  const sameGenotype = (a1 === b1 && a2 === b2) || (a1 === b2 && a2 === b1);
  return kappa[0] + (kappa[1] * p1) / p0 + (sameGenotype ? kappa[2] / p0 : 0);
}
