/**
 * One parental side of a separable missing-person family (missing-person-structure.ts): π(x), the
 * distribution of the allele the missing person receives from that side's parent P, given the
 * side's typed members (M_s the sex-specific matrices, v a pass vector, J as in locus-kernels.ts):
 *
 *   typed P {a, b}:         π(x) = ½ (M_P[a][x] + M_P[b][x])
 *   prior:                  π = v_P
 *   grandparents GF, GM:    π(x) = ½ (u_GF M_P)(x) + ½ (u_GM M_P)(x), u = ½ (M[a] + M[b]) if typed, else v
 *   avuncular R (P's full sib, R ordered (r_p from GF, r_m from GM)):
 *                           π(x) ∝ Σ_ord ½ [(J_GF M_P)[r_p][x] v_GM(r_m) + v_GF(r_p) (J_GM M_P)[r_m][x]],
 *                           normalised by P(R) = Σ_ord v_GF(r_p) v_GM(r_m)
 *   half sibling H (another child of P with O):
 *                           π(x) ∝ Σ_ord J_P(x, h_P) v_O(h_O), normalised by Σ_ord v_P(h_P) v_O(h_O)
 */
import { multiply, vectorTimesMatrix, type LocusKernels } from './locus-kernels';
import type { FamilySide } from './missing-person-structure';
import { memberSiblingJoint, passVector, sexOf } from './pass-vectors';
import type { CompiledPedigree } from './pedigree';

/** One parental side: π(x) = value(x) / total for the typed genotypes. */
export interface SideForm {
  /** Prepares the side for these genotypes; returns the normaliser Σ_x A(x). */
  prepare(genotypes: Int32Array): number;
  /** A(x) after prepare. */
  at(x: number): number;
  /** With one typed member on the side: fills, by that member's genotype index, A(c), A(d) and Σ A. */
  single?(c: number, d: number, ac: Float64Array, ad: Float64Array, total: Float64Array): void;
}

const TYPED = 0;
const PRIOR = 1;
const GRANDPARENTS = 2;
const AVUNCULAR = 3;
const HALF_SIBLING = 4;

/**
 * One parental side, as one class whose methods switch on the side's kind: every separable form
 * then calls the same monomorphic methods (closures per kind made the engine's call sites
 * megamorphic, several times slower on the search hot path).
 */
class SideEvaluator implements SideForm {
  private a = 0;
  private b = 0;
  private c2 = 0;
  private d2 = 0;
  private readonly kind: number;
  private readonly n: number;
  private readonly member: number;
  private readonly other: number;
  /** typed: M_P; grandparents: chain of the typed grandfather; avuncular: J_GF M_P; halfSibling: J_P. */
  private readonly m1: Float64Array;
  /** grandparents: chain of the grandmother; avuncular: J_GM M_P. */
  private readonly m2: Float64Array;
  /** prior: v_P; grandparents: untyped grandfather's contribution (or empty); avuncular: v_GF; halfSibling: v_P. */
  private readonly v1: Float64Array;
  /** grandparents: untyped grandmother's contribution; avuncular: v_GM; halfSibling: v_O. */
  private readonly v2: Float64Array;
  private readonly typed1: boolean;
  private readonly typed2: boolean;

  constructor(side: FamilySide, ped: CompiledPedigree, k: LocusKernels) {
    const n = k.n;
    this.n = n;
    const parentSex = sexOf(ped, side.parent);
    const mp = k.matrix(parentSex);
    const empty = new Float64Array(0);
    this.typed1 = false;
    this.typed2 = false;
    this.other = -1;
    switch (side.kind) {
      case 'typed':
        this.kind = TYPED;
        this.member = side.parent;
        this.m1 = mp;
        this.m2 = this.v1 = this.v2 = empty;
        break;
      case 'prior':
        this.kind = PRIOR;
        this.member = -1;
        this.v1 = passVector(ped, side.parent, k);
        this.m1 = this.m2 = this.v2 = empty;
        break;
      case 'grandparents':
        this.kind = GRANDPARENTS;
        this.member = side.grandfather;
        this.other = side.grandmother;
        this.typed1 = side.grandfatherTyped;
        this.typed2 = side.grandmotherTyped;
        this.m1 = k.chain('male', parentSex);
        this.m2 = k.chain('female', parentSex);
        this.v1 = side.grandfatherTyped ? empty : vectorTimesMatrix(passVector(ped, side.grandfather, k), mp, n);
        this.v2 = side.grandmotherTyped ? empty : vectorTimesMatrix(passVector(ped, side.grandmother, k), mp, n);
        break;
      case 'avuncular': {
        this.kind = AVUNCULAR;
        this.member = side.relative;
        const founders = ped.father[side.grandfather]! < 0 && ped.father[side.grandmother]! < 0;
        this.m1 = founders ? k.founderSiblingJointThen('male', parentSex) : multiply(memberSiblingJoint(ped, side.grandfather, k), mp, n);
        this.m2 = founders ? k.founderSiblingJointThen('female', parentSex) : multiply(memberSiblingJoint(ped, side.grandmother, k), mp, n);
        this.v1 = passVector(ped, side.grandfather, k);
        this.v2 = passVector(ped, side.grandmother, k);
        break;
      }
      case 'halfSibling':
        this.kind = HALF_SIBLING;
        this.member = side.relative;
        this.m1 = memberSiblingJoint(ped, side.parent, k);
        this.m2 = empty;
        this.v1 = passVector(ped, side.parent, k);
        this.v2 = passVector(ped, side.otherParent, k);
        break;
    }
    if (this.kind === GRANDPARENTS || this.kind === AVUNCULAR || this.kind === HALF_SIBLING || this.kind === TYPED) {
      // `single` exists for sides with exactly one typed member.
      if (this.kind === GRANDPARENTS && this.typed1 === this.typed2) this.single = undefined;
    } else this.single = undefined;
  }

