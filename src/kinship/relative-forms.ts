/**
 * Closed forms of the non-separable missing-person families (missing-person-structure.ts), θ = 0
 * unless stated (M_s the sex-specific matrices, q_s = p·M_s, J and P3 as in locus-kernels.ts, v a
 * pass vector, pass-vectors.ts):
 *
 * - fullSibling S:      LR = Σ_ord(g) Σ_ord(S) J_FA(x_p, s_p) J_MO(x_m, s_m) / (HW(g) Σ_ord(S) v_FA(s_p) v_MO(s_m));
 *                       a typed parent u has J_u = t_u t_uᵀ and v_u = t_u, t_u = ½ (M_s[u1] + M_s[u2])
 *                       (its two meioses are independent given its genotype; P(u) cancels)
 * - fullSiblingPair:    as above with P3 of the three children (founder parents) over J of the pair.
 * - childDuo (missing founder M of sex s, child C with O):
 *                       LR = Σ_ord(C) t_g(c_M) v_O(c_O) / Σ_ord(C) q_s(c_M) v_O(c_O), t_g = ½ (M_s[g1] + M_s[g2])
 *   (under H2 the child's allele from the untyped founder M is q_s, not p: kinship-cases README §2.1).
 * - thetaTrio / thetaDuo (θ ≥ 0): trioLr / duoLr (trio-lr.ts, duo-lr.ts).
 */
import * as closedForms from './closed-form';
import type { ClosedForm } from './closed-form';
import { duoLr } from './duo-lr';
import type { LocusKernels } from './locus-kernels';
import type { CompiledLocusModel } from './locus-model';
import { memberSiblingJoint, passVector } from './pass-vectors';
import type { CompiledPedigree, Sex } from './pedigree';
import { trioLr } from './trio-lr';

// Bound once: a bundler may compile an imported binding to a getter read on every use.
const { pairIndex } = closedForms;

export function fullSiblingForm(
  ped: CompiledPedigree, father: number, mother: number, sib: number, k: LocusKernels, typedParents: { father: boolean; mother: boolean } = { father: false, mother: false },
): ClosedForm {
  const n = k.n;
  const jF = typedParents.father ? new Float64Array(n * n) : memberSiblingJoint(ped, father, k);
  const jM = typedParents.mother ? new Float64Array(n * n) : memberSiblingJoint(ped, mother, k);
  const vF = typedParents.father ? new Float64Array(n) : passVector(ped, father, k);
  const vM = typedParents.mother ? new Float64Array(n) : passVector(ped, mother, k);
  const hw = k.model.genotypeFreqs;
  /**
   * A typed parent u passes x with t_u(x) = ½ (M[u1][x] + M[u2][x]) to each child independently
   * (separate meioses given u), so its J is the outer product t_u t_uᵀ and its pass vector t_u;
   * they are refilled from the parent's genotype before each evaluation.
   */
  const setTypedParents = (g: Int32Array): void => {
    if (typedParents.father) typedParentKernels(k.matrix('male'), g[2 * father]!, g[2 * father + 1]!, n, vF, jF);
    if (typedParents.mother) typedParentKernels(k.matrix('female'), g[2 * mother]!, g[2 * mother + 1]!, n, vM, jM);
  };
  const l1Of = (a: number, b: number, x: number, y: number): number => {
    // Σ over the sibling's two orderings (s_p, s_m) of J_FA(x, s_p) J_MO(y, s_m).
    const t = jF[x * n + a]! * jM[y * n + b]!;
    return a === b ? t : t + jF[x * n + b]! * jM[y * n + a]!;
  };
  const relative = (c: number, d: number, out: Float64Array): void => {
    const h = hw[pairIndex(c, d)]!;
    for (let b = 0; b < n; b++) {
      for (let a = 0; a <= b; a++) {
        const ps = a === b ? vF[a]! * vM[a]! : vF[a]! * vM[b]! + vF[b]! * vM[a]!;
        const l1 = c === d ? l1Of(a, b, c, c) : l1Of(a, b, c, d) + l1Of(a, b, d, c);
        out[(b * (b + 1)) / 2 + a] = l1 / (ps * h);
      }
    }
  };
  return {
    // The sibling's table for a POI: only when the sibling is the one typed member.
    ...(typedParents.father || typedParents.mother ? {} : { relative }),
    pair(g, c, d, out) {
      setTypedParents(g);
      const a = g[2 * sib]!;
      const b = g[2 * sib + 1]!;
      const ps = a === b ? vF[a]! * vM[a]! : vF[a]! * vM[b]! + vF[b]! * vM[a]!;
      out[0] = c === d ? l1Of(a, b, c, c) : l1Of(a, b, c, d) + l1Of(a, b, d, c);
      out[1] = ps * hw[pairIndex(c, d)]!;
    },
    all(g, l1, l2) {
      setTypedParents(g);
      const a = g[2 * sib]!;
      const b = g[2 * sib + 1]!;
      const ps = a === b ? vF[a]! * vM[a]! : vF[a]! * vM[b]! + vF[b]! * vM[a]!;
      for (let d = 0; d < n; d++) {
        for (let c = 0; c <= d; c++) {
          const i = pairIndex(c, d);
          l1[i] = c === d ? l1Of(a, b, c, c) : l1Of(a, b, c, d) + l1Of(a, b, d, c);
          l2[i] = ps * hw[i]!;
        }
      }
    },
  };
}

