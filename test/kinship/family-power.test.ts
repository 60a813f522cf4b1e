import {
  compileLocusModel, familyPower, type CompiledLocusModel, type GenotypePair, type Individual, type KinshipLocusData, type Sex,
} from '../../src/kinship';
import { caseLoci, drawChild, drawFounder, seeded, type Random } from './support/case-loci';

const I = (id: string, father: string | null, mother: string | null, sex: Sex): Individual => ({ id, father, mother, sex });
const NUCLEAR = [I('FA', null, null, 'male'), I('MO', null, null, 'female'), I('MP', 'FA', 'MO', 'male')];
const POLICY = { thresholdLr: 10_000, maxInconsistentLoci: 2 };

/** Typed genotypes per locus from a generator of one locus' family. */
function lociOf(models: readonly CompiledLocusModel[], family: (model: CompiledLocusModel, random: Random) => Record<string, GenotypePair>, seed: number): KinshipLocusData[] {
  const random = seeded(seed);
  return models.map((model) => ({ model, typedByPerson: family(model, random) }));
}

describe('familyPower', () => {
  it('when both parents are typed at 20 loci, then the true child meets LR >= 10,000 almost surely', () => {
    const loci = lociOf(caseLoci(20, { model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 }), (m, r) => ({ FA: drawFounder(m, r), MO: drawFounder(m, r) }), 1);
    const power = familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: POLICY, random: seeded(2) });
    expect(power.probabilityMeetsPolicy).toBeGreaterThanOrEqual(0.98);
    expect(power.simulations).toBe(200);
  });

  it('when the only typed relative is a first cousin, then the true child almost never meets LR >= 10,000', () => {
    const pedigree = [
      I('PGF', null, null, 'male'), I('PGM', null, null, 'female'), I('FA', 'PGF', 'PGM', 'male'), I('UNCLE', 'PGF', 'PGM', 'male'),
      I('AUNT_IN_LAW', null, null, 'female'), I('COUSIN', 'UNCLE', 'AUNT_IN_LAW', 'male'), I('MO', null, null, 'female'), I('MP', 'FA', 'MO', 'male'),
    ];
    const loci = lociOf(caseLoci(20), (m, r) => ({ COUSIN: drawFounder(m, r) }), 3);
    const power = familyPower({ pedigree, missingId: 'MP', loci, policy: POLICY, random: seeded(4) });
    expect(power.probabilityMeetsPolicy).toBeLessThanOrEqual(0.02);
    expect(power.candidates.map((c) => c.individualId).sort()).toEqual(['AUNT_IN_LAW', 'FA', 'MO', 'PGF', 'PGM', 'UNCLE', 'newFullSibling'].sort());
    expect(power.candidates[0]!.relationship).toBe('father');
  });

  it('when only the father is typed, then typing the mother has a positive gain, and every candidate\'s figures are consistent', () => {
    const loci = lociOf(caseLoci(12), (m, r) => ({ FA: drawFounder(m, r) }), 5);
    const power = familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: { thresholdLr: 1e5, maxInconsistentLoci: 0 }, random: seeded(6) });
    const mother = power.candidates.find((c) => c.individualId === 'MO')!;
    expect(mother.relationship).toBe('mother');
    expect(mother.gain).toBeGreaterThan(0.1);
    for (const c of power.candidates) expect(c.gain).toBeCloseTo(c.probabilityMeetsPolicy - power.probabilityMeetsPolicy, 12);
    expect(power.candidates.map((c) => c.gain)).toEqual([...power.candidates.map((c) => c.gain)].sort((a, b) => b - a));
  });

  it('when the family is a three-generation paternal line (grandparents, an uncle and the father typed, 20 loci, mutation on), then the estimate takes well under 2 s', () => {
    const pedigree = [
      I('PGF', null, null, 'male'), I('PGM', null, null, 'female'), I('FA', 'PGF', 'PGM', 'male'), I('UNCLE', 'PGF', 'PGM', 'male'),
      I('MO', null, null, 'female'), I('MP', 'FA', 'MO', 'male'),
    ];
    const loci = lociOf(caseLoci(20, { model: 'stepwise', rate2: 1e-6, range: 0.5, female: { rate: 0.001 }, male: { rate: 0.004 } }), (m, r) => {
      const pgf = drawFounder(m, r);
      const pgm = drawFounder(m, r);
      return { PGF: pgf, PGM: pgm, FA: drawChild(pgf, pgm, r), UNCLE: drawChild(pgf, pgm, r) };
    }, 7);
    const started = process.hrtime.bigint();
    const power = familyPower({ pedigree, missingId: 'MP', loci, policy: POLICY, random: seeded(8) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(2000);
    expect(power.candidates.map((c) => c.relationship).sort()).toEqual(['fullSibling', 'mother']);
  });

  it('when one locus is simulated many times, then the estimate agrees with the exact probability within Monte Carlo error', () => {
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.05, '7': 0.15, '8': 0.3, '9': 0.5 } });
    const loci = [{ model, typedByPerson: { FA: [0, 1] as GenotypePair } }];
    // Father 6/7 and LR >= 2: a child with his rare 6 passes (LR 1/(4 p6) = 5 or more); with his 7, only
    // 6/7 (LR (p6 + p7)/(4 p6 p7) = 6.7) and 7/7 (LR 1/(2 p7) = 3.3) do, not 7/8 or 7/9 (1/(4 p7) = 1.7).
    const exact = exactMeetRate(model, 2);
    expect(exact).toBeCloseTo(0.5 + 0.5 * (0.05 + 0.15), 12);
    const power = familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: { thresholdLr: 2, maxInconsistentLoci: 0 }, simulations: 4000, random: seeded(9) });
    const se = Math.sqrt((exact * (1 - exact)) / 4000);
    expect(Math.abs(power.probabilityMeetsPolicy - exact)).toBeLessThan(4 * se);
  });

  it('when relatives are drawn from a pool of exact draws, then each relative\'s estimate agrees with fresh draws within Monte Carlo error', () => {
    const loci = lociOf(caseLoci(12), (m, r) => ({ FA: drawFounder(m, r) }), 5);
    const input = { pedigree: NUCLEAR, missingId: 'MP', loci, policy: { thresholdLr: 1e5, maxInconsistentLoci: 0 }, simulations: 2000 };

    const fresh = familyPower({ ...input, random: seeded(11) });
    const pooled = familyPower({ ...input, random: seeded(12), relativeDraws: 24 });

    expect(pooled.probabilityMeetsPolicy).toBe(familyPower({ ...input, random: seeded(12) }).probabilityMeetsPolicy);
    for (const c of fresh.candidates) {
      const p = c.probabilityMeetsPolicy;
      const q = pooled.candidates.find((x) => x.individualId === c.individualId)!.probabilityMeetsPolicy;
      // Two independent estimates from 2,000 simulations each: 4 standard errors of their difference.
      expect(Math.abs(p - q)).toBeLessThanOrEqual(4 * Math.sqrt((2 * Math.max(p * (1 - p), 0.01)) / 2000));
    }
    expect(() => familyPower({ ...input, random: seeded(1), relativeDraws: 0 })).toThrow(RangeError);
  });

  it('when the same seed is used twice, then the result is the same', () => {
    const loci = lociOf(caseLoci(8), (m, r) => ({ FA: drawFounder(m, r) }), 10);
    const a = familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: POLICY, simulations: 50, random: seeded(11) });
    const b = familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: POLICY, simulations: 50, random: seeded(11) });
    expect(b).toEqual(a);
  });

  it('when θ > 0, then the estimate is a probability and typing the mother still helps', () => {
    const loci = lociOf(caseLoci(4), (m, r) => ({ FA: drawFounder(m, r) }), 12);
    const power = familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: { thresholdLr: 10, maxInconsistentLoci: 0 }, theta: 0.02, simulations: 100, random: seeded(13) });
    expect(power.probabilityMeetsPolicy).toBeGreaterThanOrEqual(0);
    expect(power.probabilityMeetsPolicy).toBeLessThan(1);
    expect(power.candidates.find((c) => c.individualId === 'MO')!.gain).toBeGreaterThan(0);
  });

  it('when the simulation count or threshold is not valid, then it is refused', () => {
    const loci = lociOf(caseLoci(2), (m, r) => ({ FA: drawFounder(m, r) }), 14);
    expect(() => familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: POLICY, simulations: 0, random: seeded(1) })).toThrow(RangeError);
    expect(() => familyPower({ pedigree: NUCLEAR, missingId: 'MP', loci, policy: { ...POLICY, thresholdLr: 0 }, random: seeded(1) })).toThrow(RangeError);
  });
});

/** Father 6/7, untyped mother, no mutation: Σ over (father's allele, mother's allele) of their probability · [LR >= threshold]. */
function exactMeetRate(model: CompiledLocusModel, threshold: number): number {
  const p = Array.from(model.freqs);
  let total = 0;
  for (const fromFather of [0, 1]) {
    for (let other = 0; other < p.length; other++) {
      if (duoLr(p, [Math.min(fromFather, other), Math.max(fromFather, other)]) >= threshold) total += 0.5 * p[other]!;
    }
  }
  return total;
}

/** LR of child {a, b} against father {0, 1}: P(child | father) / P(child), P(child | father) = Σ_ord ½[x_f ∈ {0, 1}] · p(x_m). */
function duoLr(p: readonly number[], [a, b]: readonly [number, number]): number {
  const fromFather = (x: number): number => (x === 0 || x === 1 ? 0.5 : 0);
  const given = a === b ? fromFather(a) * p[a]! : fromFather(a) * p[b]! + fromFather(b) * p[a]!;
  const hw = a === b ? p[a]! ** 2 : 2 * p[a]! * p[b]!;
  return given / hw;
}
