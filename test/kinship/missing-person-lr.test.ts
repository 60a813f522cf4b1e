import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  compileLocusModel, compilePedigree, genotypeIndex, KinshipError, missingPersonLocusLr, missingPersonLocusTable,
  missingPersonLr, type CompiledLocusModel, type Individual,
} from '../../src/kinship';
import { arbSmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { compileSmallLocus } from './support/engine';

const founder = (id: string, sex: 'male' | 'female'): Individual => ({ id, father: null, mother: null, sex });
const child = (id: string, father: string, mother: string, sex: 'male' | 'female'): Individual => ({ id, father, mother, sex });
const DUO = [founder('FA', 'male'), founder('MO', 'female'), child('MP', 'FA', 'MO', 'male')];
const FULL_SIB = [founder('FA', 'male'), founder('MO', 'female'), child('S1', 'FA', 'MO', 'male'), child('MP', 'FA', 'MO', 'male')];
const HALF_SIB = [
  founder('FA', 'male'), founder('MO', 'female'), founder('M2', 'female'), child('HS', 'FA', 'M2', 'male'), child('MP', 'FA', 'MO', 'male'),
];

/** A D18S51 table with p(13) = 0.1, p(15) = 0.180412 (README §4 hand check), p(17) = 0.15 and the rest lumped. */
const FREQS = { '13': 0.1, '15': 0.180412, '16': 0.2, '17': 0.15, '18': 0.369588 };
const p = FREQS;
const model = (mutation?: object): CompiledLocusModel => compileLocusModel({ name: 'D18S51', frequencies: FREQS, mutation: mutation ?? null });
const idx = (m: CompiledLocusModel, ...alleles: string[]): [number, number] => [m.indexOf(alleles[0]!), m.indexOf(alleles[1]!)];

describe('missingPersonLocusLr — hand-computed cases', () => {
  it('when the father is 13/15 and the POI 15/17 (duo), then LR = 1/(4 p15) = 1.3857171363323948 (README §4)', () => {
    const m = model();
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '13', '15') }, idx(m, '15', '17'), m);
    expect(relativeError(r.LR, 1 / (4 * p['15']))).toBeLessThan(1e-14);
    expect(relativeError(r.LR, 1.3857171363323948)).toBeLessThan(1e-12);
    expect([r.status, r.compared]).toEqual(['consistent', true]);
  });

  it('when the father is 15/17 and the POI 15/15 (duo, homozygous child), then LR = 1/(2 p15)', () => {
    const m = model();
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '15', '17') }, idx(m, '15', '15'), m);
    expect(relativeError(r.LR, 1 / (2 * p['15']))).toBeLessThan(1e-14);
  });

  it('when the father is 13/13 and the mother 15/17 (trio) and the POI 13/15, then LR = 1/(4 p13 p15)', () => {
    const m = model();
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '13', '13'), MO: idx(m, '15', '17') }, idx(m, '13', '15'), m);
    expect(relativeError(r.LR, 1 / (4 * p['13'] * p['15']))).toBeLessThan(1e-14);
  });

  it('when a full sibling and the POI are both 13/15, then LR = (1 + p13 + p15 + 2 p13 p15) / (8 p13 p15)', () => {
    const m = model();
    const r = missingPersonLocusLr(FULL_SIB, 'MP', { S1: idx(m, '13', '15') }, idx(m, '13', '15'), m);
    const [a, b] = [p['13'], p['15']];
    expect(relativeError(r.LR, (1 + a + b + 2 * a * b) / (8 * a * b))).toBeLessThan(1e-13);
  });

  it('when a full sibling and the POI are both 15/15, then LR = (1 + p15)² / (4 p15²)', () => {
    const m = model();
    const r = missingPersonLocusLr(FULL_SIB, 'MP', { S1: idx(m, '15', '15') }, idx(m, '15', '15'), m);
    expect(relativeError(r.LR, (1 + p['15']) ** 2 / (4 * p['15'] ** 2))).toBeLessThan(1e-13);
  });

  it('when a full sibling is 13/15 and the POI 13/17 (one allele shared), then LR = (1 + 2 p13) / (8 p13)', () => {
    const m = model();
    const r = missingPersonLocusLr(FULL_SIB, 'MP', { S1: idx(m, '13', '15') }, idx(m, '13', '17'), m);
    expect(relativeError(r.LR, (1 + 2 * p['13']) / (8 * p['13']))).toBeLessThan(1e-13);
  });

  it('when a paternal half sibling and the POI are both 13/15, then LR = (p13 + p15 + 4 p13 p15) / (8 p13 p15)', () => {
    const m = model();
    const r = missingPersonLocusLr(HALF_SIB, 'MP', { HS: idx(m, '13', '15') }, idx(m, '13', '15'), m);
    const [a, b] = [p['13'], p['15']];
    expect(relativeError(r.LR, (a + b + 4 * a * b) / (8 * a * b))).toBeLessThan(1e-13);
  });

  it('when the father is 15/15 and the POI 16/16 without mutation, then the locus is excluded with LR 0', () => {
    const m = model();
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '15', '15') }, idx(m, '16', '16'), m);
    expect([r.LR, r.likelihoodH1, r.log10LR, r.status]).toEqual([0, 0, -Infinity, 'excluded']);
  });

  it('when the README §3 worked example (D22S1045, stepwise 0.003 / 0.5, father 15/15, POI 16/16) is computed by its formula, then the engine agrees', () => {
    const cases = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'kinship-cases', 'examples.json'), 'utf8')).cases;
    const locus = cases.find((c: any) => c.id === 'p-duo-father-incons1-stepwise').loci.find((l: any) => l.name === 'D22S1045');
    const freqs: Record<string, number> = locus.frequencies;
    const values = Object.keys(freqs).map(Number);
    const rate = 0.003;
    const range = 0.5;
    // README §3: one microvariant group, so M[i][j] = rate · range^|vi − vj| / Σ_{k≠i} range^|vi − vk| and M[i][i] = 1 − rate.
    const M = (from: number, to: number): number =>
      from === to ? 1 - rate : (rate * range ** Math.abs(from - to)) / values.filter((k) => k !== from).reduce((s, k) => s + range ** Math.abs(from - k), 0);
    expect(M(15, 16)).toBeCloseTo((0.003 * 0.5) / 1.625, 15);
    const q16 = values.reduce((s, z) => s + freqs[String(z)]! * M(z, 16), 0);
    const expected = (M(15, 16) * q16) / freqs['16']! ** 2;
    expect(relativeError(expected, 0.004067213366477663)).toBeLessThan(1e-8);
    const m = compileLocusModel({ name: 'D22S1045', frequencies: freqs, mutation: { model: 'stepwise', rate, rate2: 1e-6, range }, normalize: true });
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '15', '15') }, idx(m, '16', '16'), m);
    expect(relativeError(r.LR, expected)).toBeLessThan(1e-9);
    expect(r.status).toBe('mutation');
  });

  it('when θ > 0 and the father {15,17} shares 15 with the POI {15,16}, then LR = (1 + 2θ) / (4 (θ + (1 − θ) p15)) (README §2.3)', () => {
    const m = model();
    for (const theta of [0.01, 0.03, 0.1]) {
      const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '15', '17') }, idx(m, '15', '16'), m, theta);
      expect(relativeError(r.LR, (1 + 2 * theta) / (4 * (theta + (1 - theta) * p['15'])))).toBeLessThan(1e-13);
    }
  });

  it('when θ = 0.01 and p17 = 0.124517 (README §4 D12S391 check), then the duo LR is 1.9133825955567654', () => {
    const m = compileLocusModel({ name: 'D12S391', frequencies: { '17': 0.124517, '20': 0.2, '23': 0.1, '18': 0.575483 } });
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '17', '23') }, idx(m, '17', '20'), m, 0.01);
    expect(relativeError(r.LR, 1.9133825955567654)).toBeLessThan(1e-12);
  });
});

