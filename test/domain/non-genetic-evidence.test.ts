import fc from 'fast-check';
import { ZodError } from 'zod';
import { ageWeightedPriorShares, ageWeightedPriorSharesOverFoundPersons, assessNonGeneticEvidence, type NonGeneticEvidenceInput } from '../../src/domain/non-genetic-evidence';

function input(over: { child?: Partial<NonGeneticEvidenceInput['missingChild']>; found?: Partial<NonGeneticEvidenceInput['foundPerson']>; ageToleranceYears?: number } = {}): NonGeneticEvidenceInput {
  return {
    missingChild: { sex: 'female', birthDate: '2014-06-15', missingSince: '2019-03-01', ...over.child },
    foundPerson: { sex: 'female', estimatedBirthYear: 2014, foundAt: '2024-10-02', ...over.found },
    ...(over.ageToleranceYears === undefined ? {} : { ageToleranceYears: over.ageToleranceYears }),
  };
}

function item(result: ReturnType<typeof assessNonGeneticEvidence>, kind: string) {
  return result.evidence.find((e) => e.kind === kind)!;
}

describe('assessNonGeneticEvidence', () => {
  it('when sex, age and dates agree, then there are three items without conflict and no flag', () => {
    const result = assessNonGeneticEvidence(input());
    expect(result.evidence.map((e) => [e.kind, e.conflict])).toEqual([['sex', false], ['age', false], ['date', false]]);
    expect(result.flags).toEqual([]);
  });

  it('when the found person is male and the missing child female, then sexConflict with the reason in plain words', () => {
    const result = assessNonGeneticEvidence(input({ found: { sex: 'male' } }));
    expect(item(result, 'sex')).toEqual({ kind: 'sex', conflict: true, reason: 'found person is male; the missing child is female' });
    expect(result.flags).toEqual(['sexConflict']);
  });

  it('when the found person has no Amelogenin call, then sex is not compared and not a conflict', () => {
    const result = assessNonGeneticEvidence(input({ found: { sex: null } }));
    expect(item(result, 'sex').conflict).toBe(false);
    expect(item(result, 'sex').reason).toMatch(/unknown/);
  });

  it('when the estimated birth year is exactly the tolerance (3 years) away, then there is no conflict; at 4 years there is', () => {
    expect(item(assessNonGeneticEvidence(input({ found: { estimatedBirthYear: 2011 } })), 'age').conflict).toBe(false);
    expect(item(assessNonGeneticEvidence(input({ found: { estimatedBirthYear: 2017 } })), 'age').conflict).toBe(false);
    const late = assessNonGeneticEvidence(input({ found: { estimatedBirthYear: 2018 } }));
    expect(item(late, 'age')).toEqual({
      kind: 'age', conflict: true, reason: "estimated birth year 2018 is 4 years from the missing child's birth year 2014, more than the tolerance of 3",
    });
    expect(late.flags).toEqual(['ageConflict']);
  });

  it('when the policy tolerance is 1 year, then 2 years apart is a conflict', () => {
    expect(assessNonGeneticEvidence(input({ found: { estimatedBirthYear: 2012 }, ageToleranceYears: 1 })).flags).toEqual(['ageConflict']);
  });

  it('when the birth date or the estimate is unknown, then age is not compared', () => {
    expect(item(assessNonGeneticEvidence(input({ child: { birthDate: null } })), 'age')).toMatchObject({ conflict: false, reason: expect.stringMatching(/birth date is unknown/) });
    expect(item(assessNonGeneticEvidence(input({ found: { estimatedBirthYear: null } })), 'age')).toMatchObject({ conflict: false, reason: expect.stringMatching(/not estimated/) });
  });

  it('when the person was found the day before the child went missing, then dateConflict; on the same day, none', () => {
    const before = assessNonGeneticEvidence(input({ found: { foundAt: '2019-02-28' } }));
    expect(item(before, 'date')).toEqual({ kind: 'date', conflict: true, reason: 'found on 2019-02-28, before the child went missing on 2019-03-01' });
    expect(before.flags).toEqual(['dateConflict']);
    expect(assessNonGeneticEvidence(input({ found: { foundAt: '2019-03-01' } })).flags).toEqual([]);
  });

  it('when every fact conflicts, then all three flags are raised in the order sex, age, date', () => {
    const result = assessNonGeneticEvidence(input({ found: { sex: 'male', estimatedBirthYear: 2000, foundAt: '2010-01-01' } }));
    expect(result.flags).toEqual(['sexConflict', 'ageConflict', 'dateConflict']);
  });

  it('when a date is malformed, then it is refused', () => {
    expect(() => assessNonGeneticEvidence(input({ found: { foundAt: '2019-13-45' } }))).toThrow(ZodError);
  });
});

