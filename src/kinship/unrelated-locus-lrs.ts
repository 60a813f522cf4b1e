/**
 * The per-locus law of a missing-person LR when the found person is in fact unrelated (H2 true):
 * every genotype the found person could have at the locus, its probability under H2 given the
 * family's genotypes, and the LR the scorer gives it. This is the per-marker step of the exact LR
 * distributions of Kruijver (2015, "Efficient computations with the likelihood ratio
 * distribution", FSI: Genetics 14:116) and of DNAprofiles' `ki.dist` (M. Kruijver,
 * github.com/mkruijver/DNAprofiles, R/ki_ibs_dist.R), extended from pairs to any reference family.
 *
 * The genotypes range over the compiled model's alleles: the frequency table's alleles plus every
 * allele the minimum-frequency policy added (frequency-table.ts, NRC II 5/2N, renormalised), so
 * the unrelated person is drawn from exactly the frequencies the scorer's H2 uses and the
 * probabilities sum to 1.
 *
 * - θ = 0: P(g | H2) is Hardy–Weinberg (README §2.1: under H2 the found person is an independent
 *   founder), and the LRs of all genotypes come from one pass of the scorer's `lrTable`.
 * - θ > 0 (joint mode, README §2.3): under H2 the found person's alleles are the next draws of the
 *   family's Balding–Nichols founder sample, so P(g | H2, family) = L2(g) / Σ_g' L2(g'), L2(g) the
 *   H2 likelihood with the found person typed g (pedigree-likelihood.ts with `extraFounders`);
 *   the sum over g' is the family's own likelihood. The LR of g is the scorer's `locus` result.
 */
import { genotypeIndex, type CompiledLocusModel } from './locus-model';
import { createMissingPersonLocusScorer, type MissingPersonLocusScorer } from './missing-person-scorer';
import { pedigreeLikelihood } from './pedigree-likelihood';
import type { CompiledPedigree } from './pedigree';

export interface UnrelatedLocusLrs {
  readonly locus: string;
  /** By genotype index: P(an unrelated found person has this genotype | family data, H2). */
  readonly probability: Float64Array;
  /** By genotype index: the LR of that genotype (0 when it is excluded without a mutation model). */
  readonly lr: Float64Array;
  /** True when a relative is typed here, so the locus counts as compared for a typed found person. */
  readonly compared: boolean;
}

/**
 * The per-locus LR of every genotype an unrelated found person could have, with its H2 probability.
 * @param genotypes two allele indices per pedigree member (-1 untyped; the missing member untyped).
 * @param scorer the family's compiled scorer at this locus, when the caller already has it.
 * @param lrOut with θ = 0, the array the LRs are written into (a caller's reused scratch, one
 *   entry per genotype); the result's `lr` is then that array.
 * @throws KinshipLimitError past the θ founder limits of pedigree-likelihood.ts.
 */
export function unrelatedLocusLrs(
  pedigree: CompiledPedigree,
  missing: number,
  model: CompiledLocusModel,
  genotypes: Int32Array,
  theta = 0,
  scorer?: MissingPersonLocusScorer,
  lrOut?: Float64Array,
): UnrelatedLocusLrs {
  const typed = Array.from({ length: pedigree.size }, (_, i) => genotypes[2 * i]! >= 0);
  const compared = typed.some((t, i) => t && i !== missing);
  const s = scorer ?? createMissingPersonLocusScorer(pedigree, missing, typed, model, theta);
  if (theta === 0) {
    return { locus: model.name, probability: model.genotypeFreqs, lr: s.lrTable(genotypes, lrOut), compared };
  }
  return thetaLocusLrs(pedigree, model, genotypes, theta, s, compared);
}

function thetaLocusLrs(
  pedigree: CompiledPedigree,
  model: CompiledLocusModel,
  genotypes: Int32Array,
  theta: number,
  scorer: MissingPersonLocusScorer,
  compared: boolean,
): UnrelatedLocusLrs {
  const options = { theta, thetaMode: 'joint' as const };
  const family = pedigreeLikelihood(pedigree, genotypes, model, options);
  const probability = new Float64Array(model.genotypeCount);
  const lr = new Float64Array(model.genotypeCount);
  const poi = new Int32Array(2);
  for (let b = 0; b < model.n; b++) {
    for (let a = 0; a <= b; a++) {
      const g = genotypeIndex(a, b);
      poi[0] = a;
      poi[1] = b;
      probability[g] = pedigreeLikelihood(pedigree, genotypes, model, { ...options, extraFounders: poi }) / family;
      lr[g] = scorer.locus(genotypes, [a, b]).LR;
    }
  }
  return { locus: model.name, probability, lr, compared };
}
