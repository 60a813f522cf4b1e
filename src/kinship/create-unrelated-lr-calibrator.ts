/**
 * The unrelated-person exceedance for many families of one pedigree shape, as an index build
 * needs it: the per-locus scorers are compiled once per set of typed members, and each locus'
 * binned law and moments are kept per (locus, typed genotypes). Families of one template share no
 * full profile, but one relative's genotype at one locus repeats across thousands of families (a
 * locus has a few hundred genotypes), so after the first families the per-family work is the
 * combination alone: a grid convolution (`distribution`, exact up to the rounding, a fraction of a
 * millisecond without a mutation model and a few milliseconds with one: for a match's exceedance
 * and chart) or one sum per locus and exponent (`bound`, `estimate`: microseconds, for every
 * family of an index). `npm run bench:calibration` measures both.
 */
import { binLog10Lrs, type BinnedLog10Lrs, type CoarseTail } from './bin-log10-lrs';
import { chernoffExceedance } from './chernoff-exceedance';
import { convolveLog10Lrs } from './convolve-log10-lrs';
import { exceedanceDistribution, type UnrelatedLrDistribution } from './exceedance-distribution';
import { log10LrMoments, MOMENT_EXPONENTS } from './log10-lr-moments';
import { saddlepointExceedance } from './saddlepoint-exceedance';
import { genotypeIndex, type CompiledLocusModel } from './locus-model';
import { createMissingPersonLocusScorer, type MissingPersonLocusScorer } from './missing-person-scorer';
import type { CompiledPedigree } from './pedigree';
import { unrelatedLocusLrs } from './unrelated-locus-lrs';

export interface UnrelatedLrOptions {
  /** Balding–Nichols θ, joint mode (default 0). */
  readonly theta?: number;
  /**
   * Grid step in log10 units (default 0.01). Each locus is rounded up by less than one step, so
   * over L loci the reported exceedance is that of a log10 LR at most L · step lower.
   */
  readonly stepLog10?: number;
  /** Exceedances are resolved from this log10 LR up (default 0: LR >= 1); below it they read 1. */
  readonly minLog10Lr?: number;
  /** Coarser upward rounding of very small per-locus LRs (bin-log10-lrs.ts); default none. */
  readonly coarseTail?: CoarseTail;
  /**
   * Largest number of binned laws, and of moment vectors, kept per locus (default 16,384); past it
   * new ones are not kept. Trios drawn from the NIST 1036 table meet about 6,500 distinct parent
   * pairs per CODIS locus in a million families, and 16,384 keeps 99% of lookups hits; a moment
   * vector (25 exponents) takes about 330 bytes, a binned law about 1 kB with a mutation model.
   */
  readonly cachePerLocus?: number;
}

export interface UnrelatedLrCalibrator {
  /**
   * The distribution for one family of this shape.
   * @param genotypes per locus, two allele indices per pedigree member (-1 untyped), as the scorer takes them.
   */
  distribution(genotypes: readonly Int32Array[]): UnrelatedLrDistribution;
  /**
   * The Chernoff bound of the same exceedance (chernoff-exceedance.ts): looser than the
   * distribution's, never below it in the limit of a fine grid, and cheap enough for every family
   * of an index (per-locus moments cached like the laws).
   */
  bound(genotypes: readonly Int32Array[]): LrExceedance;
  /**
   * The Bahadur–Rao estimate of the same exceedance (saddlepoint-exceedance.ts) from the same
   * cached moments: not a bound, but without the Chernoff slack; for expected counts.
   */
  estimate(genotypes: readonly Int32Array[]): LrExceedance;
  /**
   * {@link estimate} at one threshold, stopping early where the answer cannot matter: loci are
   * taken cheapest first (fewest genotypes), and once the Chernoff bound of the loci taken so far
   * falls below `negligible` that bound is returned instead of the estimate. The bound over a
   * subset of loci holds for the whole profile at λ in [0, 1]: each locus left out has
   * E[LR_l^λ] <= E[LR_l]^λ = 1 (Jensen, and Turing's E[LR_l | H2] = 1), so leaving it out can
   * only raise the product. A parents-and-child family is below 10^-9 after its small loci,
   * which spares the thousand-odd genotypes of SE33 and Penta E that make up most of its cost.
   */
  tail(genotypes: readonly Int32Array[], log10Lr: number, negligible: number): Tail;
  /**
   * The same calibrator over `models` (the same loci in the same order): the caches of every locus
   * whose compiled model is the same object are kept, the others start empty. A panel that learns
   * an allele recompiles that locus only, so a large index keeps the work of every other locus.
   */
  withModels(models: readonly CompiledLocusModel[]): UnrelatedLrCalibrator;
}

