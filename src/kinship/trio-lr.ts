/**
 * Fast kernel: father–mother–child trio with both parents typed, with mutation and θ.
 * Same model as the general engine (kinship-cases README §2): H1 = child of the two typed
 * parents; H2 = child unrelated to them; θ in "joint" mode.
 */
import { baldingNicholsNext } from './balding-nichols';
import type { CompiledLocusModel } from './locus-model';

/**
 * Per-locus LR of a trio, by allele indices.
 *
 *   LR = [t_f(c) t_m(d) + t_f(d) t_m(c)] / P(c, d | four parental alleles)   (child {c, d})
 *   LR = t_f(c) t_m(c) / P(c, c | four parental alleles)                     (child {c, c})
 *
 * with t_f(x) = ½ (M_male[f1][x] + M_male[f2][x]) and t_m with the female matrix; the denominator
 * draws the child's alleles after the parents' four (Balding–Nichols, m = 4 then 5). At θ = 0
 * without mutation, a child {a, b} of a father {a, a} and a mother {b, c} gets
 * P(child | parents) / (2 p_a p_b) = ½ / (2 p_a p_b) = 1 / (4 p_a p_b) (Evett & Weir 1998, ch. 9).
 */
export function trioLr(
  model: CompiledLocusModel,
  fatherA: number,
  fatherB: number,
  motherA: number,
  motherB: number,
  childA: number,
  childB: number,
  theta = 0,
): number {
  const n = model.n;
  const mm = model.male;
  const mf = model.female;
  const p = model.freqs;
  // Written out without helper closures: this is the search hot path.
  const countA = (fatherA === childA ? 1 : 0) + (fatherB === childA ? 1 : 0) + (motherA === childA ? 1 : 0) + (motherB === childA ? 1 : 0);
  const first = baldingNicholsNext(countA, 4, p[childA]!, theta);
  const tfA = 0.5 * (mm[fatherA * n + childA]! + mm[fatherB * n + childA]!);
  const tmA = 0.5 * (mf[motherA * n + childA]! + mf[motherB * n + childA]!);
  if (childA === childB) return (tfA * tmA) / (first * baldingNicholsNext(countA + 1, 5, p[childA]!, theta));
  const countB = (fatherA === childB ? 1 : 0) + (fatherB === childB ? 1 : 0) + (motherA === childB ? 1 : 0) + (motherB === childB ? 1 : 0);
  const second = baldingNicholsNext(countB, 5, p[childB]!, theta);
  const tfB = 0.5 * (mm[fatherA * n + childB]! + mm[fatherB * n + childB]!);
  const tmB = 0.5 * (mf[motherA * n + childB]! + mf[motherB * n + childB]!);
  return (tfA * tmB + tfB * tmA) / (2 * first * second);
}
