import { parseFamiliasCase } from '../../src/importers';
import { famText } from './familias-text';
import { withCode, readFormatFixture, thrownBy } from './helpers';

describe('parseFamiliasCase on paternity.fam (AF and CH typed, MO untyped; H1 paternity, H2 unrelated)', () => {
  const { cases, pedigrees, issues: reported } = parseFamiliasCase(readFormatFixture('familias/paternity.fam'));
  const [paternity] = cases;

  it('when read, then there is one kinship case H1 against H2 and no issue', () => {
    expect(cases.map((c) => [c.id, c.mode])).toEqual([['familias:H1-vs-H2', 'kinship']]);
    expect(pedigrees.map((p) => p.name)).toEqual(['H1', 'H2']);
    expect(reported).toEqual([]);
  });

  it('when H1 is built, then AF and MO are the parents of CH; in H2 all three are unrelated', () => {
    expect(paternity!.h1.pedigree).toEqual([
      { id: 'AF', father: null, mother: null, sex: 'male' },
      { id: 'MO', father: null, mother: null, sex: 'female' },
      { id: 'CH', father: 'AF', mother: 'MO', sex: 'male' },
    ]);
    expect(paternity!.h2.pedigree.every((i) => i.father === null && i.mother === null)).toBe(true);
  });

  it('when genotypes are read from allele indices, then they name the database alleles (AF TH01 = indices 1,5 = 6/9; CH TH01 = 1,6 = 6/9.3)', () => {
    expect(Object.keys(paternity!.genotypes)).toEqual(['AF', 'CH']);
    expect(paternity!.genotypes.AF!.TH01).toEqual(['6', '9']);
    expect(paternity!.genotypes.CH!.TH01).toEqual(['6', '9.3']);
    expect(paternity!.genotypes.AF!.D3S1358).toEqual(['17', '17']);
  });

  it('when the simulated son is compared with his father, then they share an allele at all 10 loci', () => {
    const { AF, CH } = paternity!.genotypes;
    expect(Object.keys(CH!)).toHaveLength(10);
    for (const [locus, alleles] of Object.entries(CH!)) {
      expect(alleles.some((a) => AF![locus]!.includes(a))).toBe(true);
    }
  });

  it('when loci are listed, then every typed allele is in its locus frequencies, with the file mutation model', () => {
    expect(paternity!.loci).toHaveLength(10);
    for (const locus of paternity!.loci) {
      for (const person of Object.values(paternity!.genotypes)) {
        for (const allele of person[locus.name] ?? []) expect(locus.frequencies[allele]).toBeGreaterThan(0);
      }
      expect(locus.mutation!.male).toEqual({ model: 'stepwise', rate: 0.002, range: 0.1, rate2: 1e-6 });
    }
  });

});

describe('parseFamiliasCase pedigree details', () => {
  const markers = [{ name: 'FGA', alleles: [['20', 0.5], ['21', 0.5]] as [string, number][] }];

  it('when a child has only a father and the pedigree has extra persons, then an untyped mother is added and extras are named', () => {
    const text = famText({
      persons: [{ name: 'GF', male: true, genotypes: [[0, 1, 0]] }, { name: 'POI', male: false, genotypes: [[1, 1, 0]] }],
      pedigrees: [{ name: 'grandfather', extraMales: 1, relations: [[0, 2], [2, 1]] }, { name: 'unrelated', relations: [] }],
      markers,
    });
    const { cases } = parseFamiliasCase(text);
    expect(cases[0]!.h1.pedigree).toEqual([
      { id: 'GF', father: null, mother: null, sex: 'male' },
      { id: 'POI', father: 'extra_grandfather_1', mother: 'added_1', sex: 'female' },
      { id: 'extra_grandfather_1', father: 'GF', mother: 'added_2', sex: 'male' },
      { id: 'added_1', father: null, mother: null, sex: 'female' },
      { id: 'added_2', father: null, mother: null, sex: 'female' },
    ]);
    expect(cases[0]!.genotypes).toEqual({ GF: { FGA: ['20', '21'] }, POI: { FGA: ['21', '21'] } });
  });

  it('when a genotype points to an allele the marker does not have, then ImportError names the person line', () => {
    const text = famText({ persons: [{ name: 'A', male: true, genotypes: [[0, 5, 0]] }], pedigrees: [{ name: 'h', relations: [] }], markers });
    expect(thrownBy(() => parseFamiliasCase(text))).toMatchObject({ code: 'MALFORMED_FAMILIAS', line: 6 });
  });

  it('when a typed marker cannot be read (unknown locus), then its genotypes are left out with an issue', () => {
    const text = famText({
      persons: [{ name: 'A', male: true, genotypes: [[0, 1, 0], [0, 0, 1]] }],
      pedigrees: [{ name: 'h', relations: [] }, { name: 'u', relations: [] }],
      markers: [...markers, { name: 'D3S1385', alleles: [['15', 1]] }],
    });
    const { cases, issues: reported } = parseFamiliasCase(text);
    expect(cases[0]!.genotypes).toEqual({ A: { FGA: ['20', '21'] } });
    expect(cases[0]!.loci.map((l) => l.name)).toEqual(['FGA']);
    expect(withCode(reported, 'LOCUS_SKIPPED').map((i) => i.locus)).toEqual(['D3S1385']);
  });

  it('when the database has a theta, then the case carries it', () => {
    const text = famText({ persons: [{ name: 'A', male: true, genotypes: [[0, 1, 0]] }, { name: 'B', male: true, genotypes: [[0, 0, 0]] }],
      pedigrees: [{ name: 'sibs', extraFemales: 1, extraMales: 1, relations: [[2, 0], [3, 0], [2, 1], [3, 1]] }, { name: 'unrelated', relations: [] }], markers, theta: 0.02 });
    const [c] = parseFamiliasCase(text).cases;
    expect(c!.theta).toBe(0.02);
    expect(c!.h1.pedigree.slice(2).map((i) => [i.id, i.sex])).toEqual([['extra_sibs_1', 'female'], ['extra_sibs_2', 'male']]);
    expect(c!.h1.pedigree[0]).toMatchObject({ father: 'extra_sibs_2', mother: 'extra_sibs_1' });
  });
});
