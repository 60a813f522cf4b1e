/**
 * Fast kernels: full and half siblings WITH mutation, in closed form (θ = 0), the same model as
 * the general engine (kinship-cases README §2.1) on the pedigrees of relationships.ts.
 *
 * Two children of the same untyped founder parent receive that parent's alleles z1, z2 (i.i.d. p):
 * with probability ½ both get the same one, else different ones, and each transmission mutates
 * with the parent's matrix M. So their (pre-typing) alleles from that parent have the joint law
 *
 *   J(x, y) = ½ Σ_z p_z M[z][x] M[z][y] + ½ q(x) q(y),   q = p·M,
 *
 * and the paternal and maternal sides are independent. Summing over which allele of each child
 * came from which parent gives the likelihood in O(n) per locus.
 */
import type { CompiledLocusModel } from './locus-model';
import type { Sex } from './pedigree';

/**
 * Per-locus LR of full siblings vs unrelated with the model's mutation matrices:
 * L1 = Σ_{orderings (x_f, x_m) of A, (y_f, y_m) of B} J_male(x_f, y_f) · J_female(x_m, y_m);
 * LR = L1 / (P(A) P(B)) with Hardy–Weinberg P. Without mutation it equals kappaLr with (¼, ½, ¼).
 */
export function fullSiblingLr(model: CompiledLocusModel, a1: number, a2: number, b1: number, b2: number): number {
  // Loops over the (at most two) orderings of each genotype, without helper closures (hot path).
  let l1 = 0;
  for (let i = 0; i < (a1 === a2 ? 1 : 2); i++) {
    const xf = i === 0 ? a1 : a2;
    const xm = i === 0 ? a2 : a1;
    for (let j = 0; j < (b1 === b2 ? 1 : 2); j++) {
      const yf = j === 0 ? b1 : b2;
      const ym = j === 0 ? b2 : b1;
      l1 +=
        sharedParentJoint(model, model.male, model.qMale, model.maleIsIdentity, xf, yf) *
        sharedParentJoint(model, model.female, model.qFemale, model.femaleIsIdentity, xm, ym);
    }
  }
  return l1 / (hw(model, a1, a2) * hw(model, b1, b2));
}

/**
 * Per-locus LR of half siblings (sharing a parent of sex `sharedParentSex`) vs unrelated, with
 * mutation: each child's other allele comes from its own untyped parent of the other sex (q_o):
 * L1 = Σ_{orderings (x_s, x_o) of A, (y_s, y_o) of B} J_s(x_s, y_s) q_o(x_o) q_o(y_o).
 */
export function halfSiblingLr(model: CompiledLocusModel, sharedParentSex: Sex, a1: number, a2: number, b1: number, b2: number): number {
  const male = sharedParentSex === 'male';
  const ms = male ? model.male : model.female;
  const qs = male ? model.qMale : model.qFemale;
  const identity = male ? model.maleIsIdentity : model.femaleIsIdentity;
  const qo = male ? model.qFemale : model.qMale;
  let l1 = 0;
  for (let i = 0; i < (a1 === a2 ? 1 : 2); i++) {
    const xs = i === 0 ? a1 : a2;
    const xo = i === 0 ? a2 : a1;
    for (let j = 0; j < (b1 === b2 ? 1 : 2); j++) {
      const ys = j === 0 ? b1 : b2;
      const yo = j === 0 ? b2 : b1;
      l1 += sharedParentJoint(model, ms, qs, identity, xs, ys) * qo[xo]! * qo[yo]!;
    }
  }
  return l1 / (hw(model, a1, a2) * hw(model, b1, b2));
}

/** J(x, y) = ½ Σ_z p_z M[z][x] M[z][y] + ½ q(x) q(y). */
function sharedParentJoint(model: CompiledLocusModel, m: Float64Array, q: Float64Array, identity: boolean, x: number, y: number): number {
  const p = model.freqs;
  const n = model.n;
  let same = 0;
  if (identity) same = x === y ? p[x]! : 0;
  else for (let z = 0; z < n; z++) same += p[z]! * m[z * n + x]! * m[z * n + y]!;
  return 0.5 * same + 0.5 * q[x]! * q[y]!;
}

function hw(model: CompiledLocusModel, a: number, b: number): number {
  const p = model.freqs;
  return a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!;
}
