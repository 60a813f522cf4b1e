/**
 * Fast kernel: parent–child duo with the other parent untyped (a founder), with mutation and θ.
 * Same model as the general engine (kinship-cases README §2): H1 = the pedigree {parent, untyped
 * other parent, child}; H2 = parent and child unrelated; θ in "joint" mode (one founder sample).
 */
import { baldingNicholsNext } from './balding-nichols';
import type { CompiledLocusModel } from './locus-model';
import type { Sex } from './pedigree';

/**
 * Per-locus LR of a parent–child duo, by allele indices.
 *
 *   LR = [t(c) q̃(d) + t(d) q̃(c)] / P(c, d | parent)      (child heterozygous {c, d})
 *   LR = t(c) q̃(c) / P(c, c | parent)                    (child homozygous)
 *
 * t(x) = ½ (M_s[a][x] + M_s[b][x]) is the typed parent's pass probability (its own sex's matrix);
 * q̃(x) = Σ_z P(z | a, b) M_o[z][x] is the untyped parent's, its one transmitted allele z being the
 * next Balding–Nichols draw after the typed parent's alleles a, b:
 * q̃(x) = [(1 − θ) q_o(x) + θ (M_o[a][x] + M_o[b][x])] / (1 + θ), with q_o = p·M_o (README §2.1).
 * The denominator is the child's genotype drawn after the parent's alleles (m = 2, then 3).
 * At θ = 0 without mutation this is the paternity index 1/(4 p_c) for a shared allele c (child
 * {c,d}, parent {c,e}); with θ it is (1 + 2θ) / (4 (θ + (1 − θ) p_c)) (README §2.3 check).
 */
export function duoLr(
  model: CompiledLocusModel,
  parentSex: Sex,
  parentA: number,
  parentB: number,
  childA: number,
  childB: number,
  theta = 0,
): number {
  const n = model.n;
  const male = parentSex === 'male';
  const ms = male ? model.male : model.female;
  const mo = male ? model.female : model.male;
  const qo = male ? model.qFemale : model.qMale;
  const p = model.freqs;
  // Written out without helper closures: this is the search hot path.
  const tA = 0.5 * (ms[parentA * n + childA]! + ms[parentB * n + childA]!);
  const qA = theta === 0 ? qo[childA]! : ((1 - theta) * qo[childA]! + theta * (mo[parentA * n + childA]! + mo[parentB * n + childA]!)) / (1 + theta);
  const countA = (parentA === childA ? 1 : 0) + (parentB === childA ? 1 : 0);
  const first = baldingNicholsNext(countA, 2, p[childA]!, theta);
  if (childA === childB) return (tA * qA) / (first * baldingNicholsNext(countA + 1, 3, p[childA]!, theta));
  const tB = 0.5 * (ms[parentA * n + childB]! + ms[parentB * n + childB]!);
  const qB = theta === 0 ? qo[childB]! : ((1 - theta) * qo[childB]! + theta * (mo[parentA * n + childB]! + mo[parentB * n + childB]!)) / (1 + theta);
  const countB = (parentA === childB ? 1 : 0) + (parentB === childB ? 1 : 0);
  const second = baldingNicholsNext(countB, 3, p[childB]!, theta);
  return (tA * qB + tB * qA) / (2 * first * second);
}
