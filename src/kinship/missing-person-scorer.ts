/**
 * Fast exact missing-person LR at one locus: closed forms for the family structures recognised by
 * missing-person-structure.ts, the peeling engine for every other family. The results equal
 * missingPersonLocusLr (same model, kinship-cases README §2) to rounding; the agreement is a
 * property test (test/kinship/missing-person-scorer.test.ts).
 *
 * Closed forms (θ = 0 unless stated; M_s the sex-specific matrices, q_s = p·M_s, J and P3 as in
 * locus-kernels.ts, a parent's "pass vector" v = distribution of the allele it passes, post-mutation:
 * an untyped founder passes q_s, an untyped non-founder with untyped ancestry ½ (v_father + v_mother)·M_s):
 *
 * - separable: LR(g) = Σ_ord π_pat(x_p) π_mat(x_m) / HW(g) (missing-person-structure.ts) with, for
 *   a side whose parent is P:
 *     typed P {a, b}:         π(x) = ½ (M_P[a][x] + M_P[b][x])
 *     prior:                  π = v_P
 *     grandparents GF, GM:    π(x) = ½ (u_GF M_P)(x) + ½ (u_GM M_P)(x), u = ½ (M[a] + M[b]) if typed, else v
 *     avuncular R (P's full sib, R ordered (r_p from GF, r_m from GM)):
 *                             π(x) ∝ Σ_ord ½ [(J_GF M_P)[r_p][x] v_GM(r_m) + v_GF(r_p) (J_GM M_P)[r_m][x]],
 *                             normalised by P(R) = Σ_ord v_GF(r_p) v_GM(r_m)
 *     half sibling H (another child of P with O):
 *                             π(x) ∝ Σ_ord J_P(x, h_P) v_O(h_O), normalised by Σ_ord v_P(h_P) v_O(h_O)
 * - fullSibling S:      LR = Σ_ord(g) Σ_ord(S) J_FA(x_p, s_p) J_MO(x_m, s_m) / (HW(g) Σ_ord(S) v_FA(s_p) v_MO(s_m))
 * - fullSiblingPair:    as above with P3 of the three children (founder parents) over J of the pair.
 * - childDuo (missing founder M of sex s, child C with O):
 *                       LR = Σ_ord(C) t_g(c_M) v_O(c_O) / Σ_ord(C) q_s(c_M) v_O(c_O), t_g = ½ (M_s[g1] + M_s[g2])
 *   (under H2 the child's allele from the untyped founder M is q_s, not p: README §2.1).
 * - thetaTrio / thetaDuo (θ ≥ 0): trioLr / duoLr (trio-lr.ts, duo-lr.ts).
 * Status: 'consistent' when the same formula without mutation is > 0 (kinship-result.ts).
 */
import { duoLr } from './duo-lr';
import type { CompiledLocusModel } from './locus-model';
import { locusKernels, siblingJoint, vectorTimesMatrix, type LocusKernels } from './locus-kernels';
import { combineLocusLrs, locusLr, locusStatus, type KinshipResult, type LocusStatus } from './kinship-result';
import { analyzeMissingPersonFamily, type FamilySide, type FamilyStructure } from './missing-person-structure';
import { genotypeLikelihoods, pedigreeLikelihood } from './pedigree-likelihood';
import { SEX_FEMALE, type CompiledPedigree, type Sex } from './pedigree';
import { trioLr } from './trio-lr';
import { STATUS_CODES } from './missing-person-lr';

/** One locus of a missing-person comparison, without the raw likelihoods. */
export interface FastLocusLr {
  readonly locus: string;
  readonly LR: number;
  readonly log10LR: number;
  readonly status: LocusStatus;
  readonly compared: boolean;
}

/** LR and status of every POI genotype (by genotype index) for one family at one locus (θ = 0). */
export interface LocusLrTable {
  readonly lr: Float64Array;
  /** 0 consistent, 1 mutation, 2 excluded (STATUS_CODES). */
  readonly status: Uint8Array;
}

