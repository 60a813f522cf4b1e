import { CaseFormatError, readCaseList, validateKinshipCase } from '../../src/kinship';

/** A small valid duo case built here; each test changes one thing. */
function duoCase(): any {
  return {
    id: 'duo',
    loci: [{ name: 'TH01', frequencies: { '6': 0.2, '7': 0.3, '9.3': 0.5 } }, { name: 'D8S1179', frequencies: { '12': 0.5, '13': 0.5 } }],
    pedigree: [{ id: 'FA', father: null, mother: null, sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' }],
    missing: 'MP',
    genotypes: { FA: { TH01: ['6', '9.3'] }, POI: { TH01: ['9.3', '7'], D8S1179: ['12', '12'] } },
  };
}

function messageOf(input: unknown): string {
  try {
    validateKinshipCase(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CaseFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a CaseFormatError');
}

describe('validateKinshipCase', () => {
  it('when a minimal missing-person case is read, then the defaults of README §1 are applied', () => {
    const c = validateKinshipCase(duoCase());
    expect(c).toMatchObject({ mode: 'missingPerson', theta: 0, thetaMode: 'joint', normalizeFrequencies: false, poi: { id: 'POI', sex: 'male' } });
  });

  it('when names use other spellings, then loci and alleles are canonicalised (THO1, "6.0")', () => {
    const input = duoCase();
    input.loci[0].name = 'THO1';
    input.genotypes.FA = { tho1: ['6.0', '9.3'] };
    const c = validateKinshipCase(input);
    expect(c.loci[0]!.name).toBe('TH01');
    expect(c.genotypes.FA).toEqual({ TH01: ['6', '9.3'] });
  });

  it.each<[string, (c: any) => void, RegExp]>([
    ['an allele outside the locus frequencies', (c) => (c.genotypes.POI.TH01 = ['6', '11']), /case "duo": person "POI", locus TH01: allele 11 is not in the locus frequencies/],
    ['an unreadable allele', (c) => (c.genotypes.FA.TH01 = ['6', 'six']), /case "duo": person "FA": invalid allele "six" at TH01/],
    ['a genotype of three alleles', (c) => (c.genotypes.FA.TH01 = ['6', '7', '7']), /person "FA", locus TH01: a genotype is exactly two alleles/],
    ['a genotype for a locus not in "loci"', (c) => (c.genotypes.FA.FGA = ['20', '21']), /person "FA": locus FGA is not one of the case's loci/],
    ['an unknown locus', (c) => (c.loci[1].name = 'D99S999'), /case "duo": unknown locus "D99S999"/],
    ['a non-autosomal locus', (c) => (c.loci[1].name = 'AMEL'), /locus AMEL is not an autosomal STR/],
    ['the same locus twice', (c) => (c.loci[1].name = 'THO1'), /locus TH01 is listed twice/],
    ['a zero frequency', (c) => (c.loci[0].frequencies['6'] = 0), /locus TH01: allele 6 needs a frequency > 0/],
    ['frequencies far from 1 without normalisation', (c) => (c.loci[1].frequencies['13'] = 0.3), /locus D8S1179: frequencies sum to 0\.8.*normalizeFrequencies/],
    ['an unknown field', (c) => (c.thetamode = 'joint'), /case "duo": unknown field "thetamode"/],
    ['a theta of 1', (c) => (c.theta = 1), /"theta" must be a number with 0 <= theta < 1/],
    ['a bad mode', (c) => (c.mode = 'paternity'), /"mode" must be "missingPerson" or "kinship"/],
    ['a typed missing person', (c) => (c.genotypes.MP = { TH01: ['6', '7'] }), /the missing person "MP" must not have genotypes/],
    ['a missing person outside the pedigree', (c) => (c.missing = 'X'), /the missing person "X" is not in the pedigree/],
    ['a POI without genotypes', (c) => delete c.genotypes.POI, /the POI "POI" has no genotypes/],
    ['a POI id that is a pedigree member', (c) => (c.poi = { id: 'FA' }), /the POI id "FA" is a pedigree member/],
    ['a POI of the other sex than the missing person', (c) => (c.poi = { id: 'POI', sex: 'female' }), /the POI is female but the missing person "MP" is male/],
    ['a typed stranger', (c) => (c.genotypes.UNCLE = {}), /typed person "UNCLE" is neither the POI nor a pedigree member/],
    ['an unknown parent', (c) => (c.pedigree[2].mother = 'M0'), /case "duo": "MP": mother "M0" is not in the pedigree/],
    ['a female father', (c) => (c.pedigree[0].sex = 'female'), /"FA" is the father of "MP" but is female/],
    ['a mutation model without rate', (c) => (c.mutation = { model: 'equal' }), /case "mutation": male mutation: "rate" is required|female mutation: "rate" is required/],
    ['an unknown mutation model', (c) => (c.loci[0].mutation = { model: 'twostep', rate: 0.1 }), /locus TH01: "mutation".model must be one of/],
    ['an unknown field in a sex object', (c) => (c.mutation = { model: 'equal', rate: 0.001, male: { rat: 0.002 } }), /unknown field "rat"/],
  ])('when a case has %s, then the error names it', (_what, change, message) => {
    const input = duoCase();
    change(input);
    expect(messageOf(input)).toMatch(message);
  });

  it('when a kinship case types a person missing from one hypothesis, then the error names the person and hypothesis', () => {
    const input: any = {
      id: 'k', mode: 'kinship',
      loci: [{ name: 'TH01', frequencies: { '6': 0.5, '7': 0.5 } }],
      h1: { pedigree: [{ id: 'A', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'B', father: 'A', mother: 'M' }] },
      h2: { pedigree: [{ id: 'A' }, { id: 'C' }] },
      genotypes: { A: { TH01: ['6', '7'] }, B: { TH01: ['6', '6'] } },
    };
    expect(messageOf(input)).toMatch(/typed person "B" is not in the h2 pedigree/);
    input.h2.pedigree[1].id = 'B';
    expect(validateKinshipCase(input).mode).toBe('kinship');
    input.pedigree = [];
    expect(messageOf(input)).toMatch(/unknown field "pedigree"/);
  });
});

describe('readCaseList', () => {
  it('when given one case, an array or {"cases": [...]}, then the list of cases is returned', () => {
    expect(readCaseList({ id: 'a' })).toEqual([{ id: 'a' }]);
    expect(readCaseList([{ id: 'a' }, { id: 'b' }])).toHaveLength(2);
    expect(readCaseList({ cases: [{ id: 'a' }] })).toEqual([{ id: 'a' }]);
  });

  it('when given anything else, then a CaseFormatError is thrown', () => {
    expect(() => readCaseList('cases')).toThrow(CaseFormatError);
    expect(() => readCaseList({ cases: [], extra: 1 })).toThrow(/unknown field\(s\) "extra"/);
  });
});
