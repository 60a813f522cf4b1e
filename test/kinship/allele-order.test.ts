import fc from 'fast-check';
import { compareAlleles, sortAlleles } from '../../src/kinship/nomenclature';
import { arbRepeatAllele } from '../importers/helpers';

/** The one allele order (compareAlleles in src/kinship/nomenclature.ts), used to store, import and export genotypes. */
describe('sortAlleles', () => {
  it('when the CMF 3.2 spec example is shuffled, then sorting restores "<9, 9, 9.1, 9.2, 9.3, 10, >10" (spec §3.1.2)', () => {
    const swgdam = ['<9', '9', '9.1', '9.2', '9.3', '10', '>10'];
    fc.assert(fc.property(fc.shuffledSubarray(swgdam, { minLength: swgdam.length }), (shuffled) => {
      expect(sortAlleles(shuffled)).toEqual(swgdam);
    }));
  });

  it('when repeat alleles are sorted, then they are in increasing repeat number whatever the input order', () => {
    fc.assert(fc.property(fc.array(arbRepeatAllele, { maxLength: 8 }), (alleles) => {
      const sorted = sortAlleles(alleles);
      expect(sorted).toEqual([...alleles].sort((a, b) => Number(a) - Number(b)));
      expect(sortAlleles([...alleles].reverse())).toEqual(sorted);
    }));
  });

  it('when X, Y and OL are compared, then X < Y < repeats < OL', () => {
    expect(sortAlleles(['OL', '12', 'Y', 'X'])).toEqual(['X', 'Y', '12', 'OL']);
    expect(compareAlleles('OL', 'OL')).toBe(0);
  });

  it.each([
    [['10', '9.3'], ['9.3', '10']],
    [['Y', 'X'], ['X', 'Y']],
    [['8', '<8'], ['<8', '8']],
    [['10.1', '>10'], ['10.1', '>10']],
    [['>10', '10.1'], ['10.1', '>10']],
    [['11', '>10'], ['>10', '11']],
    [['OL', '35'], ['35', 'OL']],
  ])('when %j is sorted, then it reads %j', (given, expected) => {
    expect(sortAlleles(given)).toEqual(expected);
  });
});