/**
 * A compiled scorer for one family shape at one locus: which members are typed is fixed, their
 * genotypes are passed at each call (two allele indices per pedigree member, -1 untyped; the
 * missing member untyped).
 */
export interface MissingPersonLocusScorer {
  readonly structure: FamilyStructure;
  readonly model: CompiledLocusModel;
  /** The per-locus result, equal to missingPersonLocusLr. */
  locus(genotypes: Int32Array, poi: readonly [number, number] | null): FastLocusLr;
  /** The LR only (the search hot path; no status). */
  lr(genotypes: Int32Array, c: number, d: number): number;
  /** Every POI genotype at once (θ = 0 only). */
  table(genotypes: Int32Array): LocusLrTable;
  /** The LR part of {@link table} only (no statuses: half the work with a mutation model). */
  lrTable(genotypes: Int32Array): Float64Array;
  /**
   * For a family with exactly one typed member, the LR of every genotype that member could have
   * (by genotype index) against POI {c, d}; null when this structure has no such closed form
   * (θ = 0 only), written into out[offset + genotype index]; false when unavailable. The search
   * builds its per-query tables with it.
   */
  relativeTable(c: number, d: number, out?: Float64Array, offset?: number): Float64Array | null;
}

/**
 * Compiles the scorer of a family at one locus.
 * @param typed typed[i] true when member i is typed at this locus.
 */
export function createMissingPersonLocusScorer(
  pedigree: CompiledPedigree,
  missing: number,
  typed: ArrayLike<boolean>,
  model: CompiledLocusModel,
  theta = 0,
): MissingPersonLocusScorer {
  const structure = usedOrGeneral(analyzeMissingPersonFamily(pedigree, missing, typed, theta), pedigree, missing, typed);
  const anyTyped = Array.from({ length: pedigree.size }, (_, i) => !!typed[i] && i !== missing).some(Boolean);
  if (structure.kind === 'general') return new GeneralScorer(pedigree, missing, model, theta, anyTyped, structure);
  const core = closedForm(structure, pedigree, model, theta);
  const coreNoMutation = model.noMutation === model ? core : closedForm(structure, pedigree, model.noMutation, theta);
  return new ClosedFormScorer(structure, model, anyTyped, core, coreNoMutation);
}

/**
 * Multi-locus missing-person LR of one family with the fast scorers (same result as
 * missingPersonLr with θ in joint mode).
 * @param genotypes per locus, two allele indices per member (-1 untyped).
 * @param poi per locus, the POI's allele indices or null.
 */
export function fastMissingPersonLr(
  pedigree: CompiledPedigree,
  missing: number,
  models: readonly CompiledLocusModel[],
  genotypes: readonly Int32Array[],
  poi: readonly (readonly [number, number] | null)[],
  options: { readonly theta?: number; readonly prior?: number } = {},
): KinshipResult {
  const loci = models.map((model, l) => {
    const g = genotypes[l]!;
    const typed = Array.from({ length: pedigree.size }, (_, i) => g[2 * i]! >= 0);
    const r = createMissingPersonLocusScorer(pedigree, missing, typed, model, options.theta ?? 0).locus(g, poi[l]!);
    return { ...r, likelihoodH1: NaN, likelihoodH2: NaN };
  });
  return combineLocusLrs(loci, options.prior);
}

/** A structure is used only if every typed member takes part in its formula (else the family alone could be inconsistent). */
function usedOrGeneral(s: FamilyStructure, ped: CompiledPedigree, missing: number, typed: ArrayLike<boolean>): FamilyStructure {
  let typedCount = 0;
  for (let i = 0; i < ped.size; i++) if (typed[i] && i !== missing) typedCount++;
  const used = usedCount(s);
  return used === typedCount ? s : { kind: 'general' };
}

