/**
 * The distribution of an untyped member's genotype given the typed family at one locus:
 *   P(X = g | data) = P(data, X = g) / Σ_h P(data, X = h),
 * the pedigree likelihood with X typed as g, normalised (Bayes' rule; the same likelihood model as
 * kinship-cases README §2, mutation and θ included). This is what a simulation of "the true
 * missing child of this family" draws from (the conditional simulation of forrel's
 * `missingPersonIP`, Vigeland et al. 2020, doi:10.1016/j.fsigen.2020.102376).
 */
import { KinshipError } from './kinship-error';
import type { CompiledLocusModel } from './locus-model';
import type { CompiledPedigree } from './pedigree';
import { genotypeLikelihoods, pedigreeLikelihood, type LikelihoodOptions } from './pedigree-likelihood';

/**
 * @param genotypes two allele indices per pedigree member (-1 untyped); `person` untyped.
 * @returns probabilities by genotype index (locus-model.ts `genotypeIndex`), summing to 1.
 * @throws KinshipError INVALID_GENOTYPE when the family itself has likelihood 0 (no genotype of
 *   the person is possible, e.g. typed relatives that contradict each other without mutation).
 */
export function conditionalGenotypeDistribution(
  pedigree: CompiledPedigree,
  genotypes: Int32Array,
  person: number,
  model: CompiledLocusModel,
  options: LikelihoodOptions = {},
): Float64Array {
  const weights = (options.theta ?? 0) === 0 ? genotypeLikelihoods(pedigree, genotypes, person, model) : weightsByGenotype(pedigree, genotypes, person, model, options);
  return normalized(weights, `${pedigree.ids[person]} at locus ${model.name}`);
}

/** Divides by the sum. @throws KinshipError when the sum is not positive. */
export function normalized(weights: Float64Array, label: string): Float64Array {
  let total = 0;
  for (let g = 0; g < weights.length; g++) total += weights[g]!;
  if (!(total > 0)) throw new KinshipError('INVALID_GENOTYPE', `${label}: the typed relatives are impossible together under this model, no genotype is possible`);
  const out = new Float64Array(weights.length);
  for (let g = 0; g < weights.length; g++) out[g] = weights[g]! / total;
  return out;
}

/** P(data, person = g) for every g, one likelihood each (θ > 0 has no single-peel form here). */
function weightsByGenotype(pedigree: CompiledPedigree, genotypes: Int32Array, person: number, model: CompiledLocusModel, options: LikelihoodOptions): Float64Array {
  const fixed = genotypes.slice();
  const out = new Float64Array(model.genotypeCount);
  for (let b = 0; b < model.n; b++) {
    for (let a = 0; a <= b; a++) {
      fixed[2 * person] = a;
      fixed[2 * person + 1] = b;
      out[(b * (b + 1)) / 2 + a] = pedigreeLikelihood(pedigree, fixed, model, options);
    }
  }
  return out;
}
