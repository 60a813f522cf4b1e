/**
 * Missing-person mode (kinship-cases README §1.3): H1 — the found person (POI) is the missing
 * member of the reference family; H2 — the POI is unrelated to the family (one more founder, with
 * θ in the same sample in joint mode). LR = P(data | H1) / P(data | H2), per locus and overall.
 */
import { KinshipError } from './kinship-error';
import { combineLocusLrs, locusLr, locusStatus, type KinshipResult, type LocusLr } from './kinship-result';
import type { CompiledLocusModel } from './locus-model';
import { compilePedigree, type CompiledPedigree, type Individual } from './pedigree';
import { genotypeLikelihoods, pedigreeLikelihood } from './pedigree-likelihood';
import type { ThetaMode } from './theta-founders';
import { checkPair, genotypeArray, type GenotypePair, type TypedByPerson } from './genotype-array';

export interface MissingPersonLocusData {
  readonly model: CompiledLocusModel;
  /** Typed members of the reference family at this locus (the missing member never). */
  readonly typedByPerson: TypedByPerson;
  /** The POI's genotype at this locus, or null when the POI is untyped there (LR = 1). */
  readonly poi: GenotypePair | null;
}

export interface KinshipOptions {
  readonly theta?: number;
  readonly thetaMode?: ThetaMode;
  /** Prior probability of H1 for the posterior (0 < prior < 1). */
  readonly prior?: number;
}

/**
 * Per-locus LR of the missing-person hypotheses.
 * @throws KinshipError when the missing id is not in the pedigree or is typed, or for bad genotypes;
 *   KinshipLimitError past the θ founder limit.
 */
export function missingPersonLocusLr(
  pedigree: CompiledPedigree | readonly Individual[],
  missingId: string,
  typedByPerson: TypedByPerson,
  poiGenotype: GenotypePair | null,
  model: CompiledLocusModel,
  theta = 0,
  thetaMode: ThetaMode = 'joint',
): LocusLr {
  const ped = asCompiled(pedigree);
  const missing = missingIndex(ped, missingId);
  const family = genotypeArray(ped, typedByPerson, model, `locus ${model.name}`);
  if (family[2 * missing]! >= 0) throw new KinshipError('INVALID_GENOTYPE', `the missing person "${missingId}" must not be typed`);
  const options = { theta, thetaMode };
  let relativeTyped = false;
  for (let k = 0; k < family.length; k += 2) if (family[k]! >= 0) relativeTyped = true;
  if (poiGenotype === null) {
    const l = pedigreeLikelihood(ped, family, model, options);
    const noMutation = model.noMutation === model ? l : pedigreeLikelihood(ped, family, model.noMutation, options);
    return { ...locusLr(model.name, l, l, noMutation, false), LR: 1, log10LR: 0 };
  }
  checkPair(poiGenotype, model, 'POI');
  const poi = Int32Array.of(Math.min(poiGenotype[0], poiGenotype[1]), Math.max(poiGenotype[0], poiGenotype[1]));
  const h1 = family.slice();
  h1[2 * missing] = poi[0]!;
  h1[2 * missing + 1] = poi[1]!;
  const l1 = pedigreeLikelihood(ped, h1, model, options);
  const l2 = pedigreeLikelihood(ped, family, model, { ...options, extraFounders: poi });
  const l1NoMutation = model.noMutation === model ? l1 : pedigreeLikelihood(ped, h1, model.noMutation, options);
  return locusLr(model.name, l1, l2, l1NoMutation, relativeTyped);
}

/** Multi-locus missing-person LR: unlinked loci, so the product of the locus LRs, as a KinshipResult (kinship-result.ts). */
export function missingPersonLr(
  pedigree: CompiledPedigree | readonly Individual[],
  missingId: string,
  loci: readonly MissingPersonLocusData[],
  options: KinshipOptions = {},
): KinshipResult {
  const ped = asCompiled(pedigree);
  const results = loci.map((l) =>
    missingPersonLocusLr(ped, missingId, l.typedByPerson, l.poi, l.model, options.theta ?? 0, options.thetaMode ?? 'joint'),
  );
  return combineLocusLrs(results, options.prior);
}

/** Per-locus tables for scoring any POI against one reference family (θ = 0). */
export interface MissingPersonLocusTable {
  readonly locus: string;
  /** P(family data), the H2 likelihood without the POI's own Hardy–Weinberg factor. */
  readonly familyLikelihood: number;
  /** By POI genotype index: P(family data, missing = g). */
  readonly likelihoodH1: Float64Array;
  /** By POI genotype index: LR = likelihoodH1[g] / (familyLikelihood · HW(g)). */
  readonly lr: Float64Array;
  /** By POI genotype index: 0 consistent, 1 needs a mutation, 2 excluded. */
  readonly status: Uint8Array;
}

export const STATUS_CODES = ['consistent', 'mutation', 'excluded'] as const;

/**
 * Precomputes the LR of every possible POI genotype at one locus for one reference family
 * (θ = 0): one peeling rooted at the missing person gives P(data, missing = g) for all g
 * (pedigree-likelihood.ts `genotypeLikelihoods`), so a search scores a candidate by a lookup.
 */
export function missingPersonLocusTable(
  pedigree: CompiledPedigree | readonly Individual[],
  missingId: string,
  typedByPerson: TypedByPerson,
  model: CompiledLocusModel,
): MissingPersonLocusTable {
  const ped = asCompiled(pedigree);
  const missing = missingIndex(ped, missingId);
  const family = genotypeArray(ped, typedByPerson, model, `locus ${model.name}`);
  if (family[2 * missing]! >= 0) throw new KinshipError('INVALID_GENOTYPE', `the missing person "${missingId}" must not be typed`);
  const familyLikelihood = pedigreeLikelihood(ped, family, model);
  const l1 = genotypeLikelihoods(ped, family, missing, model);
  const l1NoMutation = model.noMutation === model ? l1 : genotypeLikelihoods(ped, family, missing, model.noMutation);
  const lr = new Float64Array(l1.length);
  const status = new Uint8Array(l1.length);
  for (let g = 0; g < l1.length; g++) {
    lr[g] = l1[g]! / (familyLikelihood * model.genotypeFreqs[g]!);
    status[g] = STATUS_CODES.indexOf(locusStatus(l1[g]!, l1NoMutation[g]!));
  }
  return { locus: model.name, familyLikelihood, likelihoodH1: l1, lr, status };
}

function missingIndex(ped: CompiledPedigree, missingId: string): number {
  const i = ped.indexOf(missingId);
  if (i < 0) throw new KinshipError('INVALID_GENOTYPE', `the missing person "${missingId}" is not in the pedigree`);
  return i;
}

export function asCompiled(pedigree: CompiledPedigree | readonly Individual[]): CompiledPedigree {
  return Array.isArray(pedigree) ? compilePedigree(pedigree as readonly Individual[]) : (pedigree as CompiledPedigree);
}
