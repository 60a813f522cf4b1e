import { compileLocusModel, compilePedigree, createUnrelatedLrCalibrator, unrelatedLrDistribution, type Individual } from '../../src/kinship';

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

  it('when the genotypes cover another number of loci than the models, then it throws a RangeError', () => {
    const model = compileLocusModel({ name: 'D8S1179', frequencies: { 10: 0.5, 11: 0.5 } });
    const calibrator = createUnrelatedLrCalibrator(compilePedigree(DUO), 2, [model]);
    expect(() => calibrator.distribution([])).toThrow(RangeError);
    expect(() => createUnrelatedLrCalibrator(compilePedigree(DUO), 2, [model], { stepLog10: 0 })).toThrow(RangeError);
  });
});
