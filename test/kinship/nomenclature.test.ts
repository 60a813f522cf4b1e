import fc from 'fast-check';
import {
  alleleRepeatValue, canonicalAllele, canonicalLocus, compareAlleles, findLocus, isAutosomalLocus, KNOWN_LOCI,
  NomenclatureError, parseAllele, sortAlleles,
} from '../../src/kinship/nomenclature';
import { arbRepeatAllele } from '../importers/helpers';

describe('canonicalLocus', () => {
  it.each([
    ['THO1', 'TH01'], ['th01', 'TH01'], ['VWA', 'vWA'], ['vWA', 'vWA'], ['PentaD', 'Penta D'],
    ['PENTA_D', 'Penta D'], ['Penta_D', 'Penta D'], ['penta d', 'Penta D'], ['Amelogenin', 'AMEL'],
    ['AMEL', 'AMEL'], ['CSF1P0', 'CSF1PO'], ['TP0X', 'TPOX'], ['d2s1338', 'D2S1338'], ['D6S1043', 'D6S1043'],
    ['SE33', 'SE33'], ['ACTBP2', 'SE33'], ['D22-GATA198B05', 'D22GATA198B05'], ['Y indel', 'Yindel'],
  ])('when the name is %s, then the canonical name is %s', (input, expected) => {
    expect(canonicalLocus(input)).toBe(expected);
  });

  it('when the locus is unknown, then a NomenclatureError names it', () => {
    expect(() => canonicalLocus('D3S1385')).toThrow(NomenclatureError);
    expect(() => canonicalLocus('D3S1385')).toThrow(/D3S1385/);
  });

  it('when every known locus is read back, then it is its own canonical name', () => {
    for (const name of KNOWN_LOCI) expect(canonicalLocus(name)).toBe(name);
  });

  it('when a locus is Amelogenin or a Y marker, then it is not autosomal', () => {
    expect(isAutosomalLocus('AMEL')).toBe(false);
    expect(isAutosomalLocus('DYS391')).toBe(false);
    expect(isAutosomalLocus('FGA')).toBe(true);
    expect(findLocus('DYS391')?.kind).toBe('Y');
  });
});

describe('parseAllele', () => {
  it.each([
    ['D3S1358', '15', '15', 15, 'repeat'],
    ['TH01', '9.3', '9.3', 9.3, 'repeat'],
    ['TH01', 9.3, '9.3', 9.3, 'repeat'],
    ['FGA', '8.0', '8', 8, 'repeat'],
    ['D21S11', ' 30.2 ', '30.2', 30.2, 'repeat'],
    ['D18S51', '>27', '>27', 27, 'aboveLadder'],
    ['D18S51', '<8', '<8', 8, 'belowLadder'],
    ['D18S51', 'ol', 'OL', null, 'offLadder'],
    ['AMEL', 'x', 'X', null, 'sex'],
  ] as const)('when %s allele is %p, then it reads as %s', (locus, raw, designation, value, kind) => {
    expect(parseAllele(locus, raw)).toEqual({ designation, value, kind });
  });

  it.each([
    ['D3S1358', 'abc'], ['D3S1358', '9.33'], ['D3S1358', '-1'], ['D3S1358', '0'], ['D3S1358', ''],
    ['AMEL', '15'], ['D3S1358', 'X'], ['D3S1358', '100'],
  ])('when %s allele is %p, then the error names the locus and the value', (locus, raw) => {
    let error: unknown;
    try {
      parseAllele(locus, raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NomenclatureError);
    expect((error as NomenclatureError).code).toBe('INVALID_ALLELE');
    expect((error as NomenclatureError).locus).toBe(canonicalLocus(locus));
    expect((error as Error).message).toContain(`"${raw}"`);
  });

  it('when any valid repeat designation is parsed twice, then the result is stable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 9 }), (whole, partial) => {
        const raw = partial === 0 ? `${whole}` : `${whole}.${partial}`;
        const once = canonicalAllele('SE33', raw);
        expect(canonicalAllele('SE33', once)).toBe(once);
        expect(alleleRepeatValue(once)).toBeCloseTo(whole + partial / 10, 12);
      }),
    );
  });
});

/** The one allele order (compareAlleles in src/kinship/nomenclature.ts), used to store, import and export genotypes. */
describe('parseAllele on fragment-length names', () => {
  it.each([['D17S906', '326'], ['APOAI1', 252], ['D11S554', '176'], ['D11S554', ' 1000 ']])(
    'when %s carries the fragment length %s, then it is a fragment allele without a repeat value', (locus, raw) => {
      const allele = parseAllele(locus, raw);

      expect(allele).toEqual({ designation: String(raw).trim(), kind: 'fragment', value: null });
      expect(alleleRepeatValue(allele.designation)).toBeNull();
    });

  it('when a fragment-length locus carries a repeat number, then it is a repeat allele (a table may name it either way)', () => {
    expect(parseAllele('D17S906', '15')).toEqual({ designation: '15', kind: 'repeat', value: 15 });
  });

  it.each([['TH01', '326'], ['FGA', '100']])('when %s (a repeat-named locus) carries %s, then the error names the locus, the allele and where lengths are names', (locus, raw) => {
    expect(() => parseAllele(locus, raw)).toThrow(NomenclatureError);
    expect(() => parseAllele(locus, raw)).toThrow(new RegExp(`"${raw}" at ${locus}: a fragment length in base pairs names alleles only at APOAI1, D11S554, D17S906`));
  });

  it.each(['0326', '12345', '3x6', '326.5'])('when D17S906 carries the malformed name "%s", then it is an error naming it', (raw) => {
    expect(() => parseAllele('D17S906', raw)).toThrow(new RegExp(`"${raw.replace('.', '\\.')}" at D17S906`));
  });

  it('when fragment lengths are sorted, then they follow increasing length after the repeat numbers', () => {
    expect(sortAlleles(['1000', '331', '15', '326', 'OL'])).toEqual(['15', '326', '331', '1000', 'OL']);
  });
});

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

  it.each([
    [['10', '9.3'], ['9.3', '10']],
    [['Y', 'X'], ['X', 'Y']],
    [['8', '<8'], ['<8', '8']],
    [['10.1', '>10'], ['10.1', '>10']],
    [['>10', '10.1'], ['10.1', '>10']],
    [['11', '>10'], ['>10', '11']],
    [['OL', '35'], ['35', 'OL']],
  ])('when %j is sorted, then it reads %j', (given, expected) => {
    expect(sortAlleles(given)).toEqual(expected);
  });
});