describe('ageWeightedPriorShares', () => {
  it('when the found person has no estimate, then every family gets 1/N', () => {
    expect(ageWeightedPriorShares(['2014-01-01', null, '2000-05-05'], null)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('when two families are 0 and 2 years away with σ = 2, then their weights are in the ratio 1 : exp(−1/2)', () => {
    const [near, far] = ageWeightedPriorShares(['2014-06-01', '2016-02-01'], 2014, 2);
    expect(near! + far!).toBeCloseTo(1, 15);
    expect(far! / near!).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('when a family has no birth date, then its weight is the mean kernel of the dated families', () => {
    const [a, b, unknown] = ageWeightedPriorShares(['2014-06-01', '2016-02-01', null], 2014, 2);
    expect(unknown).toBeCloseTo((a! + b!) / 2, 15);
  });

  it('when families are any dates and estimates, then the shares are non-negative, finite and sum to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: null }), { minLength: 1, maxLength: 30 }),
        fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: null }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        (years, estimate, sd) => {
          const shares = ageWeightedPriorShares(years.map((y) => (y === null ? null : `${y}-07-01`)), estimate, sd);
          expect(shares.every((s) => Number.isFinite(s) && s >= 0)).toBe(true);
          expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('when the list is empty or σ is not positive, then it is refused', () => {
    expect(() => ageWeightedPriorShares([], 2014)).toThrow(RangeError);
    expect(() => ageWeightedPriorShares(['2014-01-01'], 2014, 0)).toThrow(RangeError);
  });
});

describe('ageWeightedPriorSharesOverFoundPersons', () => {
  it('when two found persons are estimated 0 and 2 years from the child with σ = 2, then their weights are in the ratio 1 : exp(−1/2)', () => {
    const [near, far] = ageWeightedPriorSharesOverFoundPersons([2014, 2012], '2014-06-01', 2);
    expect(near! + far!).toBeCloseTo(1, 15);
    expect(far! / near!).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('when a found person has no estimate, then his weight is the mean kernel of the estimated ones; without the child\'s birth date every one gets 1/M', () => {
    const [a, b, unknown] = ageWeightedPriorSharesOverFoundPersons([2014, 2016, null], '2014-06-01', 2);
    expect(unknown).toBeCloseTo((a! + b!) / 2, 15);
    expect(ageWeightedPriorSharesOverFoundPersons([2014, 2000], null)).toEqual([1 / 2, 1 / 2]);
  });

  it('when the years are the same, then the shares equal the families\' shares of the forward direction (one kernel, |d| either way)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: null }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1900, max: 2100 }),
        (years, childYear) => {
          const reverse = ageWeightedPriorSharesOverFoundPersons(years, `${childYear}-03-04`);
          const forward = ageWeightedPriorShares(years.map((y) => (y === null ? null : `${y}-07-01`)), childYear);
          reverse.forEach((s, i) => expect(s).toBeCloseTo(forward[i]!, 12));
        },
      ),
    );
  });

  it('when the list is empty or σ is not positive, then it is refused', () => {
    expect(() => ageWeightedPriorSharesOverFoundPersons([], '2014-01-01')).toThrow(RangeError);
    expect(() => ageWeightedPriorSharesOverFoundPersons([2014], '2014-01-01', 0)).toThrow(RangeError);
  });
});