/** A typed parent {u1, u2}'s transmission t (into `pass`) and its two-children joint t tᵀ (into `joint`), under mutation matrix M. */
function typedParentKernels(m: Float64Array, u1: number, u2: number, n: number, pass: Float64Array, joint: Float64Array): void {
  for (let x = 0; x < n; x++) pass[x] = 0.5 * (m[u1 * n + x]! + m[u2 * n + x]!);
  for (let x = 0; x < n; x++) {
    const tx = pass[x]!;
    for (let y = 0; y < n; y++) joint[x * n + y] = tx * pass[y]!;
  }
}

export function fullSiblingPairForm(sibs: readonly [number, number], k: LocusKernels): ClosedForm {
  const n = k.n;
  const tm = k.sameCopyTriple('male');
  const tf = k.sameCopyTriple('female');
  const km = k.sameCopyPair('male');
  const kf = k.sameCopyPair('female');
  const qm = k.founderPass('male');
  const qf = k.founderPass('female');
  const jm = k.founderSiblingJoint('male');
  const jf = k.founderSiblingJoint('female');
  const hw = k.model.genotypeFreqs;
  const p3 = (t: Float64Array, kk: Float64Array, q: Float64Array, x: number, y: number, w: number): number =>
    0.25 * (t[(x * n + y) * n + w]! + kk[x * n + y]! * q[w]! + kk[x * n + w]! * q[y]! + q[x]! * kk[y * n + w]!);
  const s1 = sibs[0];
  const s2 = sibs[1];
  /**
   * The siblings' genotypes as (paternal, maternal) allele pairs, every combination of both
   * siblings' orderings (one ordering for a homozygote): [p1, m1, p2, m2] each, read once per family.
   */
  const orderingsOf = (g: Int32Array): Array<readonly [number, number, number, number]> => {
    const a1 = g[2 * s1]!;
    const b1 = g[2 * s1 + 1]!;
    const a2 = g[2 * s2]!;
    const b2 = g[2 * s2 + 1]!;
    const out: Array<readonly [number, number, number, number]> = [];
    for (let i = 0; i < (a1 === b1 ? 1 : 2); i++) {
      for (let j = 0; j < (a2 === b2 ? 1 : 2); j++) out.push([i === 0 ? a1 : b1, i === 0 ? b1 : a1, j === 0 ? a2 : b2, j === 0 ? b2 : a2]);
    }
    return out;
  };
  /** Σ over the orderings of P3_m(x, p1, p2) P3_f(y, m1, m2). */
  const l1Of = (orderings: ReturnType<typeof orderingsOf>, x: number, y: number): number => {
    let sum = 0;
    for (const [p1, m1, p2, m2] of orderings) sum += p3(tm, km, qm, x, p1, p2) * p3(tf, kf, qf, y, m1, m2);
    return sum;
  };
  /** P(siblings) under H2: Σ over the orderings of J_m(p1, p2) J_f(m1, m2). */
  const pairOf = (orderings: ReturnType<typeof orderingsOf>): number => {
    let sum = 0;
    for (const [p1, m1, p2, m2] of orderings) sum += jm[p1 * n + p2]! * jf[m1 * n + m2]!;
    return sum;
  };
  return {
    pair(g, c, d, out) {
      const orderings = orderingsOf(g);
      out[0] = c === d ? l1Of(orderings, c, c) : l1Of(orderings, c, d) + l1Of(orderings, d, c);
      out[1] = pairOf(orderings) * hw[pairIndex(c, d)]!;
    },
    all(g, l1, l2) {
      // L1(c, d) = Σ over the siblings' orderings o of u_o(c) w_o(d) (+ the swap): vectors first.
      const orderings = orderingsOf(g);
      const ps = pairOf(orderings);
      const us: Float64Array[] = [];
      const ws: Float64Array[] = [];
      for (const [p1, m1, p2, m2] of orderings) {
        const u = new Float64Array(n);
        const w = new Float64Array(n);
        for (let x = 0; x < n; x++) {
          u[x] = p3(tm, km, qm, x, p1, p2);
          w[x] = p3(tf, kf, qf, x, m1, m2);
        }
        us.push(u);
        ws.push(w);
      }
      for (let d = 0; d < n; d++) {
        for (let c = 0; c <= d; c++) {
          const i = pairIndex(c, d);
          let sum = 0;
          for (let o = 0; o < us.length; o++) sum += c === d ? us[o]![c]! * ws[o]![c]! : us[o]![c]! * ws[o]![d]! + us[o]![d]! * ws[o]![c]!;
          l1[i] = sum;
          l2[i] = ps * hw[i]!;
        }
      }
    },
  };
}