function usedCount(s: FamilyStructure): number {
  switch (s.kind) {
    case 'separable':
      return sideUsed(s.paternal) + sideUsed(s.maternal);
    case 'fullSibling':
    case 'childDuo':
    case 'thetaDuo':
      return 1;
    case 'fullSiblingPair':
    case 'thetaTrio':
      return 2;
    case 'unrelated':
      return 0;
    case 'general':
      return -1;
  }
}

function sideUsed(side: FamilySide): number {
  switch (side.kind) {
    case 'typed':
    case 'avuncular':
    case 'halfSibling':
      return 1;
    case 'prior':
      return 0;
    case 'grandparents':
      return (side.grandfatherTyped ? 1 : 0) + (side.grandmotherTyped ? 1 : 0);
  }
}

/** The closed-form likelihood pair (L1, L2 up to a common factor) of one structure and model. */
interface ClosedForm {
  /** Fills out[0] = L1, out[1] = L2 for POI {c, d}. */
  pair(genotypes: Int32Array, c: number, d: number, out: Float64Array): void;
  /** L1 and L2 for every POI genotype (θ = 0 forms only). */
  all(genotypes: Int32Array, l1: Float64Array, l2: Float64Array): void;
  /** LR by genotype index of the only typed member, POI {c, d} (see MissingPersonLocusScorer.relativeTable). */
  relative?(c: number, d: number, out: Float64Array): void;
}

class ClosedFormScorer implements MissingPersonLocusScorer {
  private readonly buf = new Float64Array(2);
  constructor(
    readonly structure: FamilyStructure,
    readonly model: CompiledLocusModel,
    private readonly anyTyped: boolean,
    private readonly core: ClosedForm,
    private readonly coreNoMutation: ClosedForm,
  ) {}

  locus(genotypes: Int32Array, poi: readonly [number, number] | null): FastLocusLr {
    if (poi === null) return { locus: this.model.name, LR: 1, log10LR: 0, status: 'consistent', compared: false };
    const c = Math.min(poi[0], poi[1]);
    const d = Math.max(poi[0], poi[1]);
    this.core.pair(genotypes, c, d, this.buf);
    const l1 = this.buf[0]!;
    const l2 = this.buf[1]!;
    let l1NoMutation = l1;
    if (this.coreNoMutation !== this.core) {
      this.coreNoMutation.pair(genotypes, c, d, this.buf);
      l1NoMutation = this.buf[0]!;
    }
    const r = locusLr(this.model.name, l1, l2, l1NoMutation, this.anyTyped);
    return { locus: r.locus, LR: r.LR, log10LR: r.log10LR, status: r.status, compared: r.compared };
  }

  lr(genotypes: Int32Array, c: number, d: number): number {
    this.core.pair(genotypes, Math.min(c, d), Math.max(c, d), this.buf);
    return this.buf[0]! / this.buf[1]!;
  }

  relativeTable(c: number, d: number, out?: Float64Array, offset = 0): Float64Array | null {
    if (!this.core.relative) return null;
    const target = out ?? new Float64Array(this.model.genotypeCount);
    this.core.relative(Math.min(c, d), Math.max(c, d), target.subarray(offset, offset + this.model.genotypeCount));
    return target;
  }

  /** H1 likelihood and LR for every POI genotype code, from one pass of the closed form. */
  private likelihoods(genotypes: Int32Array): { l1: Float64Array; lr: Float64Array } {
    const gc = this.model.genotypeCount;
    const l1 = new Float64Array(gc);
    const l2 = new Float64Array(gc);
    this.core.all(genotypes, l1, l2);
    const lr = new Float64Array(gc);
    for (let g = 0; g < gc; g++) lr[g] = l1[g]! / l2[g]!;
    return { l1, lr };
  }

  lrTable(genotypes: Int32Array): Float64Array {
    return this.likelihoods(genotypes).lr;
  }

