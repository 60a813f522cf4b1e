import fc from 'fast-check';
import { compileLocusModel, compileTableLocus, FrequencyTableError, genotypeIndex, NomenclatureError, validateFrequencyTable } from '../../src/kinship';
import { arbSmallLocus } from './support/arbitraries';

describe('compileLocusModel', () => {
  it('when a locus is compiled, then q = p·M per sex, HW genotype probabilities sum to 1, and the no-mutation twin has identity matrices', () => {
    fc.assert(
      fc.property(arbSmallLocus(1, 5), (locus) => {
        const m = compileLocusModel({ name: 'FGA', frequencies: locus.alleles.map((a, i) => [a, locus.weights[i]!] as const), mutation: locus.mutation ?? null });
        const n = m.n;
        for (const [q, M] of [[m.qFemale, m.female], [m.qMale, m.male]] as const) {
          for (let x = 0; x < n; x++) {
            let expected = 0;
            for (let i = 0; i < n; i++) expected += m.freqs[i]! * M[i * n + x]!;
            expect(Math.abs(q[x]! - expected)).toBeLessThan(1e-15);
          }
        }
        expect(Math.abs(m.genotypeFreqs.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
        expect(m.noMutation.femaleIsIdentity && m.noMutation.maleIsIdentity).toBe(true);
        expect(Array.from(m.noMutation.freqs)).toEqual(Array.from(m.freqs));
      }),
    );
  });

  it('when genotype indices are computed, then {a, b} and {b, a} share one index and all n(n+1)/2 indices are used once', () => {
    const n = 7;
    const seen = new Set<number>();
    for (let b = 0; b < n; b++) {
      for (let a = 0; a <= b; a++) {
        expect(genotypeIndex(a, b)).toBe(genotypeIndex(b, a));
        seen.add(genotypeIndex(a, b));
      }
    }
    expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: (n * (n + 1)) / 2 }, (_, k) => k));
  });

  it('when designations are looked up, then other spellings of an allele find the same index and unknown ones give -1', () => {
    const m = compileLocusModel({ name: 'THO1', frequencies: { '8': 0.5, '9.3': 0.5 } });
    expect([m.name, m.indexOf('9.3'), m.indexOf('8.0'), m.indexOf(' 9.3 '), m.indexOf('10'), m.indexOf('x')]).toEqual(['TH01', 1, 0, 1, -1, -1]);
  });

  it('when normalisation is asked, then the frequencies are divided by their sum', () => {
    const m = compileLocusModel({ name: 'TH01', frequencies: { '8': 1, '9': 3 }, normalize: true });
    expect(Array.from(m.freqs)).toEqual([0.25, 0.75]);
  });

  it('when a frequency is not positive, an allele repeats or the locus is unknown, then the error names it', () => {
    expect(() => compileLocusModel({ name: 'TH01', frequencies: { '8': 0, '9': 1 } })).toThrow(FrequencyTableError);
    expect(() => compileLocusModel({ name: 'TH01', frequencies: [['8', 0.5], ['8.0', 0.5]] })).toThrow(/allele 8 is listed twice/);
    expect(() => compileLocusModel({ name: 'D99S1', frequencies: { '8': 1 } })).toThrow(NomenclatureError);
  });
});

describe('compileTableLocus', () => {
  const table = validateFrequencyTable({ name: 't', population: '', source: '', license_note: '', sampleSize: 50, loci: { TH01: { '6': 0.4, '9.3': 0.6 } }, notes: [] });

  it('when a profile allele is missing from the table, then it is added at 5/2N and the locus renormalised before compiling', () => {
    const m = compileTableLocus(table, 'TH01', { requiredAlleles: ['9.3', '10'], policy: { floor: 0.001 }, mutation: { model: 'equal', rate: 0.002 } });
    expect(m.alleles).toEqual(['6', '9.3', '10']);
    expect(Array.from(m.freqs)).toEqual([0.4 / 1.05, 0.6 / 1.05, 0.05 / 1.05]);
    expect(m.mutationLabel).toBe('equal(rate=0.002)');
  });

  it('when an allele is missing and no policy is given, then the error names it', () => {
    expect(() => compileTableLocus(table, 'TH01', { requiredAlleles: ['10'] })).toThrow(/TH01: allele\(s\) 10 missing and no minimum-frequency policy/);
    expect(compileTableLocus(table, 'TH01', { requiredAlleles: ['6'] }).n).toBe(2);
  });
  describe('every allele name a table declares', () => {
    const norwegian = validateFrequencyTable({
      name: 'n', population: '', source: '', license_note: '', sampleSize: null, notes: [],
      loci: { D17S906: { '326': 0.2, '330': 0.3, '1000': 0.5 }, TH01: { '<6': 0.1, '6': 0.3, '9.3': 0.4, '>10': 0.2 } },
    });
    const stepwise = { model: 'stepwise', rate: 0.002, rate2: 1e-6, range: 0.5 } as const;

    it('when a table lists fragment lengths, then a profile carrying them compiles in increasing length, and a length the table lacks gets the minimum frequency', () => {
      const m = compileTableLocus(norwegian, 'D17S906', { requiredAlleles: ['330', '412'], policy: { floor: 0.001 }, mutation: stepwise });

      expect(m.alleles).toEqual(['326', '330', '412', '1000']);
      expect(Array.from(m.freqs)).toEqual([0.2 / 1.001, 0.3 / 1.001, 0.001 / 1.001, 0.5 / 1.001]);
      expect(m.indexOf('412')).toBe(2);
    });

    it('when a stepwise model meets the fragment lengths, then the locus gets the equal model with the same rate, and says so', () => {
      const m = compileTableLocus(norwegian, 'D17S906', { mutation: stepwise });

      expect(m.mutationLabel).toBe('equal(rate=0.002)');
      expect(m.femaleMutation).toEqual({ model: 'equal', rate: 0.002, rate2: 0, range: 0 });
      expect(Array.from(m.male)).toEqual([0.998, 0.001, 0.001, 0.001, 0.998, 0.001, 0.001, 0.001, 0.998]);
    });

    it('when a table defines bins such as "<6" and ">10", then profiles may carry them and they keep the table\'s frequencies', () => {
      const m = compileTableLocus(norwegian, 'TH01', { requiredAlleles: ['<6', '>10'], policy: { floor: 0.001 } });

      expect(m.alleles).toEqual(['<6', '6', '9.3', '>10']);
      expect(Array.from(m.freqs)).toEqual([0.1, 0.3, 0.4, 0.2]);
    });
  });
});
