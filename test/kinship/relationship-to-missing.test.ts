import { relationshipToMissing, type Individual, type Sex } from '../../src/kinship';

const I = (id: string, father: string | null, mother: string | null, sex: Sex): Individual => ({ id, father, mother, sex });

describe('relationshipToMissing', () => {
  it('when members of a three-generation family are named, then each gets its relationship to the missing child', () => {
    const pedigree = [
      I('PGF', null, null, 'male'), I('PGM', null, null, 'female'), I('FA', 'PGF', 'PGM', 'male'), I('AUNT', 'PGF', 'PGM', 'female'),
      I('MO', null, null, 'female'), I('MP', 'FA', 'MO', 'female'), I('SIS', 'FA', 'MO', 'female'), I('X', null, null, 'female'),
      I('HS', 'FA', 'X', 'male'), I('W', null, null, 'male'), I('KID', 'W', 'MP', 'male'),
    ];
    const named = Object.fromEntries(pedigree.map((i) => [i.id, relationshipToMissing(pedigree, 'MP', i.id)]));
    expect(named).toEqual({
      PGF: 'paternalGrandfather', PGM: 'paternalGrandmother', FA: 'father', AUNT: 'paternalAunt', MO: 'mother', MP: null,
      SIS: 'fullSibling', X: null, HS: 'paternalHalfSibling', W: null, KID: 'child',
    });
  });
});
