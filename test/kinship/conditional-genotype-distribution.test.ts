import { compileLocusModel, compilePedigree, conditionalGenotypeDistribution, genotypeArray, genotypeIndex, KinshipError, type TypedByPerson } from '../../src/kinship';

const TRIO = compilePedigree([
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
]);
const FREQS = { '11': 0.1, '12': 0.2, '13': 0.3, '14': 0.4 };

function distribution(typed: TypedByPerson, mutation: Parameters<typeof compileLocusModel>[0]['mutation'] = null, theta = 0): Float64Array {
  const model = compileLocusModel({ name: 'D3S1358', frequencies: FREQS, mutation });
  return conditionalGenotypeDistribution(TRIO, genotypeArray(TRIO, typed, model, 'test'), TRIO.indexOf('MP'), model, { theta });
}

describe('conditionalGenotypeDistribution', () => {
  it('when the father is 12/13 and the mother 14/14 without mutation, then the child is 12/14 or 13/14, each with probability 1/2 (Mendel)', () => {
    const p = distribution({ FA: [1, 2], MO: [3, 3] });
    expect(p[genotypeIndex(1, 3)]).toBeCloseTo(0.5, 15);
    expect(p[genotypeIndex(2, 3)]).toBeCloseTo(0.5, 15);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 15);
  });

  it('when only the father (11/12) is typed, then the child gets one of his alleles and one from the population: P(11/13) = p13/2, P(11/12) = (p11 + p12)/2', () => {
    const p = distribution({ FA: [0, 1] });
    expect(p[genotypeIndex(0, 2)]).toBeCloseTo(0.3 / 2, 15);
    expect(p[genotypeIndex(0, 1)]).toBeCloseTo((0.1 + 0.2) / 2, 15);
    expect(p[genotypeIndex(2, 3)]).toBe(0);
  });

  it('when the parents are 12/12 and 14/14 with a one-step male mutation model, then 13/14 is possible but rare, and 12/14 keeps almost everything', () => {
    const p = distribution({ FA: [1, 1], MO: [3, 3] }, { female: { model: 'none' }, male: { model: 'onestep', rate: 0.004 } });
    expect(p[genotypeIndex(2, 3)]).toBeCloseTo(0.002, 12);
    expect(p[genotypeIndex(0, 3)]).toBeCloseTo(0.002, 12);
    expect(p[genotypeIndex(1, 3)]).toBeCloseTo(0.996, 12);
  });

  it('when θ > 0 and only the father (11/12) is typed, then the mother\'s allele follows the Balding–Nichols sample after his two alleles: P(11/13) = ½ (1 − θ) p13 / (1 + θ)', () => {
    const theta = 0.05;
    const p = distribution({ FA: [0, 1] }, null, theta);
    expect(p[genotypeIndex(0, 2)]).toBeCloseTo((0.5 * (1 - theta) * 0.3) / (1 + theta), 14);
    expect(p[genotypeIndex(0, 0)]).toBeCloseTo((0.5 * (theta + (1 - theta) * 0.1)) / (1 + theta), 14);
  });

  it('when the missing child\'s typed children exclude each other without mutation, then no genotype is possible and it is refused', () => {
    const ped = compilePedigree([
      { id: 'MP', father: null, mother: null, sex: 'male' },
      { id: 'W', father: null, mother: null, sex: 'female' },
      { id: 'C1', father: 'MP', mother: 'W', sex: 'male' },
      { id: 'C2', father: 'MP', mother: 'W', sex: 'male' },
      { id: 'C3', father: 'MP', mother: 'W', sex: 'male' },
    ]);
    const model = compileLocusModel({ name: 'D3S1358', frequencies: FREQS });
    // Three full siblings 11/11, 12/12, 13/13 need three distinct alleles from each parent's two.
    const g = genotypeArray(ped, { C1: [0, 0], C2: [1, 1], C3: [2, 2] }, model, 'test');
    expect(() => conditionalGenotypeDistribution(ped, g, ped.indexOf('MP'), model)).toThrow(KinshipError);
  });
});
