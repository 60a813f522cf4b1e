import { compilePedigree, PedigreeError, SEX_FEMALE, SEX_MALE, type Individual } from '../../src/kinship';

function errorOf(individuals: Individual[]): string {
  try {
    compilePedigree(individuals, 'case "x"');
  } catch (e) {
    expect(e).toBeInstanceOf(PedigreeError);
    return (e as Error).message;
  }
  throw new Error('expected a PedigreeError');
}

describe('compilePedigree', () => {
  it('when a nuclear family is compiled, then parents, children and sexes are indexed', () => {
    const ped = compilePedigree([{ id: 'FA', sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'C', father: 'FA', mother: 'MO', sex: 'female' }]);
    expect([ped.size, ped.father[2], ped.mother[2], ped.indexOf('C'), ped.indexOf('none')]).toEqual([3, 0, 1, 2, -1]);
    expect(ped.children[0]).toEqual([2]);
  });

  it('when a parent has no sex given, then the role implies it', () => {
    const ped = compilePedigree([{ id: 'FA' }, { id: 'MO' }, { id: 'C', father: 'FA', mother: 'MO' }]);
    expect([ped.sex[0], ped.sex[1]]).toEqual([SEX_MALE, SEX_FEMALE]);
  });

  it('when only one parent is given, then an untyped founder of the other sex is added for that child', () => {
    const ped = compilePedigree([{ id: 'FA', sex: 'male' }, { id: 'C', father: 'FA' }]);
    expect(ped.size).toBe(3);
    expect(ped.ids[ped.mother[1]!]).toBe('(mother of C)');
    expect([ped.sex[2], ped.synthetic[2]]).toEqual([SEX_FEMALE, true]);
  });

  it.each([
    [[{ id: 'A' }, { id: 'A' }], /id "A" is used twice/],
    [[{ id: 'C', father: 'FA', mother: 'MO' }], /father "FA" is not in the pedigree.*mother "MO" is not in the pedigree/],
    [[{ id: 'FA', sex: 'female' }, { id: 'MO', sex: 'female' }, { id: 'C', father: 'FA', mother: 'MO' }], /"FA" is the father of "C" but is female/],
    [[{ id: 'P', sex: 'male' }, { id: 'Q', sex: 'female' }, { id: 'R', sex: 'male' }, { id: 'C', father: 'P', mother: 'Q' }, { id: 'D', father: 'R', mother: 'P' }], /"P" is the mother of "D" but is male/],
    [[{ id: 'A', father: 'B', mother: 'M' }, { id: 'B', father: 'A', mother: 'M' }, { id: 'M', sex: 'female' }], /cycle/],
    [[{ id: 'A', father: 'A' }], /"A" is their own father/],
    [[{ id: 'A', sex: 'other' as never }], /sex must be "male" or "female"/],
    [[{ id: '' }], /has no id/],
  ] as const)('when the pedigree is %j, then a PedigreeError says why', (individuals, message) => {
    expect(errorOf(individuals as unknown as Individual[])).toMatch(message);
  });

  it('when the pedigree is empty, then it is rejected', () => {
    expect(errorOf([])).toMatch(/at least one individual/);
  });
});
