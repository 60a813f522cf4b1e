/**
 * Power of a reference family, and whom to sample next: the probability that the family's TRUE
 * missing child, once found and typed, would meet the search policy (LR >= threshold, at most the
 * allowed inconsistent loci, enough loci compared), and how much typing one more relative would
 * raise it.
 *
 * Simulation conditional on the typed family, as in Vigeland et al. 2020 (Forensic Sci Int Genet,
 * doi:10.1016/j.fsigen.2020.102376) and their forrel functions `missingPersonIP` (inclusion power)
 * and `MPPsims` (power for each selection of extra relatives to type): per locus (unlinked)
 * the true child's genotype is drawn from P(MP = g | data) ∝ P(data, MP = g) with the family's
 * mutation model and θ (conditional-genotype-distribution.ts), and scored with the missing-person LR
 * of that genotype (README §1.3) and the scorer's locus status (inconsistent = not explained
 * without mutation, kinship-result.ts). A relative R not yet typed is assessed the same way after
 * drawing R from P(R = r | data) and then the child from P(MP = g | data, R = r).
 *
 * Cost: the LR and status of every child genotype are one table per locus (missing-person-lr.ts
 * `missingPersonLocusTable`, one peeling at θ = 0), built once; for a relative, one table per locus
 * and DRAWN genotype r (memoised), so the work grows with the distinct genotypes drawn, not with the
 * number of simulations. The same uniform numbers drive the base estimate and every relative
 * (common random numbers), so a gain is not swamped by simulation noise.
 */
import { conditionalGenotypeDistribution, normalized } from './conditional-genotype-distribution';
import type { KinshipLocusData } from './kinship-lr';
import type { CompiledLocusModel } from './locus-model';
import { missingPersonLocusLr, missingPersonLocusTable, STATUS_CODES } from './missing-person-lr';
import { compilePedigree, type CompiledPedigree, type Individual } from './pedigree';
import type { LikelihoodOptions } from './pedigree-likelihood';
import type { ThetaMode } from './theta-founders';
import { genotypeArray, type GenotypePair, type TypedByPerson } from './genotype-array';
import { placeFoundPerson, type FoundPersonRelationship } from './place-found-person';
import { relationshipToMissing } from './relationship-to-missing';

/** The part of the search policy a found child must meet. */
export interface PowerPolicy {
  readonly thresholdLr: number;
  readonly maxInconsistentLoci: number;
  /** Loci where the child and at least one relative are typed (default 0). */
  readonly minLociCompared?: number;
}

export interface FamilyPowerInput {
  /** The reference family, with the missing member. */
  readonly pedigree: readonly Individual[];
  readonly missingId: string;
  /** Per locus: the model and the typed relatives. */
  readonly loci: readonly KinshipLocusData[];
  readonly policy: PowerPolicy;
  readonly theta?: number;
  readonly thetaMode?: ThetaMode;
  /** Simulated children (default 200): the standard error of a probability p is √(p(1 − p)/N), at most 0.035. */
  readonly simulations?: number;
  /** Uniform numbers in [0, 1); pass a seeded generator for reproducible results. */
  readonly random: () => number;
  /**
   * Draw each relative's genotype at a locus from a pool of this many exact draws (default: a
   * fresh draw per simulation). The cost of a relative is one child table per locus and DISTINCT
   * genotype drawn, so a pool of K caps it at K tables a locus (a founder drawn 200 times from a
   * 50-allele locus meets over 100 genotypes). Every simulation still pairs an exact draw of the
   * relative with an exact draw of the child given it, so the estimate stays unbiased; sharing
   * the K draws among simulations only adds variance, small once K is past a few dozen, as the 20+
   * loci of a profile combine the pools into distinct profiles (a bootstrap of the relative's law).
   */
  readonly relativeDraws?: number;
}

export interface SamplingCandidate {
  /** The member to type: an untyped member of the pedigree, or a new full sibling (`isNew`). */
  readonly individualId: string;
  /** Its relationship to the missing child, when it has a name in the vocabulary. */
  readonly relationship: Exclude<FoundPersonRelationship, 'missingChild'> | null;
  readonly isNew: boolean;
  /** P(the true child meets the policy | the family with this member typed too). */
  readonly probabilityMeetsPolicy: number;
  /** probabilityMeetsPolicy minus the family's current probability. */
  readonly gain: number;
}

export interface FamilyPower {
  /** P(the true missing child meets the policy | the family as typed now). */
  readonly probabilityMeetsPolicy: number;
  readonly simulations: number;
  /** Every relative that could be typed next, the largest gain first. */
  readonly candidates: readonly SamplingCandidate[];
}

export const DEFAULT_POWER_SIMULATIONS = 200;

