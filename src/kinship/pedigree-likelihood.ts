/**
 * Exact likelihood of the genotypes at one locus on a pedigree, by peeling (Elston & Stewart 1971,
 * Hum Hered 21:523; Lange & Elston 1975, Hum Hered 25:95) over the bipartite tree of persons and
 * nuclear families, with the model of test/fixtures/kinship-cases/README.md §2:
 *
 *   L = Σ over genotypes of untyped persons of Π_founders P(g_f) · Π_children P(g_c | g_father, g_mother)
 *
 * with Hardy–Weinberg founders at θ = 0, transmission P(child receives x from a parent {g1,g2}) =
 * ½ (M[g1][x] + M[g2][x]) with the parent's sex-specific mutation matrix, and both orders counted
 * for a heterozygous child.
 *
 * The jobs, one module each: lump-unobserved-alleles.ts (no mutation: alleles no one typed carries
 * merge into one), peeling-plan.ts (pruning, components, root and order, loop-breaking clones),
 * peel-component.ts and nuclear-family-messages.ts (the peeling itself), loop-breakers.ts (the sum
 * over loop breakers' genotypes) and theta-founders.ts (θ > 0: the exact sum over untyped founders
 * in the Balding–Nichols sample).
 */
import { KinshipError } from './kinship-error';
import type { CompiledLocusModel } from './locus-model';
import { extendForClones, loopLikelihood } from './loop-breakers';
import { lumpUnobservedAlleles, type EngineModel } from './lump-unobserved-alleles';
import type { CompiledPedigree } from './pedigree';
import { peelComponent } from './peel-component';
import { getPlan, type ComponentPlan } from './peeling-plan';
import { workspaceFor } from './peeling-workspace';
import { thetaLikelihood, type ThetaMode } from './theta-founders';

export interface LikelihoodOptions {
  /** Balding–Nichols θ, 0 <= θ < 1 (default 0). */
  readonly theta?: number;
  /** README §2.3: one sample for the whole hypothesis ("joint", default) or one per unconnected part. */
  readonly thetaMode?: ThetaMode;
  /**
   * Typed persons outside the pedigree, unrelated to it and to each other, as allele-index pairs
   * (e.g. the POI under H2 of the missing-person mode). With θ > 0 in joint mode their alleles join
   * the pedigree's founder sample.
   */
  readonly extraFounders?: Int32Array;
}

/**
 * Likelihood of the genotypes at one locus.
 * @param genotypes two allele indices per person (index 2i, 2i+1 for person i), -1 for untyped.
 * @throws KinshipLimitError past the θ founder limit or the loop-breaker limit.
 */
export function pedigreeLikelihood(
  pedigree: CompiledPedigree,
  genotypes: Int32Array,
  model: CompiledLocusModel,
  options: LikelihoodOptions = {},
): number {
  const theta = options.theta ?? 0;
  const mode = options.thetaMode ?? 'joint';
  let extra = options.extraFounders ?? EMPTY;
  let geno = genotypes;
  let m: EngineModel = model;
  if (model.maleIsIdentity && model.femaleIsIdentity) {
    const lumped = lumpUnobservedAlleles(model, genotypes, extra);
    if (lumped !== null) {
      m = lumped.model;
      geno = lumped.genotypes;
      extra = lumped.extra;
    }
  }
  const ws = workspaceFor(m.n, pedigree.size);
  if (theta === 0) {
    const plan = getPlan(pedigree, geno, false, -1);
    let total = 1;
    if (plan.cloneOf.length === 0) {
      for (let c = 0; c < plan.components.length; c++) {
        total *= peelComponent(ws, plan, plan.components[c]!, geno, m, true, null);
        if (total === 0) return 0;
      }
    } else {
      total = loopLikelihood(ws, pedigree, plan, extendForClones(plan, geno), m);
    }
    const p = m.freqs;
    for (let k = 0; k < extra.length; k += 2) {
      const a = extra[k]!;
      const b = extra[k + 1]!;
      total *= a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!;
    }
    return total;
  }
  return thetaLikelihood(ws, pedigree, geno, m, theta, mode, extra);
}

/**
 * For every genotype g of one untyped person, the likelihood of the data with that person fixed to
 * g (θ = 0): `out[genotypeIndex(a, b)]`. For the missing person of a reference family this is the
 * numerator of the LR of every possible found person at once.
 * @throws KinshipError INVALID_GENOTYPE when the person is typed.
 */
export function genotypeLikelihoods(
  pedigree: CompiledPedigree,
  genotypes: Int32Array,
  person: number,
  model: CompiledLocusModel,
): Float64Array {
  if (genotypes[2 * person]! >= 0) throw new KinshipError('INVALID_GENOTYPE', `${pedigree.ids[person]} must be untyped here`);
  const plan = getPlan(pedigree, genotypes, false, person);
  const out = new Float64Array(model.genotypeCount);
  if (plan.cloneOf.length > 0) {
    // With loops the person may itself be a loop breaker: fix each genotype in turn instead.
    const fixed = genotypes.slice();
    for (let b = 0; b < model.n; b++) {
      for (let a = 0; a <= b; a++) {
        fixed[2 * person] = a;
        fixed[2 * person + 1] = b;
        out[(b * (b + 1)) / 2 + a] = pedigreeLikelihood(pedigree, fixed, model);
      }
    }
    return out;
  }
  const ws = workspaceFor(model.n, pedigree.size);
  let others = 1;
  let target: ComponentPlan | undefined;
  for (const comp of plan.components) {
    if (comp.root === person) target = comp;
    else others *= peelComponent(ws, plan, comp, genotypes, model, true, null);
  }
  peelComponent(ws, plan, target!, genotypes, model, true, out);
  if (others !== 1) for (let g = 0; g < out.length; g++) out[g] = out[g]! * others;
  return out;
}

const EMPTY = new Int32Array(0);
