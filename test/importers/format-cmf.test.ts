import fc from 'fast-check';
import {
  CMF_KITS, formatCmf, ImportError, KINSHIP_CATEGORIES, parseCmf, type CmfExportHeader, type CmfProfile,
} from '../../src/importers';
import { arbGenotypes, CMF_AUTOSOMAL_LOCI, readFormatFixture, thrownBy, withoutSource } from './helpers';
import { checkAgainstXsd } from './xsd-check';

const xsd2017 = readFormatFixture('cmf/CMF-2017.xsd').toString('utf8');
const xsd32 = readFormatFixture('cmf/CODIS-32.AppendixBexample.xsd').toString('utf8');
const header: CmfExportHeader = { destinationOri: 'CN0000001', sourceLab: 'LAB01', submitByUserId: 'analyst7', submitDateTime: '2024-05-06T07:08:09' };

/** The 13 original CODIS loci, the only ones the 3.2 schema lists. */
const CODIS_13 = ['CSF1PO', 'D13S317', 'D16S539', 'D18S51', 'D21S11', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'FGA', 'TH01', 'TPOX', 'vWA'];

describe('formatCmf', () => {
  const mother: CmfProfile = { sampleId: 'MO-1', kind: 'reference', relationship: 'mother', genotypes: { TH01: ['9.3', '9.3'], FGA: ['20', '24.2'] }, amelogenin: 'XX' };
  const child: CmfProfile = { sampleId: 'FC<&>1', kind: 'found', genotypes: { D18S51: ['<9', '10'], vWA: ['15', '17'] }, amelogenin: 'XY', kit: 'Identifiler' };

  it('when profiles are written, then the document validates against both the CMF 3.2 and the 2017 schema', () => {
    const xml = formatCmf([mother, child], { ...header, batchId: 'B1', kit: 'PowerPlex 16' });
    expect(checkAgainstXsd(xml, xsd2017)).toEqual([]);
    expect(checkAgainstXsd(xml, xsd32)).toEqual([]);
  });

  it('when a homozygote is written, then it is one ALLELE (spec §3.1.2), and alleles follow SWGDAM order', () => {
    const xml = formatCmf([mother, child], header);
    const th01 = /<LOCUSNAME>TH01<\/LOCUSNAME>[\s\S]*?<\/LOCUS>/.exec(xml)![0];
    expect(th01.match(/<ALLELEVALUE>/g)).toHaveLength(1);
    const d18 = /<LOCUSNAME>D18S51<\/LOCUSNAME>[\s\S]*?<\/LOCUS>/.exec(xml)![0];
    expect([...d18.matchAll(/<ALLELEVALUE>(.*?)<\/ALLELEVALUE>/g)].map((m) => m[1])).toEqual(['&lt;9', '10']);
  });

  it('when kind and relationship are given, then the categories are Biological Mother and Unidentified Person', () => {
    const xml = formatCmf([mother, child], header);
    expect([...xml.matchAll(/<SPECIMENCATEGORY>(.*?)<\/SPECIMENCATEGORY>/g)].map((m) => m[1])).toEqual(['Biological Mother', 'Unidentified Person']);
  });

  it('when a profile kit differs from the file kit, then every LOCUS carries it as KIT', () => {
    const xml = formatCmf([child], { ...header, kit: 'PowerPlex 16' });
    expect(xml.match(/<LOCUS KIT="Identifiler">/g)).toHaveLength(3);
  });

  it('when a locus is not in the CMF list, then export fails naming it, unless asked to omit it', () => {
    const extra: CmfProfile = { ...mother, genotypes: { ...mother.genotypes, D6S1043: ['11', '12'] } };
    const error = thrownBy(() => formatCmf([extra], header));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'INVALID_EXPORT' });
    expect((error as Error).message).toMatch(/D6S1043/);
    const xml = formatCmf([extra], header, { omitUnsupportedLoci: true });
    expect(xml).not.toMatch(/D6S1043/);
    expect(Object.keys(parseCmf(xml).profiles[0]!.genotypes)).toEqual(['FGA', 'TH01']);
  });

  it.each([
    ['a sample id longer than 24 characters', [{ ...mother, sampleId: 'X'.repeat(25) }], header],
    ['a sample id used twice', [mother, mother], header],
    ['no kind, relationship or category', [{ sampleId: 'U', genotypes: { FGA: ['20', '21'] } }], header],
    ['no specimen', [], header],
    ['an ORI over 10 characters', [mother], { ...header, destinationOri: 'ORI-TOO-LONG' }],
    ['a date that is not CCYY-MM-DDThh:mm:ss', [mother], { ...header, submitDateTime: '06/05/2024' }],
    ['a file kit outside the schema list', [mother], { ...header, kit: 'Goldeneye 20A' }],
  ] as [string, CmfProfile[], CmfExportHeader][])('when given %s, then ImportError INVALID_EXPORT', (_what, profiles, h) => {
    expect(thrownBy(() => formatCmf(profiles, h))).toMatchObject({ code: 'INVALID_EXPORT' });
  });

  it('when a profile has no category but a default is given, then the default is written', () => {
    const xml = formatCmf([{ sampleId: 'U', genotypes: { FGA: ['20', '21'] } }], { ...header, defaultCategory: 'Other' });
    expect(xml).toContain('<SPECIMENCATEGORY>Other</SPECIMENCATEGORY>');
  });
});