/** P(LR >= the threshold | unrelated) for one threshold: the estimate, or a bound below `negligible` (`bounded`). */
export interface Tail {
  readonly probability: number;
  readonly bounded: boolean;
}

/** What a policy probability needs: an exceedance function and the loci compared. */
export interface LrExceedance {
  readonly lociCompared: number;
  /** P(LR >= 10^log10Lr | the found person is unrelated): an upper bound or an estimate, as its producer says. */
  exceedance(log10Lr: number): number;
}

export const DEFAULT_STEP_LOG10 = 0.01;
/** The moment exponents in [0, 1], where a subset of loci bounds the whole profile (log10-lr-moments.ts: the first 17). */
const UNIT_EXPONENTS = MOMENT_EXPONENTS.findIndex((x) => x > 1);
const DEFAULT_CACHE_PER_LOCUS = 16_384;

/**
 * A calibrator for families on `pedigree` with `missing` untyped, over the loci of `models` (the
 * loci a fully typed found person would be compared on: pass only the found person's typed loci
 * to calibrate a found person typed at fewer, since an untyped locus has LR 1).
 * @throws RangeError for a step <= 0.
 */
export function createUnrelatedLrCalibrator(
  pedigree: CompiledPedigree,
  missing: number,
  models: readonly CompiledLocusModel[],
  options: UnrelatedLrOptions = {},
): UnrelatedLrCalibrator {
  const step = options.stepLog10 ?? DEFAULT_STEP_LOG10;
  if (!(step > 0)) throw new RangeError(`stepLog10 must be > 0, got ${step}`);
  return calibratorOver(pedigree, missing, models.map((model) => newLocusCache(model)), options);
}

/** What a calibrator keeps of one locus: valid for its model only (a new allele renormalises it). */
interface LocusCache {
  readonly model: CompiledLocusModel;
  /** Scorers by the set of typed members (a bit per member, or a string past 30 members). */
  readonly scorers: Map<number | string, MissingPersonLocusScorer>;
  readonly laws: Map<number | string, BinnedLog10Lrs & { readonly compared: boolean }>;
  readonly moments: Map<number | string, { readonly moments: Float64Array; readonly compared: boolean }>;
  /** One LR array reused by every family whose moments are not cached: the moments are all that is kept of it. */
  readonly lrScratch: Float64Array;
}

function newLocusCache(model: CompiledLocusModel): LocusCache {
  return { model, scorers: new Map(), laws: new Map(), moments: new Map(), lrScratch: new Float64Array(model.genotypeCount) };
}

