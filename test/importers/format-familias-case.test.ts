import fc from 'fast-check';
import { formatFamiliasCase, parseFamiliasCase, type FamiliasCaseInput, type FamiliasCaseMarker } from '../../src/importers';
import { sortAlleles } from '../../src/kinship';

const TH01: FamiliasCaseMarker = {
  name: 'TH01',
  frequencies: { '9.3': 0.3, '6': 0.2, '7': 0.2, '8': 0.1, '9': 0.2 },
  mutation: { female: { model: 'stepwise', rate: 0.0001, range: 0.1, rate2: 1e-6 }, male: { model: 'equal', rate: 0.0002 } },
};
const D3: FamiliasCaseMarker = { name: 'D3S1358', frequencies: { '14': 0.1, '15': 0.3, '16': 0.3, '17': 0.3 } };

function trio(): FamiliasCaseInput {
  return {
    persons: [
      { name: 'FA', sex: 'male', genotypes: { TH01: ['6', '9.3'], D3S1358: ['15', '17'] } },
      { name: 'MO', sex: 'female', genotypes: {} },
      { name: 'POI', sex: 'female', genotypes: { TH01: ['9.3', '9.3'] } },
    ],
    pedigrees: [
      { name: 'FoundPersonIsMissing', extras: [], relations: [['FA', 'POI'], ['MO', 'POI']] },
      { name: 'Unrelated', extras: [{ name: 'MP', sex: 'female' }], relations: [['FA', 'MP'], ['MO', 'MP']] },
    ],
    markers: [TH01, D3],
    databaseName: 'nist1036-all',
    theta: 0.01,
  };
}

describe('formatFamiliasCase', () => {
  it('when a trio with a found person is written, then parseFamiliasCase reads the same persons, genotypes, pedigrees, frequencies, models and theta', () => {
    const { cases, pedigrees, database, issues } = parseFamiliasCase(formatFamiliasCase(trio()));

    expect(issues).toEqual([]);
    expect(pedigrees.map((p) => p.name)).toEqual(['FoundPersonIsMissing', 'Unrelated']);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.genotypes).toEqual({ FA: { TH01: ['6', '9.3'], D3S1358: ['15', '17'] }, POI: { TH01: ['9.3', '9.3'] } });
    expect(cases[0]!.h1.pedigree).toEqual([
      { id: 'FA', father: null, mother: null, sex: 'male' },
      { id: 'MO', father: null, mother: null, sex: 'female' },
      { id: 'POI', father: 'FA', mother: 'MO', sex: 'female' },
    ]);
    expect(cases[0]!.h2.pedigree).toContainEqual({ id: 'extra_Unrelated_1', father: 'FA', mother: 'MO', sex: 'female' });
    expect(cases[0]!.h2.pedigree).toContainEqual({ id: 'POI', father: null, mother: null, sex: 'female' });
    expect(database.table.loci).toEqual({ TH01: TH01.frequencies, D3S1358: D3.frequencies });
    expect(database.mutation.TH01).toEqual(TH01.mutation);
    expect(database.mutation.D3S1358).toEqual({ female: { model: 'equal', rate: 0 }, male: { model: 'equal', rate: 0 } });
    expect(cases[0]!.theta).toBe(0.01);
  });

  it('when a person is typed at a marker the database lacks, then writing fails naming the person and the locus', () => {
    const input = trio();
    const bad = { ...input, persons: [{ name: 'FA', sex: 'male' as const, genotypes: { vWA: ['15', '16'] } }] };

    expect(() => formatFamiliasCase(bad)).toThrow('FA is typed at vWA');
  });

  it('when random families of persons with random genotypes are written, then every person, genotype and relation reads back unchanged', () => {
    const alleles = Object.keys(TH01.frequencies);
    const genotype = fc.tuple(fc.constantFrom(...alleles), fc.constantFrom(...alleles)).map((pair) => sortAlleles(pair));
    const family = fc.record({
      founders: fc.array(fc.record({ male: fc.boolean(), typed: fc.option(genotype, { nil: undefined }) }), { minLength: 2, maxLength: 6 }),
      children: fc.array(fc.record({ father: fc.nat(), mother: fc.nat(), male: fc.boolean(), typed: fc.option(genotype, { nil: undefined }) }), { maxLength: 4 }),
      theta: fc.constantFrom(0, 0.01, 0.03),
    });
    fc.assert(fc.property(family, ({ founders, children, theta }) => {
      // Both sexes among the founders, so every child can get a father and a mother.
      const people = founders.map((f, i) => ({ name: `P${i}`, sex: (i === 0 ? 'male' : i === 1 ? 'female' : f.male ? 'male' : 'female') as 'male' | 'female', typed: f.typed }));
      const relations: [string, string][] = [];
      children.forEach((c, k) => {
        const fathers = people.filter((p) => p.sex === 'male');
        const mothers = people.filter((p) => p.sex === 'female');
        const child = { name: `C${k}`, sex: (c.male ? 'male' : 'female') as 'male' | 'female', typed: c.typed };
        relations.push([fathers[c.father % fathers.length]!.name, child.name], [mothers[c.mother % mothers.length]!.name, child.name]);
        people.push(child);
      });
      const input: FamiliasCaseInput = {
        persons: people.map((p) => ({ name: p.name, sex: p.sex, genotypes: p.typed ? { TH01: p.typed } : ({} as Record<string, string[]>) })),
        pedigrees: [{ name: 'Family', extras: [], relations }],
        markers: [TH01],
        databaseName: 'db',
        theta,
      };

      const { pedigrees } = parseFamiliasCase(formatFamiliasCase(input));
      const read = pedigrees[0]!.pedigree;

      expect(read.map((i) => [i.id, i.sex])).toEqual(people.map((p) => [p.name, p.sex]));
      const parentsOf = (name: string) => relations.filter(([, c]) => c === name).map(([p]) => p).sort();
      for (const i of read) expect([i.father, i.mother].filter((x) => x !== null).sort()).toEqual(parentsOf(i.id));
      const [withReference] = parseFamiliasCase(formatFamiliasCase({ ...input, pedigrees: [...input.pedigrees, { name: 'Unrelated', extras: [], relations: [] }] })).cases;
      expect(withReference!.theta).toBe(theta);
      expect(withReference!.genotypes).toEqual(Object.fromEntries(people.filter((p) => p.typed).map((p) => [p.name, { TH01: p.typed }])));
    }), { numRuns: 60 });
  });
});
