import fc from 'fast-check';
import { compileLocusModel, FrequencyTableError, genotypeIndex, NomenclatureError } from '../../src/kinship';
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
