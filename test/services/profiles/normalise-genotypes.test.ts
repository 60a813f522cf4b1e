import fc from 'fast-check';
import { genotypeHash, ValidationError } from '../../../src/lib';
import { normaliseGenotypes } from '../../../src/services';

const arbAllele = fc.oneof(
  fc.integer({ min: 5, max: 35 }).map(String),
  fc.tuple(fc.integer({ min: 5, max: 35 }), fc.integer({ min: 1, max: 3 })).map(([w, p]) => `${w}.${p}`),
  fc.integer({ min: 5, max: 35 }).chain((w) => fc.constantFrom(`<${w}`, `>${w}`)),
  fc.constant('OL'),
);
const LOCI = ['D3S1358', 'vWA', 'FGA', 'TH01', 'D21S11', 'Penta D', 'D18S51', 'SE33'];
const arbGenotypes = fc.uniqueArray(fc.constantFrom(...LOCI), { minLength: 1, maxLength: LOCI.length })
  .chain((loci) => fc.tuple(...loci.map((l) => fc.tuple(fc.constant(l), arbAllele, arbAllele))))
  .map((rows) => Object.fromEntries(rows.map(([l, a, b]) => [l, [a, b]])) as Record<string, string[]>);

/** Another spelling of the same locus, as labs and exports write them. */
const respell = (locus: string): string => ({ vWA: 'VWA', TH01: 'THO1', 'Penta D': 'PENTA_D', SE33: 'ACTBP2' } as Record<string, string>)[locus] ?? locus.toLowerCase();

describe('normaliseGenotypes', () => {
  it('when loci are spelled differently and alleles come in any order, then the result and its hash are the same', () => {
    fc.assert(fc.property(arbGenotypes, (g) => {
      const other = Object.fromEntries(Object.entries(g).map(([l, [a, b]]) => [respell(l), [b!, a!]]));

      const x = normaliseGenotypes(g);
      const y = normaliseGenotypes(other);

      expect(y.genotypes).toEqual(x.genotypes);
      expect(genotypeHash(y.genotypes, y.autosomalLoci)).toBe(genotypeHash(x.genotypes, x.autosomalLoci));
    }));
  });

  it.each([
    ['TH01', ['10', '9.3'], ['9.3', '10']],
    ['AMEL', ['Y', 'X'], ['X', 'Y']],
    ['D8S1179', ['8', '<8'], ['<8', '8']],
    ['FGA', ['>30', '30.2'], ['30.2', '>30']],
    ['D18S51', ['OL', 13], ['13', 'OL']],
  ])('when %s is typed %j, then it is stored as %j (SWGDAM order, CMF 3.2 §3.1.2)', (locus, given, stored) => {
    expect(normaliseGenotypes({ [locus]: given }).genotypes[locus]).toEqual(stored);
  });

  it('when genotypes are normalised again or their alleles come in another order, then nothing changes', () => {
    fc.assert(fc.property(arbGenotypes, fc.boolean(), (g, swap) => {
      const once = normaliseGenotypes(g).genotypes;
      const permuted = Object.fromEntries(Object.entries(g).map(([l, [a, b]]) => [l, swap ? [b!, a!] : [a!, b!]]));

      expect(normaliseGenotypes(once).genotypes).toEqual(once);
      expect(normaliseGenotypes(permuted).genotypes).toEqual(once);
      for (const pair of Object.values(once)) expect(pair).toHaveLength(2);
    }));
  });

  it('when one allele is given at an autosomal locus, then it is a homozygote', () => {
    expect(normaliseGenotypes({ TH01: ['9.3'] }).genotypes.TH01).toEqual(['9.3', '9.3']);
  });

  it('when microvariants and off-ladder calls meet, then they sort by repeat value with OL last', () => {
    expect(normaliseGenotypes({ TH01: ['10', '9.3'], FGA: ['OL', '22'], D18S51: ['>27', 9] }).genotypes)
      .toEqual({ D18S51: ['9', '>27'], FGA: ['22', 'OL'], TH01: ['9.3', '10'] });
  });

  it('when Amelogenin is X,Y or X only, then the sex is male or female; without it, unknown', () => {
    expect(normaliseGenotypes({ AMEL: ['Y', 'X'], TH01: ['6'] })).toMatchObject({ sex: 'male', otherLoci: ['AMEL'], autosomalLoci: ['TH01'] });
    expect(normaliseGenotypes({ Amelogenin: ['x'] }).genotypes.AMEL).toEqual(['X', 'X']);
    expect(normaliseGenotypes({ AMEL: ['X'] }).sex).toBe('female');
    expect(normaliseGenotypes({ TH01: ['6', '7'] }).sex).toBeNull();
  });

  it('when a Y marker has one allele, then it keeps one; two different ones are an error', () => {
    expect(normaliseGenotypes({ DYS391: ['10'] }).genotypes.DYS391).toEqual(['10']);
    expect(() => normaliseGenotypes({ DYS391: ['10', '11'] })).toThrow(/one allele/);
  });

  it('when several loci and alleles are wrong, then one ValidationError lists each with its locus and allele', () => {
    let error: unknown;
    try {
      normaliseGenotypes({ D3S1385: ['15'], TH01: ['abc', '7'], vWA: ['16'], VWA: ['17'] });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    expect((error as ValidationError).errors).toEqual([
      { path: 'genotypes.D3S1385', locus: 'D3S1385', message: 'unknown locus "D3S1385"' },
      expect.objectContaining({ path: 'genotypes.TH01', locus: 'TH01', allele: 'abc' }),
      expect.objectContaining({ path: 'genotypes.VWA', locus: 'vWA', message: 'locus given twice, as "vWA" and "VWA"' }),
    ]);
  });

  it('when only loci are unknown, then the code is UNKNOWN_LOCUS; when only alleles are invalid, then INVALID_ALLELE', () => {
    const codeOf = (g: Record<string, string[]>) => {
      try {
        normaliseGenotypes(g);
        return undefined;
      } catch (e) {
        return (e as ValidationError).code;
      }
    };

    expect(codeOf({ D99S1: ['1', '2'] })).toBe('UNKNOWN_LOCUS');
    expect(codeOf({ TH01: ['x', 'y'] })).toBe('INVALID_ALLELE');
  });
});