function calibratorOver(
  pedigree: CompiledPedigree,
  missing: number,
  loci: readonly LocusCache[],
  options: UnrelatedLrOptions,
): UnrelatedLrCalibrator {
  const theta = options.theta ?? 0;
  const step = options.stepLog10 ?? DEFAULT_STEP_LOG10;
  const minLog10Lr = options.minLog10Lr ?? 0;
  const cap = options.cachePerLocus ?? DEFAULT_CACHE_PER_LOCUS;

  const scorerFor = (locus: LocusCache, g: Int32Array): MissingPersonLocusScorer => {
    const key = typedKey(g, pedigree.size);
    let s = locus.scorers.get(key);
    if (!s) {
      const typed = Array.from({ length: pedigree.size }, (_, i) => g[2 * i]! >= 0);
      s = createMissingPersonLocusScorer(pedigree, missing, typed, locus.model, theta);
      locus.scorers.set(key, s);
    }
    return s;
  };

  const lawFor = (locus: LocusCache, g: Int32Array): BinnedLog10Lrs & { readonly compared: boolean } => {
    const key = genotypeKey(g, locus.model.genotypeCount);
    const hit = locus.laws.get(key);
    if (hit) return hit;
    const lrs = unrelatedLocusLrs(pedigree, missing, locus.model, g, theta, scorerFor(locus, g));
    const law = { ...binLog10Lrs(lrs.lr.map(Math.log10), lrs.probability, step, options.coarseTail), compared: lrs.compared };
    if (locus.laws.size < cap) locus.laws.set(key, law);
    return law;
  };

  const momentsFor = (locus: LocusCache, g: Int32Array): { readonly moments: Float64Array; readonly compared: boolean } => {
    const key = genotypeKey(g, locus.model.genotypeCount);
    const hit = locus.moments.get(key);
    if (hit) return hit;
    const lrs = unrelatedLocusLrs(pedigree, missing, locus.model, g, theta, scorerFor(locus, g), locus.lrScratch);
    const entry = { moments: log10LrMoments(lrs.lr, lrs.probability), compared: lrs.compared };
    if (locus.moments.size < cap) locus.moments.set(key, entry);
    return entry;
  };

  const cheapestFirst = loci.map((_, l) => l).sort((a, b) => loci[a]!.model.genotypeCount - loci[b]!.model.genotypeCount || a - b);

  const momentsOf = (genotypes: readonly Int32Array[]): { perLocus: Float64Array[]; lociCompared: number } => {
    checkLoci(genotypes);
    const perLocus: Float64Array[] = [];
    let lociCompared = 0;
    for (let l = 0; l < loci.length; l++) {
      const entry = momentsFor(loci[l]!, genotypes[l]!);
      if (entry.compared) lociCompared++;
      perLocus.push(entry.moments);
    }
    return { perLocus, lociCompared };
  };

  const checkLoci = (genotypes: readonly Int32Array[]): void => {
    if (genotypes.length !== loci.length) throw new RangeError(`expected genotypes at ${loci.length} loci, got ${genotypes.length}`);
  };

  return {
    bound(genotypes) {
      const { perLocus, lociCompared } = momentsOf(genotypes);
      return { lociCompared, exceedance: (log10Lr) => chernoffExceedance(perLocus, log10Lr) };
    },
    estimate(genotypes) {
      const { perLocus, lociCompared } = momentsOf(genotypes);
      return { lociCompared, exceedance: (log10Lr) => saddlepointExceedance(perLocus, log10Lr) };
    },
    tail(genotypes, log10Lr, negligible) {
      checkLoci(genotypes);
      const perLocus: Float64Array[] = [];
      const log10Negligible = Math.log10(negligible);
      const sums = new Float64Array(UNIT_EXPONENTS);
      for (const l of cheapestFirst) {
        const m = momentsFor(loci[l]!, genotypes[l]!).moments;
        perLocus.push(m);
        let best = 0;
        for (let k = 0; k < UNIT_EXPONENTS; k++) {
          sums[k] = sums[k]! + m[k]!;
          best = Math.min(best, sums[k]! - MOMENT_EXPONENTS[k]! * log10Lr);
        }
        if (best < log10Negligible && perLocus.length < loci.length) return { probability: 10 ** best, bounded: true };
      }
      return { probability: saddlepointExceedance(perLocus, log10Lr), bounded: false };
    },
    distribution(genotypes) {
      checkLoci(genotypes);
      const binned: BinnedLog10Lrs[] = [];
      let compared = 0;
      for (let l = 0; l < loci.length; l++) {
        const law = lawFor(loci[l]!, genotypes[l]!);
        if (law.compared) compared++;
        // Every genotype on grid point 0 (no typed relative: LR 1 everywhere) shifts nothing.
        if (law.bins.length === 1 && law.bins[0] === 0 && law.zeroMass === 0) continue;
        binned.push(law);
      }
      return exceedanceDistribution(convolveLog10Lrs(binned, step, minLog10Lr), compared);
    },
    withModels(next) {
      if (next.length !== loci.length) throw new RangeError(`expected models of ${loci.length} loci, got ${next.length}`);
      if (next.every((model, l) => model === loci[l]!.model)) return this;
      return calibratorOver(pedigree, missing, next.map((model, l) => (model === loci[l]!.model ? loci[l]! : newLocusCache(model))), options);
    },
  };
}

/** The set of typed members of a locus' genotype array: a bit per member while they fit, else a string. */
function typedKey(g: Int32Array, members: number): number | string {
  if (members > 30) return Array.from({ length: members }, (_, i) => (g[2 * i]! >= 0 ? '1' : '0')).join('');
  let mask = 0;
  for (let i = 0; i < members; i++) if (g[2 * i]! >= 0) mask |= 1 << i;
  return mask;
}

/** A cache key for one locus' genotype array: exact as a number while it fits 2^53, else a string. */
function genotypeKey(g: Int32Array, genotypeCount: number): number | string {
  const base = genotypeCount + 1;
  let key = 0;
  for (let i = 0; i < g.length; i += 2) {
    if (key > (Number.MAX_SAFE_INTEGER - base) / base) return Array.prototype.join.call(g, ',');
    key = key * base + (g[i]! < 0 ? 0 : 1 + genotypeIndex(g[i]!, g[i + 1]!));
  }
  return key;
}
