import { FOUND_PERSON_RELATIONSHIPS, compilePedigree, placeFoundPerson, type Individual } from '../../src/kinship';
import { RELATIONSHIPS } from '../../src/domain/reference-family';

const FAMILY: Individual[] = [
  { id: 'PGF', father: null, mother: null, sex: 'male' },
  { id: 'PGM', father: null, mother: null, sex: 'female' },
  { id: 'FA', father: 'PGF', mother: 'PGM', sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'female' },
];

describe('placeFoundPerson', () => {
  it('when the relationships are listed, then they are the claim plus exactly the service\'s relationship vocabulary', () => {
    expect(FOUND_PERSON_RELATIONSHIPS[0]).toBe('missingChild');
    expect([...FOUND_PERSON_RELATIONSHIPS.slice(1)].sort()).toEqual([...RELATIONSHIPS].sort());
  });

  it('when every relationship is drawn for a compatible sex, then each drawing is a valid pedigree that keeps every family member and their parents', () => {
    for (const relationship of FOUND_PERSON_RELATIONSHIPS) {
      const sex = ['mother', 'paternalGrandmother', 'maternalGrandmother', 'paternalAunt', 'maternalAunt'].includes(relationship) ? 'female' : 'male';
      const placed = placeFoundPerson(FAMILY, 'MP', relationship, sex, new Set(['PGF']));
      if (relationship === 'paternalGrandfather') {
        expect(placed).toBeNull();
        continue;
      }
      expect(placed).not.toBeNull();
      const ped = compilePedigree(placed!.individuals);
      expect(ped.indexOf(placed!.foundId)).toBeGreaterThanOrEqual(0);
      for (const member of FAMILY.filter((m) => m.father)) {
        const drawn = placed!.individuals.find((i) => i.id === member.id)!;
        expect([drawn.father, drawn.mother]).toEqual([member.father, member.mother]);
      }
    }
  });

  it('when the found person is the paternal uncle and the grandparents exist, then the uncle is their child and no member is added', () => {
    const placed = placeFoundPerson(FAMILY, 'MP', 'paternalUncle', 'male', new Set())!;
    expect(placed.individuals).toHaveLength(FAMILY.length + 1);
    expect(placed.individuals.find((i) => i.id === placed.foundId)).toMatchObject({ father: 'PGF', mother: 'PGM', sex: 'male' });
  });

  it('when the found person is the maternal aunt and the mother has no parents, then untyped founder parents are added to the mother', () => {
    const placed = placeFoundPerson(FAMILY, 'MP', 'maternalAunt', 'female', new Set())!;
    const mother = placed.individuals.find((i) => i.id === 'MO')!;
    const aunt = placed.individuals.find((i) => i.id === placed.foundId)!;
    expect([aunt.father, aunt.mother]).toEqual([mother.father, mother.mother]);
    expect(placed.individuals.filter((i) => i.id === mother.father || i.id === mother.mother).every((i) => i.father === null && i.mother === null)).toBe(true);
  });

  it('when an untyped member holds the position, then the found person takes it; when a typed one does, then there is no drawing', () => {
    expect(placeFoundPerson(FAMILY, 'MP', 'father', 'male', new Set(['PGF']))!.foundId).toBe('FA');
    expect(placeFoundPerson(FAMILY, 'MP', 'father', 'male', new Set(['FA']))).toBeNull();
  });

  it('when the found person is the child of a female missing child, then the missing child is the mother and the father is a new founder', () => {
    const placed = placeFoundPerson(FAMILY, 'MP', 'child', 'male', new Set())!;
    const child = placed.individuals.find((i) => i.id === placed.foundId)!;
    expect(child.mother).toBe('MP');
    expect(placed.individuals.find((i) => i.id === child.father)).toMatchObject({ father: null, mother: null, sex: 'male' });
  });

  it('when the found person\'s sex contradicts the relationship or the missing id is unknown, then it is refused', () => {
    expect(() => placeFoundPerson(FAMILY, 'MP', 'paternalUncle', 'female', new Set())).toThrow(RangeError);
    expect(() => placeFoundPerson(FAMILY, 'NOPE', 'fullSibling', 'female', new Set())).toThrow(RangeError);
  });

  it('when the family already uses the id POI, then the found person gets a fresh id', () => {
    const family = [...FAMILY, { id: 'POI', father: 'FA', mother: 'MO', sex: 'male' as const }];
    const placed = placeFoundPerson(family, 'MP', 'fullSibling', 'male', new Set(['POI']))!;
    expect(placed.foundId).not.toBe('POI');
    expect(compilePedigree(placed.individuals).size).toBe(family.length + 1);
  });
});
