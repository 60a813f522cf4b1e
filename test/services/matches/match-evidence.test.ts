import { mutationSteps } from '../../../src/services/matches/match-evidence';

describe('mutationSteps', () => {
  it('when one typed father has 14, 16 and the found person 15, 17, then the most likely mutation is one step (15 from 14 or 16)', () => {
    expect(mutationSteps(['15', '17'], [['14', '16']], [])).toBe(1);
  });

  it('when both parents are typed, then the assignment of the found person\'s alleles to them with the fewest steps is taken', () => {
    // Father 12, 13; mother 20, 21; found 14, 20: mother gives 20 (0 steps), father 13 -> 14 (1 step),
    // not father -> 20 (7) and mother -> 14 (6).
    expect(mutationSteps(['14', '20'], [['12', '13'], ['20', '21']], [])).toBe(1);
    expect(mutationSteps(['11', '23'], [['12', '13'], ['20', '21']], [])).toBe(3);
  });

  it('when the found person is homozygous against a typed child, then one of his alleles must reach the child\'s: the nearest counts', () => {
    expect(mutationSteps(['9'], [], [['11', '12']])).toBe(2);
  });

  it('when a microvariant is one repeat off, then the step count is in repeat numbers as designated (9.3 against 10: 0.7)', () => {
    expect(mutationSteps(['9.3', '12'], [['10', '14']], [])).toBe(0.7);
  });

  it('when no parent or child is typed, the alleles agree, or an allele has no repeat number, then there is no step count', () => {
    expect(mutationSteps(['15', '17'], [], [])).toBeNull();
    expect(mutationSteps(['15', '17'], [['15', '18']], [])).toBeNull();
    expect(mutationSteps(['OL', '17'], [['14', '16']], [])).toBeNull();
  });
});
