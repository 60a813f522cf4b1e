import { validatePedigree, type Individual } from '../../src/domain';

const ind = (id: string, sex: 'male' | 'female', father: string | null = null, mother: string | null = null): Individual => ({ id, father, mother, sex });
const trio = [ind('FA', 'male'), ind('MO', 'female'), ind('MP', 'male', 'FA', 'MO')];

describe('validatePedigree', () => {
  it('when a trio with the father typed is checked, then there is no issue', () => {
    expect(validatePedigree({ individuals: trio, missing: 'MP', typed: { FA: 'prf_1' } })).toEqual([]);
  });

  it.each([
    ['a duplicate id', [...trio, ind('FA', 'male')], 'MP', {}, 'duplicate individual id "FA"'],
    ['an unknown parent', [ind('FA', 'male'), ind('MO', 'female'), ind('MP', 'male', 'FA', 'GHOST')], 'MP', {}, 'mother "GHOST" of "MP" is not in the pedigree'],
    ['a female father', [ind('FA', 'female'), ind('MO', 'female'), ind('MP', 'male', 'FA', 'MO')], 'MP', {}, 'father "FA" of "MP" must be male'],
    ['one parent only', [ind('FA', 'male'), ind('MP', 'male', 'FA', null)], 'MP', {}, '"MP" needs both parents or none'],
    ['a cycle', [ind('A', 'male', 'B', 'M'), ind('B', 'male', 'A', 'M'), ind('M', 'female'), ind('MP', 'male')], 'MP', {}, 'their own ancestor'],
    ['an absent missing member', trio, 'NOBODY', {}, 'missing member "NOBODY" is not in the pedigree'],
    ['a typed missing member', trio, 'MP', { MP: 'prf_1' }, 'the missing member cannot be typed'],
    ['a typed member who is absent', trio, 'MP', { UNCLE: 'prf_1' }, 'typed member "UNCLE" is not in the pedigree'],
    ['one profile typing two members', trio, 'MP', { FA: 'prf_1', MO: 'prf_1' }, 'profile prf_1 already types "FA"'],
  ] as const)('when the pedigree has %s, then the issue says so', (_what, individuals, missing, typed, message) => {
    const reported = validatePedigree({ individuals, missing, typed });

    expect(reported.map((i) => i.message).join('\n')).toContain(message);
  });
});
