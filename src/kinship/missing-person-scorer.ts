/**
 * Fast exact missing-person LR at one locus: closed forms for the family structures recognised by
 * missing-person-structure.ts, the peeling engine for every other family. The results equal
 * missingPersonLocusLr (same model, kinship-cases README §2) to rounding; the agreement is a
 * property test (test/kinship/missing-person-scorer.test.ts).
 *
 * The closed forms: separable families in separable-form.ts (each side's π in side-evaluator.ts),
 * full siblings, a child duo and the θ trio / duo in relative-forms.ts.
 * Status: 'consistent' when the same formula without mutation is > 0 (kinship-result.ts).
 */
import { UNRELATED, type ClosedForm } from './closed-form';
import type { CompiledLocusModel } from './locus-model';
import { locusKernels } from './locus-kernels';
import { combineLocusLrs, locusLr, locusStatus, type KinshipResult, type LocusStatus } from './kinship-result';
import { analyzeMissingPersonFamily, type FamilyStructure } from './missing-person-structure';
import { STATUS_CODES } from './missing-person-lr';
import { sexOf } from './pass-vectors';
import { genotypeLikelihoods, pedigreeLikelihood } from './pedigree-likelihood';
import type { CompiledPedigree } from './pedigree';
import { childDuoForm, fullSiblingForm, fullSiblingPairForm, thetaDuoForm, thetaTrioForm } from './relative-forms';
import { informativeSide, separableForm, sideUsed } from './separable-form';
import { sideForm } from './side-evaluator';
import { thetaDescentForm } from './theta-descent-form';

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
  /**
   * The LR part of {@link table} only (no statuses: half the work with a mutation model), written
   * into `out` when given: a caller that tabulates many families at one locus (the unrelated-LR
   * calibration of an index) reuses one array instead of allocating one a family.
   */
  lrTable(genotypes: Int32Array, out?: Float64Array): Float64Array;
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
  if (structure.kind === 'thetaDescent') {
    const core = thetaDescentForm(pedigree, missing, typed, model, theta);
    const coreNoMutation = model.noMutation === model ? core : thetaDescentForm(pedigree, missing, typed, model.noMutation, theta);
    if (!core || !coreNoMutation) return new GeneralScorer(pedigree, missing, model, theta, anyTyped, { kind: 'general' });
    return new ClosedFormScorer(structure, model, anyTyped, core, coreNoMutation);
  }
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
      return 1 + (s.fatherTyped ? 1 : 0) + (s.motherTyped ? 1 : 0);
    case 'childDuo':
    case 'thetaDuo':
      return 1;
    case 'fullSiblingPair':
    case 'thetaTrio':
      return 2;
    case 'thetaDescent':
      return s.typed;
    case 'unrelated':
      return 0;
    case 'general':
      return -1;
  }
}


class ClosedFormScorer implements MissingPersonLocusScorer {
  private readonly buf = new Float64Array(2);
  /** The closed form's L1 and L2 of every genotype for lrTable, allocated on first use and reused. */
  private scratch: { readonly l1: Float64Array; readonly l2: Float64Array } | null = null;
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

  lrTable(genotypes: Int32Array, out?: Float64Array): Float64Array {
    const gc = this.model.genotypeCount;
    this.scratch ??= { l1: new Float64Array(gc), l2: new Float64Array(gc) };
    const { l1, l2 } = this.scratch;
    this.core.all(genotypes, l1, l2);
    const lr = out ?? new Float64Array(gc);
    for (let g = 0; g < gc; g++) lr[g] = l1[g]! / l2[g]!;
    return lr;
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

  lrTable(genotypes: Int32Array, out?: Float64Array): Float64Array {
    const { ped, model } = this;
    const familyLikelihood = pedigreeLikelihood(ped, genotypes, model);
    const l1 = genotypeLikelihoods(ped, genotypes, this.missing, model);
    const lr = out ?? l1;
    for (let g = 0; g < l1.length; g++) lr[g] = l1[g]! / (familyLikelihood * model.genotypeFreqs[g]!);
    return lr;
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

function closedForm(s: FamilyStructure, ped: CompiledPedigree, model: CompiledLocusModel, theta: number): ClosedForm {
  const k = locusKernels(model);
  switch (s.kind) {
    case 'separable':
      return separableForm(sideForm(s.paternal, ped, k), sideForm(s.maternal, ped, k), model, informativeSide(s));
    case 'fullSibling':
      return fullSiblingForm(ped, s.father, s.mother, s.sibling, k, { father: s.fatherTyped, mother: s.motherTyped });
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
    case 'thetaDescent':
    case 'general':
      throw new Error('no closed form for a general family');
  }
}
