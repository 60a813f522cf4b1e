/**
 * Kinship mode (kinship-cases README §1.4): two explicit hypotheses h1 and h2 over the same typed
 * people; each pedigree may have several unconnected parts (with θ they form one sample in joint
 * mode, one sample each in separate mode).
 */
import { combineLocusLrs, locusLr, type KinshipResult, type LocusLr } from './kinship-result';
import type { CompiledLocusModel } from './locus-model';
import type { CompiledPedigree, Individual } from './pedigree';
import { pedigreeLikelihood } from './pedigree-likelihood';
import type { ThetaMode } from './theta-founders';
import { genotypeArray, type TypedByPerson } from './genotype-array';
import { asCompiled, type KinshipOptions } from './missing-person-lr';

export interface KinshipLocusData {
  readonly model: CompiledLocusModel;
  readonly typedByPerson: TypedByPerson;
}

/**
 * Per-locus LR = P(data | h1) / P(data | h2); 1 when nobody is typed at the locus.
 * @throws KinshipError when a typed person is missing from one of the pedigrees.
 */
export function kinshipLocusLr(
  h1: CompiledPedigree | readonly Individual[],
  h2: CompiledPedigree | readonly Individual[],
  typedByPerson: TypedByPerson,
  model: CompiledLocusModel,
  theta = 0,
  thetaMode: ThetaMode = 'joint',
): LocusLr {
  const p1 = asCompiled(h1);
  const p2 = asCompiled(h2);
  const g1 = genotypeArray(p1, typedByPerson, model, `h1, locus ${model.name}`);
  const g2 = genotypeArray(p2, typedByPerson, model, `h2, locus ${model.name}`);
  let typedCount = 0;
  for (const pair of Object.values(typedByPerson)) if (pair) typedCount++;
  const options = { theta, thetaMode };
  const l1 = pedigreeLikelihood(p1, g1, model, options);
  const l2 = pedigreeLikelihood(p2, g2, model, options);
  const l1NoMutation = model.noMutation === model ? l1 : pedigreeLikelihood(p1, g1, model.noMutation, options);
  return locusLr(model.name, l1, l2, l1NoMutation, typedCount >= 2);
}

/** Multi-locus kinship LR (loci unlinked). */
export function kinshipLr(
  h1: CompiledPedigree | readonly Individual[],
  h2: CompiledPedigree | readonly Individual[],
  loci: readonly KinshipLocusData[],
  options: KinshipOptions = {},
): KinshipResult {
  const p1 = asCompiled(h1);
  const p2 = asCompiled(h2);
  const results = loci.map((l) => kinshipLocusLr(p1, p2, l.typedByPerson, l.model, options.theta ?? 0, options.thetaMode ?? 'joint'));
  return combineLocusLrs(results, options.prior);
}