/**
 * Estimates the family's power and the gain of typing each untyped member (and a new full sibling).
 * @throws KinshipError when the typed family is impossible under the model; KinshipLimitError past
 *   the engine's θ or loop limits.
 */
export function familyPower(input: FamilyPowerInput): FamilyPower {
  const simulations = input.simulations ?? DEFAULT_POWER_SIMULATIONS;
  if (!(Number.isInteger(simulations) && simulations > 0)) throw new RangeError(`simulations must be a positive integer, got ${simulations}`);
  if (!(input.policy.thresholdLr > 0)) throw new RangeError(`thresholdLr must be > 0, got ${input.policy.thresholdLr}`);
  const lociCount = input.loci.length;
  const childUniforms = uniforms(simulations * lociCount, input.random);
  const relativeUniforms = uniforms(simulations * lociCount, input.random);
  const poolSize = input.relativeDraws;
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0)) throw new RangeError(`relativeDraws must be a positive integer, got ${poolSize}`);
  const poolUniforms = poolSize === undefined ? null : uniforms(poolSize * lociCount, input.random);
  const options: LikelihoodOptions = { theta: input.theta ?? 0, thetaMode: input.thetaMode ?? 'joint' };
  const judge = policyJudge(input.policy);

  const family = compilePedigree(input.pedigree);
  const current = input.loci.map((l) => childOutcomes(family, input.missingId, l.typedByPerson, l.model, options));
  const probabilityMeetsPolicy = meetRate(simulations, lociCount, (_, l) => current[l]!, childUniforms, judge);

  const candidates = relativesToType(input).map((c): SamplingCandidate => {
    const ped = compilePedigree(c.individuals);
    const person = ped.indexOf(c.individualId);
    const byLocus = input.loci.map((l, k) => relativeOutcomes(ped, person, input.missingId, l, options, poolUniforms?.subarray(k * poolSize!, (k + 1) * poolSize!) ?? null));
    const p = meetRate(simulations, lociCount, (s, l) => byLocus[l]!.given(relativeUniforms[s * lociCount + l]!), childUniforms, judge);
    return { individualId: c.individualId, relationship: c.relationship, isNew: c.isNew, probabilityMeetsPolicy: p, gain: p - probabilityMeetsPolicy };
  });
  candidates.sort((a, b) => b.gain - a.gain || a.individualId.localeCompare(b.individualId));
  return { probabilityMeetsPolicy, simulations, candidates };
}

/** What a child of genotype g scores at one locus, and how likely g is for the true child. */
interface LocusOutcomes {
  /** Cumulative P(MP = g | data) by genotype index. */
  readonly cdf: Float64Array;
  readonly log10Lr: Float64Array;
  /** 1 when the locus is inconsistent (needs a mutation or excludes). */
  readonly inconsistent: Uint8Array;
  /** A relative is typed at this locus. */
  readonly compared: boolean;
}

function childOutcomes(ped: CompiledPedigree, missingId: string, typed: TypedByPerson, model: CompiledLocusModel, options: LikelihoodOptions): LocusOutcomes {
  const compared = Object.values(typed).some((g) => g);
  const count = model.genotypeCount;
  const weights = new Float64Array(count);
  const log10Lr = new Float64Array(count);
  const inconsistent = new Uint8Array(count);
  if ((options.theta ?? 0) === 0) {
    const table = missingPersonLocusTable(ped, missingId, typed, model);
    for (let g = 0; g < count; g++) {
      weights[g] = table.likelihoodH1[g]!;
      log10Lr[g] = Math.log10(table.lr[g]!);
      inconsistent[g] = table.status[g] === 0 ? 0 : 1;
    }
  } else {
    const pairs = genotypePairs(model.n);
    for (let g = 0; g < count; g++) {
      const r = missingPersonLocusLr(ped, missingId, typed, pairs[g]!, model, options.theta, options.thetaMode);
      weights[g] = r.likelihoodH1;
      log10Lr[g] = r.log10LR;
      inconsistent[g] = r.status === STATUS_CODES[0] ? 0 : 1;
    }
  }
  return { cdf: cumulative(normalized(weights, `${missingId} at locus ${model.name}`)), log10Lr, inconsistent, compared };
}

/**
 * A relative's genotype distribution and, memoised per drawn genotype, the child's outcomes given
 * it; with a pool (uniforms of its exact draws), a simulation's uniform picks one of the pool.
 */
