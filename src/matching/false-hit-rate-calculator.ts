/**
 * A reference family's probability of meeting the search policy when the found person is
 * unrelated to it, P_i = P(LR_i >= thresholdLr, loci compared >= minLociCompared | unrelated): the
 * summand of a candidate list's expected number of false candidates.
 *
 * P_i is the Bahadur–Rao saddlepoint estimate of the family's unrelated-LR tail from per-locus
 * moments (kinship create-unrelated-lr-calibrator.ts `estimate`: microseconds a family once the
 * per-locus moments of its relatives' genotypes are cached; a median 0.7 to 1.0 times the exact
 * grid's upper bound, `npm run bench:calibration`), not a bound: an expected count wants the best
 * estimate, and N / LR stays on every match as the bound (a family whose rate is negligible gets
 * a Chernoff bound instead, {@link NEGLIGIBLE_RATE}). It is computed for a found person typed
 * at every panel locus; one typed at fewer loci has fewer chances to pass, so the sum overstates
 * their expected false candidates. A family whose relatives alone are impossible under the model
 * contributes 0 (it can produce no candidate).
 */
import {
  compilePedigree, createUnrelatedLrCalibrator, type CompiledLocusModel, type CompiledPedigree, type Individual,
  type UnrelatedLrCalibrator,
} from '../kinship';

/**
 * A family whose rate is bounded below this is given the bound rather than the estimate
 * (create-unrelated-lr-calibrator.ts `tail`): it saves the large loci of a parents-and-child
 * family, and a million such families add at most 10^-3 to a search's expected false candidates,
 * against the 0.60 a search of a million simulated families expects in all (`npm run bench`).
 */
const NEGLIGIBLE_RATE = 1e-9;

/**
 * The policy values a false-hit rate depends on. The rates are computed with θ = 0 laws whatever
 * the policy's θ: the exact θ law of one locus needs a pedigree likelihood for every genotype the
 * found person could have (unrelated-locus-lrs.ts), hours for a national index, where the θ = 0
 * law comes from one closed-form table. At θ = 0.01 the two differ little (the θ correction lowers
 * the LR of a shared allele and raises the chance that an unrelated person of the same population
 * shares it), so the index's expected false candidates stay an estimate at the policy θ; a match's
 * own `exceedance` is computed at the policy θ (match-evidence.ts).
 */
export interface FalseHitRatePolicy {
  readonly thresholdLr: number;
  readonly minLociCompared: number;
}

/** A family's pedigree: who is in it and who is missing (the typed members come as genotypes). */
export interface FamilyPedigree {
  readonly individuals: readonly Individual[];
  readonly missing: string;
}

/** Fills one locus' genotype array: two allele indices per pedigree member, -1 where untyped (the array comes filled with -1). */
export type GenotypeFill = (pedigree: CompiledPedigree, locus: number, out: Int32Array) => void;

/** One string per distinct pedigree (members, parents, sexes and who is missing): families of one shape share a calibrator. */
export function pedigreeKey(family: FamilyPedigree): string {
  let key = family.missing;
  for (const i of family.individuals) key += `|${i.id},${i.father ?? ''},${i.mother ?? ''},${i.sex ?? ''}`;
  return key;
}

/** Loci where some relative is typed: those a fully typed found person is compared on. */
function lociCompared(genotypes: readonly Int32Array[]): number {
  let n = 0;
  for (const g of genotypes) {
    for (let i = 0; i < g.length; i += 2) {
      if (g[i]! >= 0) {
        n++;
        break;
      }
    }
  }
  return n;
}

interface ShapeCalibrator {
  readonly calibrator: UnrelatedLrCalibrator;
  readonly pedigree: CompiledPedigree;
}

/**
 * The rates of many families under one policy, with one calibrator per pedigree shape: its
 * per-locus caches are what make a million families affordable (create-unrelated-lr-calibrator.ts).
 */
export class FalseHitRateCalculator {
  private readonly calibrators = new Map<string, ShapeCalibrator>();

  constructor(readonly policy: FalseHitRatePolicy) {}

  /** P(an unrelated found person meets the policy against the family), 0 when its relatives are impossible under the models. */
  rateOf(family: FamilyPedigree, models: readonly CompiledLocusModel[], fill: GenotypeFill): number {
    try {
      const { calibrator, pedigree } = this.calibratorFor(family, models);
      const width = 2 * pedigree.size;
      const buffer = new Int32Array(models.length * width).fill(-1);
      const genotypes = models.map((_, l) => {
        const out = buffer.subarray(l * width, (l + 1) * width);
        fill(pedigree, l, out);
        return out;
      });
      if (lociCompared(genotypes) < this.policy.minLociCompared) return 0;
      // A threshold of 0 lets every LR pass.
      if (!(this.policy.thresholdLr > 0)) return 1;
      return calibrator.tail(genotypes, Math.log10(this.policy.thresholdLr), NEGLIGIBLE_RATE).probability;
    } catch {
      return 0;
    }
  }

  private calibratorFor(family: FamilyPedigree, models: readonly CompiledLocusModel[]): ShapeCalibrator {
    const key = pedigreeKey(family);
    let entry = this.calibrators.get(key);
    if (!entry) {
      const pedigree = compilePedigree(family.individuals, 'family');
      entry = { pedigree, calibrator: createUnrelatedLrCalibrator(pedigree, pedigree.indexOf(family.missing), models) };
      this.calibrators.set(key, entry);
    } else {
      // A learned allele changes its locus' model only: calibrate that locus anew, keep the rest.
      const calibrator = entry.calibrator.withModels(models);
      if (calibrator !== entry.calibrator) {
        entry = { pedigree: entry.pedigree, calibrator };
        this.calibrators.set(key, entry);
      }
    }
    return entry;
  }
}