describe('missingPersonLocusLr — behaviour', () => {
  it('when the POI is untyped at the locus, then LR = 1, both likelihoods are the family likelihood and the locus is not compared', () => {
    const m = model();
    const r = missingPersonLocusLr(DUO, 'MP', { FA: idx(m, '13', '15') }, null, m);
    expect([r.LR, r.log10LR, r.compared]).toEqual([1, 0, false]);
    expect(r.likelihoodH1).toBeCloseTo(2 * p['13'] * p['15'], 15);
  });

  it('when the missing person is typed or not in the pedigree, or a typed person is unknown, then a KinshipError names them', () => {
    const m = model();
    expect(() => missingPersonLocusLr(DUO, 'MP', { MP: idx(m, '13', '15') }, idx(m, '13', '15'), m)).toThrow(/missing person "MP" must not be typed/);
    expect(() => missingPersonLocusLr(DUO, 'XX', {}, idx(m, '13', '15'), m)).toThrow(KinshipError);
    expect(() => missingPersonLocusLr(DUO, 'MP', { UNCLE: idx(m, '13', '15') }, idx(m, '13', '15'), m)).toThrow(/"UNCLE" is not in the pedigree/);
    expect(() => missingPersonLocusLr(DUO, 'MP', { FA: [0, 9] }, idx(m, '13', '15'), m)).toThrow(/allele index 9/);
  });

  it('when the family table is precomputed, then its LR for every POI genotype equals the direct computation (stepwise, sex-specific)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (a, b, c, d) => {
        const m = model({ model: 'stepwise', rate2: 1e-6, range: 0.5, female: { rate: 0.001 }, male: { rate: 0.004 } });
        const ped = compilePedigree([
          founder('PGF', 'male'), founder('PGM', 'female'), child('FA', 'PGF', 'PGM', 'male'), child('AUNT', 'PGF', 'PGM', 'female'),
          founder('MO', 'female'), child('MP', 'FA', 'MO', 'male'),
        ]);
        const typed = { PGF: [a, b] as [number, number], AUNT: [c, d] as [number, number] };
        const table = missingPersonLocusTable(ped, 'MP', typed, m);
        for (let y = 0; y < m.n; y++) {
          for (let x = 0; x <= y; x++) {
            const direct = missingPersonLocusLr(ped, 'MP', typed, [x, y], m);
            expect(relativeError(table.lr[genotypeIndex(x, y)]!, direct.LR)).toBeLessThan(1e-12);
            expect(['consistent', 'mutation', 'excluded'][table.status[genotypeIndex(x, y)]!]).toBe(direct.status);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('missingPersonLocusLr — bounds', () => {
  it('when the family genotypes are Mendelian-consistent (simulated), then the LR of any POI is >= 0 and finite for any model and θ', () => {
    const GRANDPARENTS_AUNT = [
      founder('PGF', 'male'), founder('PGM', 'female'), child('FA', 'PGF', 'PGM', 'male'), child('AUNT', 'PGF', 'PGM', 'female'),
      founder('MO', 'female'), child('MP', 'FA', 'MO', 'male'),
    ];
    fc.assert(
      fc.property(
        arbSmallLocus(2, 5),
        fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
        fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.3, noNaN: true })),
        (locus, draws, theta) => {
          const m = compileSmallLocus(locus);
          const n = m.n;
          const allele = (k: number): number => draws[k]! % n;
          const pgf: [number, number] = [allele(0), allele(1)];
          const pgm: [number, number] = [allele(2), allele(3)];
          const aunt: [number, number] = [pgf[draws[4]! % 2]!, pgm[draws[5]! % 2]!];
          const poi: [number, number] = [allele(6), allele(7)];
          const r = missingPersonLocusLr(GRANDPARENTS_AUNT, 'MP', { PGF: pgf, PGM: pgm, AUNT: aunt }, poi, m, theta);
          expect(r.likelihoodH2).toBeGreaterThan(0);
          expect(r.LR).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(r.LR)).toBe(true);
        },
      ),
    );
  });
});

describe('missingPersonLr', () => {
  it('when 45 trio loci each have a rare-allele LR of 1/(4 pa pb) ≈ 2.5e11, then log10 LR is their exact sum and the LR overflows only to Infinity', () => {
    const rare = { '13': 1e-6, '15': 1e-6, '17': 0.5, '18': 0.499998 };
    const m = compileLocusModel({ name: 'D18S51', frequencies: rare });
    const loci = Array.from({ length: 45 }, () => ({
      model: m,
      typedByPerson: { FA: idx(m, '13', '13'), MO: idx(m, '15', '17') },
      poi: idx(m, '13', '15'),
    }));
    const r = missingPersonLr(DUO, 'MP', loci);
    const perLocus = Math.log10(1 / (4 * 1e-6 * 1e-6));
    expect(Math.abs(r.log10LR - 45 * perLocus)).toBeLessThan(1e-9);
    expect(r.log10LR).toBeGreaterThan(308);
    expect(r.LR).toBe(Infinity);
    expect([r.inconsistentLoci, r.lociCompared]).toEqual([0, 45]);
  });

  it('when 45 loci each need two mutations (parents 13/13, POI 15/15, LR = M[13][15]² / p15² ≈ 1e-12), then log10 LR stays finite instead of underflowing', () => {
    const rate = 1e-6;
    const p15 = 0.5 - 1e-9;
    const m = compileLocusModel({ name: 'D18S51', frequencies: { '13': 0.5, '15': p15, '17': 1e-9 }, mutation: { model: 'equal', rate } });
    const loci = Array.from({ length: 45 }, () => ({ model: m, typedByPerson: { FA: idx(m, '13', '13'), MO: idx(m, '13', '13') }, poi: idx(m, '15', '15') }));
    const r = missingPersonLr(DUO, 'MP', loci);
    // README §3 equal: M[13][15] = rate / (n − 1) with n = 3.
    const perLocus = Math.log10((rate / 2) ** 2 / p15 ** 2);
    expect(Math.abs(r.log10LR - 45 * perLocus)).toBeLessThan(1e-8);
    expect(r.log10LR).toBeLessThan(-500);
    expect(r.LR).toBe(0);
    expect(r.loci.every((l) => l.status === 'mutation')).toBe(true);
    expect(r.inconsistentLoci).toBe(45);
  });

  it('when a prior is given, then the posterior follows Bayes in odds form', () => {
    const m = model();
    const r = missingPersonLr(DUO, 'MP', [{ model: m, typedByPerson: { FA: idx(m, '13', '15') }, poi: idx(m, '15', '17') }], { prior: 0.5 });
    expect(r.posterior).toBeCloseTo(r.LR / (r.LR + 1), 14);
  });
});