  prepare(g: Int32Array): number {
    switch (this.kind) {
      case TYPED:
        this.a = g[2 * this.member]!;
        this.b = g[2 * this.member + 1]!;
        return 1;
      case PRIOR:
        return 1;
      case GRANDPARENTS:
        this.a = g[2 * this.member]!;
        this.b = g[2 * this.member + 1]!;
        this.c2 = g[2 * this.other]!;
        this.d2 = g[2 * this.other + 1]!;
        return 1;
      default:
        this.a = g[2 * this.member]!;
        this.b = g[2 * this.member + 1]!;
        return this.total(this.a, this.b);
    }
  }

  at(x: number): number {
    const n = this.n;
    const a = this.a;
    const b = this.b;
    switch (this.kind) {
      case TYPED:
        return 0.5 * (this.m1[a * n + x]! + this.m1[b * n + x]!);
      case PRIOR:
        return this.v1[x]!;
      case GRANDPARENTS: {
        const fromF = this.typed1 ? 0.5 * (this.m1[a * n + x]! + this.m1[b * n + x]!) : this.v1[x]!;
        const fromM = this.typed2 ? 0.5 * (this.m2[this.c2 * n + x]! + this.m2[this.d2 * n + x]!) : this.v2[x]!;
        return 0.5 * (fromF + fromM);
      }
      case AVUNCULAR:
        return this.avuncularAt(a, b, x);
      default:
        return this.halfSiblingAt(a, b, x);
    }
  }

  /** With one typed member on the side: fills, by that member's genotype index, A(c), A(d) and Σ A. */
  single: ((c: number, d: number, ac: Float64Array, ad: Float64Array, total: Float64Array) => void) | undefined = (c, d, ac, ad, total) => {
    const n = this.n;
    for (let b = 0; b < n; b++) {
      for (let a = 0; a <= b; a++) {
        const i = (b * (b + 1)) / 2 + a;
        switch (this.kind) {
          case TYPED:
            ac[i] = 0.5 * (this.m1[a * n + c]! + this.m1[b * n + c]!);
            ad[i] = 0.5 * (this.m1[a * n + d]! + this.m1[b * n + d]!);
            total[i] = 1;
            break;
          case GRANDPARENTS: {
            const chain = this.typed1 ? this.m1 : this.m2;
            const prior = this.typed1 ? this.v2 : this.v1;
            ac[i] = 0.5 * (0.5 * (chain[a * n + c]! + chain[b * n + c]!) + prior[c]!);
            ad[i] = 0.5 * (0.5 * (chain[a * n + d]! + chain[b * n + d]!) + prior[d]!);
            total[i] = 1;
            break;
          }
          case AVUNCULAR:
            ac[i] = this.avuncularAt(a, b, c);
            ad[i] = this.avuncularAt(a, b, d);
            total[i] = this.total(a, b);
            break;
          default:
            ac[i] = this.halfSiblingAt(a, b, c);
            ad[i] = this.halfSiblingAt(a, b, d);
            total[i] = this.total(a, b);
        }
      }
    }
  };

  private total(a: number, b: number): number {
    const v1 = this.v1;
    const v2 = this.v2;
    return a === b ? v1[a]! * v2[a]! : v1[a]! * v2[b]! + v1[b]! * v2[a]!;
  }

  /** Σ over R's orderings ½ [(J_GF M_P)[r_p][x] v_GM(r_m) + v_GF(r_p) (J_GM M_P)[r_m][x]]. */
  private avuncularAt(a: number, b: number, x: number): number {
    const n = this.n;
    const { m1, m2, v1, v2 } = this;
    let s = 0.5 * (m1[a * n + x]! * v2[b]! + v1[a]! * m2[b * n + x]!);
    if (a !== b) s += 0.5 * (m1[b * n + x]! * v2[a]! + v1[b]! * m2[a * n + x]!);
    return s;
  }

  /** Σ over H's orderings J_P(x, h_P) v_O(h_O). */
  private halfSiblingAt(a: number, b: number, x: number): number {
    const n = this.n;
    const j = this.m1;
    const vO = this.v2;
    const s = j[x * n + a]! * vO[b]!;
    return a === b ? s : s + j[x * n + b]! * vO[a]!;
  }
}

export function sideForm(side: FamilySide, ped: CompiledPedigree, k: LocusKernels): SideForm {
  return new SideEvaluator(side, ped, k);
}