  table(genotypes: Int32Array): LocusLrTable {
    const gc = this.model.genotypeCount;
    const { l1, lr } = this.likelihoods(genotypes);
    const status = new Uint8Array(gc);
    const n1 = this.coreNoMutation === this.core ? l1 : new Float64Array(gc);
    if (n1 !== l1) this.coreNoMutation.all(genotypes, n1, new Float64Array(gc));
    for (let g = 0; g < gc; g++) status[g] = STATUS_CODES.indexOf(locusStatus(l1[g]!, n1[g]!));
    return { lr, status };
  }
}

class GeneralScorer implements MissingPersonLocusScorer {
  constructor(
    private readonly ped: CompiledPedigree,
    private readonly missing: number,
    readonly model: CompiledLocusModel,
    private readonly theta: number,
    private readonly anyTyped: boolean,
    readonly structure: FamilyStructure,
  ) {}

  /** Exactly the arithmetic of missingPersonLocusLr (missing-person-lr.ts), on the compiled arrays. */
  locus(genotypes: Int32Array, poi: readonly [number, number] | null): FastLocusLr {
    const { ped, model } = this;
    const options = { theta: this.theta, thetaMode: 'joint' as const };
    if (poi === null) {
      const l = pedigreeLikelihood(ped, genotypes, model, options);
      const noMutation = model.noMutation === model ? l : pedigreeLikelihood(ped, genotypes, model.noMutation, options);
      return { locus: model.name, LR: 1, log10LR: 0, status: locusStatus(l, noMutation), compared: false };
    }
    const p = Int32Array.of(Math.min(poi[0], poi[1]), Math.max(poi[0], poi[1]));
    const h1 = genotypes.slice();
    h1[2 * this.missing] = p[0]!;
    h1[2 * this.missing + 1] = p[1]!;
    const l1 = pedigreeLikelihood(ped, h1, model, options);
    const l2 = pedigreeLikelihood(ped, genotypes, model, { ...options, extraFounders: p });
    const l1NoMutation = model.noMutation === model ? l1 : pedigreeLikelihood(ped, h1, model.noMutation, options);
    const r = locusLr(model.name, l1, l2, l1NoMutation, this.anyTyped);
    return { locus: r.locus, LR: r.LR, log10LR: r.log10LR, status: r.status, compared: r.compared };
  }

  lr(genotypes: Int32Array, c: number, d: number): number {
    return this.locus(genotypes, [c, d]).LR;
  }

  relativeTable(): Float64Array | null {
    return null;
  }

  lrTable(genotypes: Int32Array): Float64Array {
    const { ped, model } = this;
    const familyLikelihood = pedigreeLikelihood(ped, genotypes, model);
    const l1 = genotypeLikelihoods(ped, genotypes, this.missing, model);
    for (let g = 0; g < l1.length; g++) l1[g] = l1[g]! / (familyLikelihood * model.genotypeFreqs[g]!);
    return l1;
  }

  /** missingPersonLocusTable's arithmetic (θ = 0). */
  table(genotypes: Int32Array): LocusLrTable {
    const { ped, model } = this;
    const familyLikelihood = pedigreeLikelihood(ped, genotypes, model);
    const l1 = genotypeLikelihoods(ped, genotypes, this.missing, model);
    const l1NoMutation = model.noMutation === model ? l1 : genotypeLikelihoods(ped, genotypes, this.missing, model.noMutation);
    const lr = new Float64Array(l1.length);
    const status = new Uint8Array(l1.length);
    for (let g = 0; g < l1.length; g++) {
      lr[g] = l1[g]! / (familyLikelihood * model.genotypeFreqs[g]!);
      status[g] = STATUS_CODES.indexOf(locusStatus(l1[g]!, l1NoMutation[g]!));
    }
    return { lr, status };
  }
}

// ---------------------------------------------------------------------------------------------
// Pass vectors of untyped members with untyped ancestry

