import type { SearchPolicy } from '../../domain';
import {
  compilePedigree, createUnrelatedLrCalibrator, probabilityMeetingPolicy, type CompiledLocusModel, type UnrelatedLrCalibrator,
} from '../../kinship';
import type { FamilyInput } from '../../matching';
import { genotypeArrays } from './typed-at';

interface ShapeCalibrator {
  readonly calibrator: UnrelatedLrCalibrator;
  readonly pedigree: ReturnType<typeof compilePedigree>;
}

/**
 * Every indexed family's probability of meeting the search policy when the found person is
 * unrelated to it, P_i = P(LR_i >= thresholdLr, loci compared >= minLociCompared | unrelated), kept
 * beside the index (one number a family, never in the packed rows) with their running sum, so a
 * candidate list reads its expected number of false candidates without a query paying for it:
 * - a found person searched against the N families: Σ_i P_i (the sum over the searched records);
 * - a family searched against the M found persons: M · P_family (every found person is one draw).
 *
 * P_i is the Bahadur–Rao saddlepoint estimate of the family's unrelated-LR tail from per-locus
 * moments (kinship create-unrelated-lr-calibrator.ts `estimate`: microseconds a family once the
 * per-locus moments of its relatives' genotypes are cached; a median 0.7 to 1.0 times the exact grid's
 * upper bound, `npm run bench:calibration`),
 * not a bound: an expected count wants the best estimate, and N / LR stays on every match as the
 * bound. It is computed for a found person typed at every panel locus; one typed at fewer loci
 * has fewer chances to pass, so the sum overstates their expected false candidates. A family whose
 * relatives alone are impossible under the model contributes 0 (it can produce no candidate).
 * Built with the index under one policy; a new policy builds a new set (search-index.ts).
 */
export class FalseHitRates {
  private readonly byFamily = new Map<string, number>();
  private sum = 0;
  private readonly calibrators = new Map<string, ShapeCalibrator>();
  private calibratedModels: readonly CompiledLocusModel[] | null = null;

  constructor(
    private readonly models: () => readonly CompiledLocusModel[],
    private readonly policy: Pick<SearchPolicy, 'thresholdLr' | 'minLociCompared' | 'theta'>,
  ) {}

  /** Σ_i P_i over the indexed families: the expected false candidates of a found person's search. */
  get total(): number {
    return Math.max(0, this.sum);
  }

  /** P_i of an indexed family (undefined when it is not indexed). */
  rateOf(caseId: string): number | undefined {
    return this.byFamily.get(caseId);
  }

  /** Indexes (or re-indexes) a family's rate. */
  upsert(caseId: string, family: FamilyInput): void {
    this.remove(caseId);
    const rate = this.rateFor(family);
    this.byFamily.set(caseId, rate);
    this.sum += rate;
  }

  /** Every indexed family's rate (written beside the index snapshot). */
  entries(): IterableIterator<[string, number]> {
    return this.byFamily.entries();
  }

  /** Takes back the rates written by {@link entries} (the families of a restored snapshot). */
  restore(entries: Iterable<readonly [string, number]>): void {
    for (const [caseId, rate] of entries) {
      this.remove(caseId);
      this.byFamily.set(caseId, rate);
      this.sum += rate;
    }
  }

  remove(caseId: string): void {
    const old = this.byFamily.get(caseId);
    if (old === undefined) return;
    this.byFamily.delete(caseId);
    this.sum -= old;
    if (this.byFamily.size === 0) this.sum = 0;
  }

  /** P(an unrelated found person meets the policy against `family`), for any family (an ad hoc one too). */
  rateFor(family: FamilyInput): number {
    const models = this.models();
    // A learned allele renumbers nothing but changes the locus models: calibrate anew from here.
    if (models !== this.calibratedModels) {
      this.calibrators.clear();
      this.calibratedModels = models;
    }
    try {
      const { calibrator, pedigree } = this.calibratorFor(family, models);
      const genotypes = genotypeArrays(pedigree, family.typed, models);
      return probabilityMeetingPolicy(calibrator.estimate(genotypes), this.policy);
    } catch {
      return 0;
    }
  }

  private calibratorFor(family: FamilyInput, models: readonly CompiledLocusModel[]): ShapeCalibrator {
    let key = family.missing;
    for (const i of family.individuals) key += `|${i.id},${i.father ?? ''},${i.mother ?? ''},${i.sex ?? ''}`;
    let entry = this.calibrators.get(key);
    if (!entry) {
      const pedigree = compilePedigree(family.individuals, 'family');
      entry = { pedigree, calibrator: createUnrelatedLrCalibrator(pedigree, pedigree.indexOf(family.missing), models, { theta: this.policy.theta }) };
      this.calibrators.set(key, entry);
    }
    return entry;
  }
}