function relativeOutcomes(
  ped: CompiledPedigree, person: number, missingId: string, locus: KinshipLocusData, options: LikelihoodOptions, pool: Float64Array | null,
) {
  const { model, typedByPerson } = locus;
  const genotypes = genotypeArray(ped, typedByPerson, model, `locus ${model.name}`);
  const cdf = cumulative(conditionalGenotypeDistribution(ped, genotypes, person, model, options));
  const pairs = genotypePairs(model.n);
  const memo = new Map<number, LocusOutcomes>();
  const drawn = pool === null ? null : Array.from(pool, (u) => draw(cdf, u));
  return {
    given(u: number): LocusOutcomes {
      const r = drawn === null ? draw(cdf, u) : drawn[Math.min(drawn.length - 1, Math.floor(u * drawn.length))]!;
      let outcomes = memo.get(r);
      if (outcomes === undefined) {
        outcomes = childOutcomes(ped, missingId, { ...typedByPerson, [ped.ids[person]!]: pairs[r]! }, model, options);
        memo.set(r, outcomes);
      }
      return outcomes;
    },
  };
}

/** Share of simulated children that meet the policy; `outcomesOf(s, l)` gives simulation s's locus l. */
function meetRate(
  simulations: number,
  lociCount: number,
  outcomesOf: (s: number, l: number) => LocusOutcomes,
  childUniforms: Float64Array,
  judge: (log10Lr: number, inconsistent: number, compared: number) => boolean,
): number {
  let meets = 0;
  for (let s = 0; s < simulations; s++) {
    let log10Lr = 0;
    let inconsistent = 0;
    let compared = 0;
    for (let l = 0; l < lociCount; l++) {
      const o = outcomesOf(s, l);
      const g = draw(o.cdf, childUniforms[s * lociCount + l]!);
      log10Lr += o.log10Lr[g]!;
      inconsistent += o.inconsistent[g]!;
      if (o.compared) compared++;
    }
    if (judge(log10Lr, inconsistent, compared)) meets++;
  }
  return meets / simulations;
}

/** The policy verdict of the search (LR >= threshold, inconsistent <= max, compared >= min), on log10 LR. */
function policyJudge(policy: PowerPolicy): (log10Lr: number, inconsistent: number, compared: number) => boolean {
  const log10Threshold = Math.log10(policy.thresholdLr);
  const minCompared = policy.minLociCompared ?? 0;
  return (log10Lr, inconsistent, compared) => log10Lr >= log10Threshold && inconsistent <= policy.maxInconsistentLoci && compared >= minCompared;
}

interface RelativeToType {
  readonly individuals: readonly Individual[];
  readonly individualId: string;
  readonly relationship: Exclude<FoundPersonRelationship, 'missingChild'> | null;
  readonly isNew: boolean;
}

/** Every member untyped at all loci (except the missing child), and a new full sibling. */
function relativesToType(input: FamilyPowerInput): RelativeToType[] {
  const typedIds = new Set(input.loci.flatMap((l) => Object.entries(l.typedByPerson).filter(([, g]) => g).map(([id]) => id)));
  const existing = input.pedigree
    .filter((i) => i.id !== input.missingId && !typedIds.has(i.id))
    .map((i) => ({ individuals: input.pedigree, individualId: i.id, relationship: relationshipToMissing(input.pedigree, input.missingId, i.id), isNew: false }));
  const sibling = placeFoundPerson(input.pedigree, input.missingId, 'fullSibling', 'female', typedIds, 'newFullSibling')!;
  return [...existing, { individuals: sibling.individuals, individualId: sibling.foundId, relationship: 'fullSibling', isNew: true }];
}

function uniforms(count: number, random: () => number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = random();
  return out;
}

/** Running sums of probabilities. */
function cumulative(probabilities: Float64Array): Float64Array {
  const out = new Float64Array(probabilities.length);
  let total = 0;
  for (let g = 0; g < probabilities.length; g++) {
    total += probabilities[g]!;
    out[g] = total;
  }
  return out;
}

/** The genotype index whose cumulative interval holds u · total (inverse transform); never a zero-probability genotype. */
function draw(cdf: Float64Array, u: number): number {
  const target = u * cdf[cdf.length - 1]!;
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  // Only when rounding put the target at the very top: step back to the last possible genotype.
  while (lo > 0 && cdf[lo] === cdf[lo - 1]) lo--;
  return lo;
}

const pairsCache = new Map<number, readonly GenotypePair[]>();

/** Allele pairs by genotype index (b (b + 1) / 2 + a for a <= b, locus-model.ts). */
function genotypePairs(n: number): readonly GenotypePair[] {
  let pairs = pairsCache.get(n);
  if (!pairs) {
    const list: GenotypePair[] = [];
    for (let b = 0; b < n; b++) for (let a = 0; a <= b; a++) list.push([a, b]);
    pairs = list;
    pairsCache.set(n, pairs);
  }
  return pairs;
}
