import { canonicalLocus } from '../../src/kinship/nomenclature';
import { ImportError, parseCmf } from '../../src/importers';
import { withCode, readFormatFixture, thrownBy } from './helpers';

const appendixA = readFormatFixture('cmf/CODIS-32.AppendixAexample.xml').toString('utf8');

/** A minimal CMF document around the given SPECIMEN elements. */
function cmf(specimens: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CODISImportFile xmlns="urn:CODISImportFile-schema">
  <HEADERVERSION>3.2</HEADERVERSION><MESSAGETYPE>Import</MESSAGETYPE><DESTINATIONORI>ORI1</DESTINATIONORI>
  <SOURCELAB>LAB1</SOURCELAB><SUBMITBYUSERID>user</SUBMITBYUSERID><SUBMITDATETIME>2024-01-02T03:04:05</SUBMITDATETIME>
  ${specimens}
</CODISImportFile>`;
}

function specimen(id: string, category: string, loci: [string, string[]][]): string {
  const locus = ([name, alleles]: [string, string[]]): string =>
    `<LOCUS><LOCUSNAME>${name}</LOCUSNAME><READINGBY>u</READINGBY><READINGDATETIME>2024-01-01T00:00:00</READINGDATETIME>${alleles.map((a) => `<ALLELE><ALLELEVALUE>${a}</ALLELEVALUE></ALLELE>`).join('')}</LOCUS>`;
  return `<SPECIMEN><SPECIMENID>${id}</SPECIMENID><SPECIMENCATEGORY>${category}</SPECIMENCATEGORY>${loci.map(locus).join('')}</SPECIMEN>`;
}

/** LOCUSNAME -> ALLELEVALUEs of each SPECIMEN, read from the raw text with regular expressions. */
function lociInText(xml: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const [, body] of xml.matchAll(/<SPECIMEN[\s>]([\s\S]*?)<\/SPECIMEN>/g)) {
    const id = /<SPECIMENID>(.*?)<\/SPECIMENID>/.exec(body!)![1]!;
    const loci = new Map<string, string[]>();
    for (const [, locus] of body!.matchAll(/<LOCUS[\s>]([\s\S]*?)<\/LOCUS>/g)) {
      const name = /<LOCUSNAME>(.*?)<\/LOCUSNAME>/.exec(locus!)![1]!;
      const values = [...locus!.matchAll(/<ALLELEVALUE>(.*?)<\/ALLELEVALUE>/g)].map((m) => m[1]!.replace('&lt;', '<').replace('&gt;', '>'));
      loci.set(name, values);
    }
    out.set(id, loci);
  }
  return out;
}

describe('parseCmf on the FBI example file (CMF 3.2 spec, Appendix A)', () => {
  const result = parseCmf(appendixA);
  const inText = lociInText(appendixA);

  it('when the header is read, then its values are those of the file', () => {
    expect(result.header).toEqual({
      headerVersion: '3.2', destinationOri: 'IADCI0000', sourceLab: 'IADCI0000', submitByUserId: 'KEllis',
      submitDateTime: '2002-02-14T21:51:44', batchId: 'GEL2004_10_04_101', kit: 'PowerPlex 16',
    });
  });

  it('when IMP_0001A is read, then its 13 loci hold exactly the ALLELEVALUEs of the file', () => {
    const a = result.profiles.find((p) => p.sampleId === 'IMP_0001A')!;
    const expected = [...inText.get('IMP_0001A')!].map(([name, values]) => [canonicalLocus(name), values]);
    expect(expected).toHaveLength(13);
    expect(Object.entries(a.genotypes)).toEqual(expect.arrayContaining(expected));
    expect(Object.keys(a.genotypes)).toHaveLength(13);
  });

  it('when IMP_0001A is read, then the case id, partial flag, kit and category come along, with no kind', () => {
    const a = result.profiles[0]!;
    expect(a.source).toEqual({ format: 'cmf', element: 'CODISImportFile/SPECIMEN[1]', caseId: 'FL2004_10_04_ABC', partial: true });
    expect(a.kit).toBe('PowerPlex 16');
    expect(a.specimenCategory).toBe('Forensic, Unknown');
    expect(a.kind).toBeUndefined();
    expect(withCode(result.issues, 'CATEGORY_NOT_KINSHIP', 'warning').map((i) => i.sampleId)).toEqual(['IMP_0001A', 'IMP_0001B']);
  });

  it('when IMP_0001B has 4 alleles at D16S539 and 3 at D21S11, then it is refused as a mixture, naming both LOCUS elements', () => {
    expect(result.profiles.map((p) => p.sampleId)).toEqual(['IMP_0001A']);
    const mixture = withCode(result.issues, 'MIXTURE', 'error');
    expect(mixture.map((i) => [i.locus, i.element])).toEqual([
      ['D16S539', 'CODISImportFile/SPECIMEN[2]/LOCUS[3]'],
      ['D21S11', 'CODISImportFile/SPECIMEN[2]/LOCUS[5]'],
      [undefined, 'CODISImportFile/SPECIMEN[2]'],
    ]);
  });

  describe('edited so that IMP_0001B is single-source (extra alleles removed), with THO1/TP0X spellings and kinship categories', () => {
    const edited = appendixA
      .replace('<ALLELEVALUE>13.1</ALLELEVALUE>', '<ALLELEVALUE>6</ALLELEVALUE>')
      .replace('<ALLELEVALUE>14.2</ALLELEVALUE>', '<ALLELEVALUE>7</ALLELEVALUE>')
      .replace('<ALLELEVALUE>&lt;25</ALLELEVALUE>', '<ALLELEVALUE>28</ALLELEVALUE>')
      .replace(/<LOCUSNAME>TH01</g, '<LOCUSNAME>THO1<')
      .replace(/<LOCUSNAME>TPOX</g, '<LOCUSNAME>TP0X<')
      .replace('<SPECIMENCATEGORY>Forensic, Unknown</SPECIMENCATEGORY>', '<SPECIMENCATEGORY>Biological Mother</SPECIMENCATEGORY>')
      .replace('<SPECIMENCATEGORY>Forensic, Unknown</SPECIMENCATEGORY>', '<SPECIMENCATEGORY>Unidentified Person</SPECIMENCATEGORY>');
    const { profiles, issues: reported } = parseCmf(edited);
    const b = profiles.find((p) => p.sampleId === 'IMP_0001B')!;

    it('when a locus has one ALLELE (D18S51 11), then it is a homozygote', () => {
      expect(b.genotypes.D18S51).toEqual(['11', '11']);
    });

    it('when values are written &lt;6, &gt;15, &gt;17, then they read as below/above-ladder alleles with warnings', () => {
      expect(b.genotypes.CSF1PO).toEqual(['<6', '8.2']);
      expect(b.genotypes.D13S317).toEqual(['13', '>15']);
      expect(b.genotypes['Penta D']).toEqual(['7.3', '>17']);
      expect(withCode(reported, 'OFF_LADDER').map((i) => i.locus)).toEqual(['CSF1PO', 'D13S317', 'Penta D']);
    });

    it('when loci are spelled THO1 and TP0X, then they are TH01 and TPOX', () => {
      expect(b.genotypes.TH01).toEqual(['8', '9']);
      expect(b.genotypes.TPOX).toEqual(['10', '11']);
    });

    it('when Amelogenin is X and Y, then the specimen is male', () => {
      expect([b.amelogenin, b.sex]).toEqual(['XY', 'male']);
    });

    it('when the categories are Biological Mother and Unidentified Person, then the kinds are reference (mother) and found', () => {
      expect(profiles.map((p) => [p.sampleId, p.kind, p.relationship])).toEqual([
        ['IMP_0001A', 'reference', 'mother'], ['IMP_0001B', 'found', undefined],
      ]);
      expect(withCode(reported, 'CATEGORY_NOT_KINSHIP')).toEqual([]);
    });
  });
});

describe('parseCmf categories', () => {
  it.each([
    ['Unidentified Person', 'found', undefined],
    ['Missing Person', 'reference', 'self'],
    ['Deduced Missing Person', 'reference', 'self'],
    ['Biological Mother', 'reference', 'mother'],
    ['Biological Father', 'reference', 'father'],
    ['Biological Child', 'reference', 'child'],
    ['Biological Sibling', 'reference', 'fullSibling'],
    ['Maternal Relative', 'reference', 'maternalRelative'],
    ['Paternal Relative', 'reference', 'paternalRelative'],
    ['Alleged Father', 'reference', 'father'],
    ['Spouse', 'reference', 'spouse'],
  ])('when the category is %s, then kind is %s and relationship %s', (category, kind, relationship) => {
    const { profiles } = parseCmf(cmf(specimen('S1', category, [['FGA', ['20', '22']]])));
    expect(profiles[0]).toMatchObject({ specimenCategory: category, kind });
    expect(profiles[0]!.relationship).toBe(relationship);
  });
});

describe('parseCmf bad input', () => {
  it('when the file is cut in half, then ImportError MALFORMED_XML names the last line and the open elements', () => {
    const truncated = appendixA.slice(0, appendixA.length / 2);
    const error = thrownBy(() => parseCmf(truncated));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'MALFORMED_XML', line: truncated.split('\n').length });
    expect((error as Error).message).toMatch(/CODISImportFile\/SPECIMEN/);
  });

  it('when a closing tag is misspelt, then ImportError MALFORMED_XML names its line', () => {
    expect(thrownBy(() => parseCmf(appendixA.replace('</SPECIMENID>', '</SPECIMENI>')))).toMatchObject({ code: 'MALFORMED_XML', line: 13 });
  });

  it('when a DOCTYPE declares an external entity (XXE), then the file is refused before parsing', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE CODISImportFile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n${cmf(specimen('&secret;', 'Missing Person', [['FGA', ['20']]])).replace(/^<\?xml.*\?>\n/, '')}`;
    const error = thrownBy(() => parseCmf(xxe));
    expect(error).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN', line: 2 });
    expect((error as Error).message).not.toMatch(/root:/);
  });

  it('when entities expand exponentially (billion laughs), then the file is refused at once', () => {
    const lol = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!doctype lolz [<!ENTITY l0 "lol">${lol}]><CODISImportFile>&l10;</CODISImportFile>`;
    expect(thrownBy(() => parseCmf(bomb))).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN' });
  });

  it('when the root is not CODISImportFile, then ImportError NOT_CMF', () => {
    expect(thrownBy(() => parseCmf(readFormatFixture('cmf/CMF-2017.xsd')))).toMatchObject({ code: 'NOT_CMF' });
  });

  it('when a locus name is unknown or an allele is "abc", then only that LOCUS is dropped, with its element path', () => {
    const { profiles, issues: reported } = parseCmf(cmf(specimen('S1', 'Missing Person', [['D3S1385', ['15']], ['FGA', ['abc', '22']], ['TH01', ['6', '9.3']]])));
    expect(profiles[0]!.genotypes).toEqual({ TH01: ['6', '9.3'] });
    expect(reported.map((i) => [i.code, i.element, i.locus, i.allele])).toEqual([
      ['UNKNOWN_LOCUS', 'CODISImportFile/SPECIMEN[1]/LOCUS[1]', 'D3S1385', undefined],
      ['INVALID_ALLELE', 'CODISImportFile/SPECIMEN[1]/LOCUS[2]', 'FGA', 'abc'],
    ]);
  });

  it('when three alleles are at one locus, then the specimen is refused and the next one imports', () => {
    const { profiles, issues: reported } = parseCmf(cmf(specimen('MIX', 'Missing Person', [['FGA', ['20', '21', '22']]]) + specimen('OK', 'Missing Person', [['FGA', ['20']]])));
    expect(profiles.map((p) => p.sampleId)).toEqual(['OK']);
    expect(withCode(reported, 'MIXTURE').every((i) => i.sampleId === 'MIX')).toBe(true);
  });

  it('when a SPECIMENID repeats or is missing, then those specimens are errors naming the element', () => {
    const missing = '<SPECIMEN><SPECIMENCATEGORY>Missing Person</SPECIMENCATEGORY></SPECIMEN>';
    const { profiles, issues: reported } = parseCmf(cmf(specimen('S1', 'Missing Person', [['FGA', ['20']]]) + specimen('S1', 'Missing Person', [['FGA', ['21']]]) + missing));
    expect(profiles).toHaveLength(1);
    expect(reported.map((i) => [i.code, i.element])).toEqual([
      ['DUPLICATE_SAMPLE', 'CODISImportFile/SPECIMEN[2]'], ['MISSING_SAMPLE_ID', 'CODISImportFile/SPECIMEN[3]'],
    ]);
  });

  it('when an allele uses a character reference (&#60;8), then it is decoded', () => {
    expect(parseCmf(cmf(specimen('S1', 'Missing Person', [['FGA', ['&#60;18', '22']]]))).profiles[0]!.genotypes.FGA).toEqual(['<18', '22']);
  });
});
