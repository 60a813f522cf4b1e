import fc from 'fast-check';
import { compareAlleles, sortAlleles } from '../../src/importers';
import { arbRepeatAllele } from './helpers';

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
});