export function childDuoForm(ped: CompiledPedigree, child: number, partner: number, missingSex: Sex, k: LocusKernels): ClosedForm {
  const n = k.n;
  const m = k.matrix(missingSex);
  const q = k.founderPass(missingSex);
  const vO = passVector(ped, partner, k);
  /** Σ over the child's orderings (allele from the missing person, allele from the partner). */
  const withPass = (g: Int32Array, t: (x: number) => number): number => {
    const a = g[2 * child]!;
    const b = g[2 * child + 1]!;
    return a === b ? t(a) * vO[a]! : t(a) * vO[b]! + t(b) * vO[a]!;
  };
  return {
    pair(g, c, d, out) {
      out[0] = withPass(g, (x) => 0.5 * (m[c * n + x]! + m[d * n + x]!));
      out[1] = withPass(g, (x) => q[x]!);
    },
    all(g, l1, l2) {
      const denominator = withPass(g, (x) => q[x]!);
      for (let d = 0; d < n; d++) {
        for (let c = 0; c <= d; c++) {
          const i = pairIndex(c, d);
          l1[i] = withPass(g, (x) => 0.5 * (m[c * n + x]! + m[d * n + x]!));
          l2[i] = denominator;
        }
      }
    },
  };
}

export function thetaTrioForm(model: CompiledLocusModel, father: number, mother: number, theta: number): ClosedForm {
  return {
    pair(g, c, d, out) {
      out[0] = trioLr(model, g[2 * father]!, g[2 * father + 1]!, g[2 * mother]!, g[2 * mother + 1]!, c, d, theta);
      out[1] = 1;
    },
    all() {
      throw new Error('LR tables over every POI genotype are defined at θ = 0 only');
    },
  };
}

export function thetaDuoForm(model: CompiledLocusModel, parent: number, parentSex: Sex, theta: number): ClosedForm {
  return {
    pair(g, c, d, out) {
      out[0] = duoLr(model, parentSex, g[2 * parent]!, g[2 * parent + 1]!, c, d, theta);
      out[1] = 1;
    },
    all() {
      throw new Error('LR tables over every POI genotype are defined at θ = 0 only');
    },
  };
}