/** Sample ids CODIS accepts: 1-24 printable characters (XML markup characters included), trimmed. */
const arbSampleId = fc
  .string({ minLength: 1, maxLength: 24, unit: fc.constantFrom(...'ABCXYZabc0189-_ ./&<>"\'#é中') })
  .filter((s) => s === s.trim() && s !== '');

function arbCmfProfile(loci: readonly string[]): fc.Arbitrary<CmfProfile> {
  return fc
    .record({
      sampleId: arbSampleId,
      genotypes: arbGenotypes(loci),
      category: fc.constantFrom(...Object.keys(KINSHIP_CATEGORIES)),
      kit: fc.option(fc.constantFrom(...CMF_KITS), { nil: undefined }),
      amelogenin: fc.option(fc.constantFrom('XX' as const, 'XY' as const), { nil: undefined }),
    })
    .map(({ category, kit, amelogenin, ...rest }) => {
      const { kind, relationship } = KINSHIP_CATEGORIES[category]!;
      const p: CmfProfile = { ...rest, specimenCategory: category, kind };
      if (relationship) p.relationship = relationship;
      if (kit) p.kit = kit;
      if (amelogenin) p.amelogenin = amelogenin;
      return p;
    });
}

describe('formatCmf / parseCmf round trip', () => {
  it('when arbitrary profiles are exported and imported, then they come back equal (with sex from Amelogenin) and nothing is reported', () => {
    fc.assert(fc.property(
      fc.uniqueArray(arbCmfProfile(CMF_AUTOSOMAL_LOCI), { minLength: 1, maxLength: 4, selector: (p) => p.sampleId }),
      fc.option(fc.constantFrom(...CMF_KITS), { nil: undefined }),
      (profiles, fileKit) => {
        const xml = formatCmf(profiles, fileKit === undefined ? header : { ...header, kit: fileKit });
        const { profiles: read, issues: reported } = parseCmf(xml);
        expect(reported).toEqual([]);
        const expected = profiles.map((p) => {
          const e: CmfProfile & { sex?: string } = { ...p };
          const kit = p.kit ?? fileKit;
          if (kit) e.kit = kit;
          if (p.amelogenin) e.sex = p.amelogenin === 'XY' ? 'male' : 'female';
          return e;
        });
        expect(read.map(withoutSource)).toEqual(expected);
      },
    ), {
      numRuns: 150,
      examples: [[[{ sampleId: '&nbsp;&amp;&#60;', specimenCategory: 'Missing Person', kind: 'reference', relationship: 'self', genotypes: { FGA: ['20', '21'] } }], undefined]],
    });
  });

  it('when arbitrary profiles are exported, then every document validates against the 2017 schema (and the 3.2 schema on the 13 CODIS loci)', () => {
    fc.assert(fc.property(fc.uniqueArray(arbCmfProfile(CMF_AUTOSOMAL_LOCI), { minLength: 1, maxLength: 3, selector: (p) => p.sampleId }), (profiles) => {
      expect(checkAgainstXsd(formatCmf(profiles, header), xsd2017)).toEqual([]);
    }), { numRuns: 40 });
    const categories32 = ['Unidentified Person', 'Missing Person', 'Biological Mother', 'Biological Father', 'Biological Sibling', 'Biological Child', 'Maternal Relative', 'Paternal Relative', 'Spouse'];
    fc.assert(fc.property(fc.uniqueArray(arbCmfProfile(CODIS_13), { minLength: 1, maxLength: 3, selector: (p) => p.sampleId }), (profiles) => {
      const in32 = profiles.map(({ kit: _kit, genotypes, ...p }) => {
        const { DYS391: _y, ...autosomal } = genotypes;
        return { ...p, genotypes: Object.keys(autosomal).length > 0 ? autosomal : { FGA: ['20', '21'] } };
      }).filter((p) => categories32.includes(p.specimenCategory!));
      fc.pre(in32.length > 0);
      expect(checkAgainstXsd(formatCmf(in32, header), xsd32)).toEqual([]);
    }), { numRuns: 40 });
  });
});