function sexOf(ped: CompiledPedigree, i: number): Sex {
  return ped.sex[i] === SEX_FEMALE ? 'female' : 'male';
}

/** v_i: the allele an untyped member with untyped ancestry passes to a child (post-mutation). */
function passVector(ped: CompiledPedigree, i: number, k: LocusKernels): Float64Array {
  const f = ped.father[i]!;
  const sex = sexOf(ped, i);
  if (f < 0) return k.founderPass(sex);
  const a = passVector(ped, f, k);
  const b = passVector(ped, ped.mother[i]!, k);
  const mix = new Float64Array(k.n);
  for (let x = 0; x < k.n; x++) mix[x] = 0.5 * (a[x]! + b[x]!);
  return vectorTimesMatrix(mix, k.matrix(sex), k.n);
}

/** J of two children of an untyped member with untyped ancestry (founder: the cached one). */
function memberSiblingJoint(ped: CompiledPedigree, i: number, k: LocusKernels): Float64Array {
  const sex = sexOf(ped, i);
  if (ped.father[i]! < 0) return k.founderSiblingJoint(sex);
  return siblingJoint(k.matrix(sex), passVector(ped, ped.father[i]!, k), passVector(ped, ped.mother[i]!, k), k.n);
}

function matrixProduct(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const aij = a[i * n + j]!;
      if (aij === 0) continue;
      for (let x = 0; x < n; x++) out[i * n + x] = out[i * n + x]! + aij * b[j * n + x]!;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Closed forms

function closedForm(s: FamilyStructure, ped: CompiledPedigree, model: CompiledLocusModel, theta: number): ClosedForm {
  const k = locusKernels(model);
  switch (s.kind) {
    case 'separable':
      return separableForm(sideForm(s.paternal, ped, k), sideForm(s.maternal, ped, k), model, informativeSide(s));
    case 'fullSibling':
      return fullSiblingForm(ped, s.father, s.mother, s.sibling, k);
    case 'fullSiblingPair':
      return fullSiblingPairForm(s.siblings, k);
    case 'childDuo':
      return childDuoForm(ped, s.child, s.partner, ped.father[s.child] === s.partner ? 'female' : 'male', k);
    case 'thetaTrio':
      return thetaTrioForm(model, s.father, s.mother, theta);
    case 'thetaDuo':
      return thetaDuoForm(model, s.parent, sexOf(ped, s.parent), theta);
    case 'unrelated':
      return UNRELATED;
    case 'general':
      throw new Error('no closed form for a general family');
  }
}

const EMPTY_GENOTYPES = new Int32Array(0);

/** Genotype index of {c, d} with c <= d (locus-model.ts genotypeIndex, local for the hot loops). */
function pairIndex(c: number, d: number): number {
  return (d * (d + 1)) / 2 + c;
}

/** The side holding the only typed member of a separable family (null if both or none have one). */
function informativeSide(s: Extract<FamilyStructure, { kind: 'separable' }>): 'pat' | 'mat' | null {
  const used = (side: FamilySide): number => sideUsed(side);
  const pat = used(s.paternal);
  const mat = used(s.maternal);
  if (pat === 1 && mat === 0) return 'pat';
  if (pat === 0 && mat === 1) return 'mat';
  return null;
}

const UNRELATED: ClosedForm = {
  pair(_g, _c, _d, out) {
    out[0] = 1;
    out[1] = 1;
  },
  all(_g, l1, l2) {
    l1.fill(1);
    l2.fill(1);
  },
};

/** One parental side: π(x) = value(x) / total for the typed genotypes. */
interface SideForm {
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
        this.m1 = founders ? k.founderSiblingJointThen('male', parentSex) : matrixProduct(memberSiblingJoint(ped, side.grandfather, k), mp, n);
        this.m2 = founders ? k.founderSiblingJointThen('female', parentSex) : matrixProduct(memberSiblingJoint(ped, side.grandmother, k), mp, n);
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

function sideForm(side: FamilySide, ped: CompiledPedigree, k: LocusKernels): SideForm {
  return new SideEvaluator(side, ped, k);
}

function separableForm(pat: SideForm, mat: SideForm, model: CompiledLocusModel, informative: 'pat' | 'mat' | null): ClosedForm {
  const p = model.freqs;
  const n = model.n;
  const aPat = new Float64Array(n);
  const aMat = new Float64Array(n);
  const typedSide = informative === 'pat' ? pat : informative === 'mat' ? mat : null;
  const otherSide = informative === 'pat' ? mat : pat;
  const gcAll = (n * (n + 1)) / 2;
  const ac = new Float64Array(gcAll);
  const ad = new Float64Array(gcAll);
  const total = new Float64Array(gcAll);
  const relative = typedSide?.single
    ? (c: number, d: number, out: Float64Array): void => {
        const gc = out.length;
        typedSide.single!(c, d, ac, ad, total);
        const so = otherSide.prepare(EMPTY_GENOTYPES);
        const oc = otherSide.at(c) / so;
        const od = otherSide.at(d) / so;
        const hw = c === d ? p[c]! * p[c]! : 2 * p[c]! * p[d]!;
        for (let i = 0; i < gc; i++) out[i] = (c === d ? ac[i]! * oc : ac[i]! * od + ad[i]! * oc) / (total[i]! * hw);
      }
    : undefined;
  return {
    ...(relative ? { relative } : {}),
    pair(g, c, d, out) {
      const sp = pat.prepare(g);
      const sm = mat.prepare(g);
      if (c === d) {
        out[0] = pat.at(c) * mat.at(c);
        out[1] = sp * sm * p[c]! * p[c]!;
      } else {
        out[0] = pat.at(c) * mat.at(d) + pat.at(d) * mat.at(c);
        out[1] = sp * sm * 2 * p[c]! * p[d]!;
      }
    },
    all(g, l1, l2) {
      const s = pat.prepare(g) * mat.prepare(g);
      for (let x = 0; x < n; x++) {
        aPat[x] = pat.at(x);
        aMat[x] = mat.at(x);
      }
      for (let d = 0; d < n; d++) {
        for (let c = 0; c <= d; c++) {
          const i = pairIndex(c, d);
          l1[i] = c === d ? aPat[c]! * aMat[c]! : aPat[c]! * aMat[d]! + aPat[d]! * aMat[c]!;
          l2[i] = s * model.genotypeFreqs[i]!;
        }
      }
    },
  };
}

function fullSiblingForm(ped: CompiledPedigree, father: number, mother: number, sib: number, k: LocusKernels): ClosedForm {
  const n = k.n;
  const jF = memberSiblingJoint(ped, father, k);
  const jM = memberSiblingJoint(ped, mother, k);
  const vF = passVector(ped, father, k);
  const vM = passVector(ped, mother, k);
  const hw = k.model.genotypeFreqs;
  const l1Of = (a: number, b: number, x: number, y: number): number => {
    // Σ over the sibling's two orderings (s_p, s_m) of J_FA(x, s_p) J_MO(y, s_m).
    const t = jF[x * n + a]! * jM[y * n + b]!;
    return a === b ? t : t + jF[x * n + b]! * jM[y * n + a]!;
  };
  return {
    relative(c, d, out) {
      const h = hw[pairIndex(c, d)]!;
      for (let b = 0; b < n; b++) {
        for (let a = 0; a <= b; a++) {
          const ps = a === b ? vF[a]! * vM[a]! : vF[a]! * vM[b]! + vF[b]! * vM[a]!;
          const l1 = c === d ? l1Of(a, b, c, c) : l1Of(a, b, c, d) + l1Of(a, b, d, c);
          out[(b * (b + 1)) / 2 + a] = l1 / (ps * h);
        }
      }
    },
    pair(g, c, d, out) {
      const a = g[2 * sib]!;
      const b = g[2 * sib + 1]!;
      const ps = a === b ? vF[a]! * vM[a]! : vF[a]! * vM[b]! + vF[b]! * vM[a]!;
      out[0] = c === d ? l1Of(a, b, c, c) : l1Of(a, b, c, d) + l1Of(a, b, d, c);
      out[1] = ps * hw[pairIndex(c, d)]!;
    },
    all(g, l1, l2) {
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

function fullSiblingPairForm(sibs: readonly [number, number], k: LocusKernels): ClosedForm {
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
  /** Σ over both siblings' orderings of P3_m(x, ., .) P3_f(y, ., .). */
  const l1Of = (g: Int32Array, x: number, y: number): number => {
    const a1 = g[2 * s1]!;
    const b1 = g[2 * s1 + 1]!;
    const a2 = g[2 * s2]!;
    const b2 = g[2 * s2 + 1]!;
    let sum = 0;
    for (let i = 0; i < (a1 === b1 ? 1 : 2); i++) {
      const p1 = i === 0 ? a1 : b1;
      const m1 = i === 0 ? b1 : a1;
      for (let j = 0; j < (a2 === b2 ? 1 : 2); j++) {
        const p2 = j === 0 ? a2 : b2;
        const m2 = j === 0 ? b2 : a2;
        sum += p3(tm, km, qm, x, p1, p2) * p3(tf, kf, qf, y, m1, m2);
      }
    }
    return sum;
  };
  const pairOf = (g: Int32Array): number => {
    const a1 = g[2 * s1]!;
    const b1 = g[2 * s1 + 1]!;
    const a2 = g[2 * s2]!;
    const b2 = g[2 * s2 + 1]!;
    let sum = 0;
    for (let i = 0; i < (a1 === b1 ? 1 : 2); i++) {
      for (let j = 0; j < (a2 === b2 ? 1 : 2); j++) {
        sum += jm[(i === 0 ? a1 : b1) * n + (j === 0 ? a2 : b2)]! * jf[(i === 0 ? b1 : a1) * n + (j === 0 ? b2 : a2)]!;
      }
    }
    return sum;
  };
  return {
    pair(g, c, d, out) {
      out[0] = c === d ? l1Of(g, c, c) : l1Of(g, c, d) + l1Of(g, d, c);
      out[1] = pairOf(g) * hw[pairIndex(c, d)]!;
    },
    all(g, l1, l2) {
      // L1(c, d) = Σ over the siblings' orderings o of u_o(c) w_o(d) (+ the swap): vectors first.
      const ps = pairOf(g);
      const a1 = g[2 * s1]!;
      const b1 = g[2 * s1 + 1]!;
      const a2 = g[2 * s2]!;
      const b2 = g[2 * s2 + 1]!;
      const us: Float64Array[] = [];
      const ws: Float64Array[] = [];
      for (let i = 0; i < (a1 === b1 ? 1 : 2); i++) {
        for (let j = 0; j < (a2 === b2 ? 1 : 2); j++) {
          const u = new Float64Array(n);
          const w = new Float64Array(n);
          for (let x = 0; x < n; x++) {
            u[x] = p3(tm, km, qm, x, i === 0 ? a1 : b1, j === 0 ? a2 : b2);
            w[x] = p3(tf, kf, qf, x, i === 0 ? b1 : a1, j === 0 ? b2 : a2);
          }
          us.push(u);
          ws.push(w);
        }
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

function childDuoForm(ped: CompiledPedigree, child: number, partner: number, missingSex: Sex, k: LocusKernels): ClosedForm {
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

function thetaTrioForm(model: CompiledLocusModel, father: number, mother: number, theta: number): ClosedForm {
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

function thetaDuoForm(model: CompiledLocusModel, parent: number, parentSex: Sex, theta: number): ClosedForm {
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

