import {
  compileLocusModel, compilePedigree, createUnrelatedLrCalibrator, genotypeIndex, missingPersonLocusLr, unrelatedLrDistribution, type Individual,
} from '../../src/kinship';

const DUO: Individual[] = [
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'female' },
];

function fatherTyped(pairs: readonly (readonly [number, number])[]): Int32Array[] {
  return pairs.map(([a, b]) => Int32Array.of(Math.min(a, b), Math.max(a, b), -1, -1, -1, -1));
}

describe('createUnrelatedLrCalibrator', () => {
  it('when one calibrator serves several families of one shape, then each distribution equals the one built alone', () => {
    const models = [
      compileLocusModel({ name: 'D8S1179', frequencies: { 10: 0.1, 11: 0.2, 12: 0.3, 13: 0.4 }, mutation: { model: 'equal', rate: 0.002 } }),
      compileLocusModel({ name: 'D21S11', frequencies: { 28: 0.05, 29: 0.15, 30: 0.25, 31: 0.25, 32: 0.3 }, mutation: { model: 'equal', rate: 0.002 } }),
    ];
    const ped = compilePedigree(DUO);
    const calibrator = createUnrelatedLrCalibrator(ped, 2, models);
    const families = [fatherTyped([[1, 3], [0, 0]]), fatherTyped([[1, 3], [2, 4]]), fatherTyped([[0, 2], [0, 0]]), fatherTyped([[1, 3], [0, 0]])];
    for (const g of families) {
      expect(calibrator.distribution(g).points()).toEqual(unrelatedLrDistribution(ped, 2, models, g).points());
    }
  });

  it('when a parents-and-child family\'s small loci already bound its tail below the negligible level, then tail gives that bound, and it is at least the exact tail; with no negligible level it is the estimate', () => {
    const ped = compilePedigree(DUO);
    const freqs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(8 + i), 1 / n]));
    // Five 6-allele loci, then one 30-allele locus that the early stop spares.
    const models = [...['TPOX', 'TH01', 'CSF1PO', 'D5S818', 'D13S317'].map((name) => compileLocusModel({ name, frequencies: freqs(6) })), compileLocusModel({ name: 'SE33', frequencies: freqs(30) })];
    const parents = (l: number) => Int32Array.of(l % 3, 3 + (l % 3), (l + 1) % 3, 5, -1, -1);
    const genotypes = models.map((_, l) => parents(l));
    const calibrator = createUnrelatedLrCalibrator(ped, 2, models);
    const log10T = 4;

    const early = calibrator.tail(genotypes, log10T, 1e-3);
    const full = calibrator.tail(genotypes, log10T, 0);

    const exact = unrelatedLrDistribution(ped, 2, models, genotypes, { stepLog10: 0.001 }).exceedance(log10T);
    expect(early.bounded).toBe(true);
    expect(early.probability).toBeLessThan(1e-3);
    expect(early.probability).toBeGreaterThanOrEqual(exact);
    expect(full.bounded).toBe(false);
    expect(full.probability).toBe(calibrator.estimate(genotypes).exceedance(log10T));
  });

  it('when a large family on a many-allele locus needs a string cache key, then families differing in one relative still get their own laws', () => {
    const individuals: Individual[] = [
      { id: 'PGF', father: null, mother: null, sex: 'male' },
      { id: 'PGM', father: null, mother: null, sex: 'female' },
      { id: 'FA', father: 'PGF', mother: 'PGM', sex: 'male' },
      { id: 'UNCLE', father: 'PGF', mother: 'PGM', sex: 'male' },
      { id: 'AUNT', father: 'PGF', mother: 'PGM', sex: 'female' },
      { id: 'MO', father: null, mother: null, sex: 'female' },
      { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
      { id: 'S1', father: 'FA', mother: 'MO', sex: 'female' },
    ];
    // 40 alleles: 820 genotypes, and 821^8 > 2^53, so the key is a string.
    const model = compileLocusModel({ name: 'SE33', frequencies: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(10 + i), 1 / 40])) });
    const ped = compilePedigree(individuals);
    const calibrator = createUnrelatedLrCalibrator(ped, ped.indexOf('MP'), [model]);
    const family = (sibling: [number, number]): Int32Array[] => {
      const g = new Int32Array(2 * ped.size).fill(-1);
      g.set([1, 2], 2 * ped.indexOf('UNCLE'));
      g.set(sibling, 2 * ped.indexOf('S1'));
      return [g];
    };
    for (const sibling of [[1, 3], [5, 6], [1, 3]] as [number, number][]) {
      const g = family(sibling);
      expect(calibrator.distribution(g).points()).toEqual(unrelatedLrDistribution(ped, ped.indexOf('MP'), [model], g).points());
    }
  });

  it('when the moment bound and estimate of a duo are read, then the bound is never below the exact tail and the estimate never above the bound', () => {
    const models = [
      compileLocusModel({ name: 'D8S1179', frequencies: { 10: 0.1, 11: 0.2, 12: 0.3, 13: 0.4 }, mutation: { model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 } }),
      compileLocusModel({ name: 'D21S11', frequencies: { 28: 0.05, 29: 0.15, 30: 0.25, 31: 0.25, 32: 0.3 }, mutation: { model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 } }),
    ];
    const ped = compilePedigree(DUO);
    const fathers: [number, number][] = [[1, 3], [0, 4]];
    // Exact law by enumerating both loci's genotypes with the peeling engine's LR.
    let outcomes = [{ p: 1, y: 0 }];
    models.forEach((model, l) => {
      const law: { p: number; y: number }[] = [];
      for (let b = 0; b < model.n; b++) {
        for (let a = 0; a <= b; a++) law.push({ p: model.genotypeFreqs[genotypeIndex(a, b)]!, y: missingPersonLocusLr(ped, 'MP', { FA: fathers[l]! }, [a, b], model).log10LR });
      }
      outcomes = outcomes.flatMap((o) => law.map((x) => ({ p: o.p * x.p, y: o.y + x.y })));
    });
    const calibrator = createUnrelatedLrCalibrator(ped, 2, models);
    const g = fatherTyped(fathers);
    const bound = calibrator.bound(g);
    const estimate = calibrator.estimate(g);
    expect(bound.lociCompared).toBe(2);
    for (const x of [-1, 0, 0.5, 1, 1.5, 2]) {
      const exact = outcomes.reduce((s, o) => (o.y >= x - 1e-12 ? s + o.p : s), 0);
      expect(bound.exceedance(x)).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
      expect(estimate.exceedance(x)).toBeLessThanOrEqual(bound.exceedance(x));
    }
  });

  it('when the genotypes cover another number of loci than the models, then it throws a RangeError', () => {
    const model = compileLocusModel({ name: 'D8S1179', frequencies: { 10: 0.5, 11: 0.5 } });
    const calibrator = createUnrelatedLrCalibrator(compilePedigree(DUO), 2, [model]);
    expect(() => calibrator.distribution([])).toThrow(RangeError);
    expect(() => createUnrelatedLrCalibrator(compilePedigree(DUO), 2, [model], { stepLog10: 0 })).toThrow(RangeError);
  });
});
