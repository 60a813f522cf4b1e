import { canonicalLocus } from '../../src/kinship/nomenclature';
import { ImportError, parseProfilesCsv } from '../../src/importers';
import { withCode, readDataSample, thrownBy } from './helpers';

describe('parseProfilesCsv on the NIST 1036 genotypes (Sample, Population, <locus>_1/_2)', () => {
  const bytes = readDataSample('profiles/nist1036-genotypes.csv');
  const result = parseProfilesCsv(bytes);
  const byId = new Map(result.profiles.map((p) => [p.sampleId, p]));

  it('when the file is read, then 1036 profiles import with no issue', () => {
    expect(result.profiles).toHaveLength(1036);
    expect(result.issues).toEqual([]);
  });

  it('when the populations are counted, then they are the published sample sizes (342/361/236/97)', () => {
    const counts: Record<string, number> = {};
    for (const p of result.profiles) counts[p.population!] = (counts[p.population!] ?? 0) + 1;
    expect(counts).toEqual({ 'African American': 342, Caucasian: 361, Hispanic: 236, Asian: 97 });
  });

  it('when the two empty genotypes of the source are looked up (OT05588 TPOX, C88H Penta D), then they are untyped', () => {
    expect(byId.get('OT05588')!.genotypes.TPOX).toBeUndefined();
    expect(byId.get('C88H')!.genotypes['Penta D']).toBeUndefined();
    const typed = result.profiles.reduce((n, p) => n + Object.keys(p.genotypes).length, 0);
    expect(typed).toBe(1036 * 29 - 2);
  });

  it('when every cell is split independently, then each genotype holds its two cells', () => {
    const [header, ...rows] = bytes.toString('utf8').trim().split('\n').map((l) => l.replace(/\r$/, '').split(','));
    for (const row of rows) {
      const profile = byId.get(row[0]!)!;
      for (let c = 2; c < header!.length; c += 2) {
        const locus = canonicalLocus(header![c]!.replace(/_1$/, ''));
        if (row[c] === '') continue;
        expect(new Set(profile.genotypes[locus])).toEqual(new Set([row[c], row[c + 1]]));
      }
    }
  });
});

describe('parseProfilesCsv layouts', () => {
  it('when one column per locus holds "15,16", "15/16", "15 16" or "15", then each reads as a genotype', () => {
    const text = 'sampleId,D3S1358,TH01,FGA,vWA\nA,"15,16",9.3/6,22 20.2,17\n';
    expect(parseProfilesCsv(text).profiles[0]!.genotypes).toEqual({
      D3S1358: ['15', '16'], FGA: ['20.2', '22'], TH01: ['6', '9.3'], vWA: ['17', '17'],
    });
  });

  it('when the delimiter is a semicolon or a tab, then it is detected from the header', () => {
    const semi = parseProfilesCsv('Sample Name;D3S1358_1;D3S1358_2\nA;15;16\n');
    const tab = parseProfilesCsv('Sample\tD3S1358\nA\t15/16\n');
    expect(semi.profiles[0]!.genotypes).toEqual({ D3S1358: ['15', '16'] });
    expect(tab.profiles[0]!.genotypes).toEqual({ D3S1358: ['15', '16'] });
  });

  it('when kind, relationship, kit, population and sex are given, then they are on the profile', () => {
    const text = 'sampleId,kind,relationship,kit,population,sex,FGA\nM1,reference,Mother,GlobalFiler,Han,F,20/22\n';
    expect(parseProfilesCsv(text).profiles[0]).toMatchObject({
      kind: 'reference', relationship: 'mother', kit: 'GlobalFiler', population: 'Han', sex: 'female',
    });
  });

  it('when an AMEL column says XY, then the profile is male; a sex column that disagrees is a warning', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,sex,AMEL,FGA\nA,female,XY,20/22\n');
    expect(profiles[0]).toMatchObject({ amelogenin: 'XY', sex: 'male' });
    expect(reported).toEqual([expect.objectContaining({ code: 'SEX_CONFLICT', severity: 'warning', line: 2 })]);
  });

  it('when "-", "NA" or nothing is in a locus cell, then the locus is untyped without an issue', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,D3S1358,TH01_1,TH01_2,FGA\nA,-,NA,,20/22\n');
    expect(profiles[0]!.genotypes).toEqual({ FGA: ['20', '22'] });
    expect(reported).toEqual([]);
  });

  it('when a cell was escaped against spreadsheet formulas, then the escape is removed', () => {
    expect(parseProfilesCsv("sampleId,FGA\n'=A1,20/22\n").profiles[0]!.sampleId).toBe('=A1');
  });
});

describe('parseProfilesCsv bad input', () => {
  it('when a column is not a known locus, then it is a warning once and ignored', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,D3S1385,FGA\nA,15/16,20/22\nB,15/16,21/22\n');
    expect(profiles).toHaveLength(2);
    expect(reported).toEqual([expect.objectContaining({ code: 'UNKNOWN_COLUMN', severity: 'warning', line: 1, locus: 'D3S1385' })]);
  });

  it('when an allele is "abc", then that locus is an error naming row, sample, locus and allele', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,D3S1358,FGA\nA,abc/16,20/22\n');
    expect(profiles[0]!.genotypes).toEqual({ FGA: ['20', '22'] });
    expect(reported).toEqual([expect.objectContaining({ code: 'INVALID_ALLELE', line: 2, sampleId: 'A', locus: 'D3S1358', allele: 'abc' })]);
  });

  it('when the same bad allele appears on several rows, then every row gets its own issue', () => {
    const { issues: reported } = parseProfilesCsv('sampleId,D3S1358,FGA\nA,xyz/16,20/22\nB,xyz/16,20/22\n');
    expect(withCode(reported, 'INVALID_ALLELE').map((i) => [i.line, i.sampleId, i.allele])).toEqual([[2, 'A', 'xyz'], [3, 'B', 'xyz']]);
  });

  it('when a locus has three alleles, then the row is refused as a mixture and the next row imports', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,D3S1358,FGA\nA,"15,16,17",20/22\nB,15,20\n');
    expect(profiles.map((p) => p.sampleId)).toEqual(['B']);
    expect(withCode(reported, 'MIXTURE', 'error').every((i) => i.line === 2 && i.sampleId === 'A')).toBe(true);
  });

  it('when a sample id repeats, then the second row is an error naming the first line', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,FGA\nA,20/22\nA,21/22\n');
    expect(profiles).toHaveLength(1);
    expect(reported).toEqual([expect.objectContaining({ code: 'DUPLICATE_SAMPLE', line: 3, sampleId: 'A' })]);
    expect(reported[0]!.message).toMatch(/line 2/);
  });

  it('when a row has no sample id or no typed locus, then it is reported', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,FGA\n,20/22\nB,\n');
    expect(profiles).toEqual([]);
    expect(reported.map((i) => [i.code, i.line])).toEqual([['MISSING_SAMPLE_ID', 2], ['NO_LOCI', 3]]);
  });

  it('when kind or sex is not a known value, then it is a warning and the profile still imports', () => {
    const { profiles, issues: reported } = parseProfilesCsv('sampleId,kind,sex,FGA\nA,relative,unknown,20/22\n');
    expect(profiles[0]!.kind).toBeUndefined();
    expect(withCode(reported, 'INVALID_VALUE', 'warning')).toHaveLength(2);
  });

  it('when a row has more fields than the header, then it is a warning', () => {
    const { issues: reported } = parseProfilesCsv('sampleId,FGA\nA,20/22,oops\n');
    expect(reported).toEqual([expect.objectContaining({ code: 'EXTRA_FIELDS', line: 2 })]);
  });

  it.each([
    ['no sample id column', 'name,FGA\nA,20/22\n', 'MISSING_COLUMN'],
    ['no locus column', 'sampleId,kit\nA,x\n', 'NO_LOCUS_COLUMNS'],
    ['a locus as one column and as a pair', 'sampleId,FGA,FGA_1\nA,20/22,20\n', 'DUPLICATE_COLUMN'],
    ['the same locus under two spellings', 'sampleId,vWA_1,VWA_1\nA,15,16\n', 'DUPLICATE_COLUMN'],
    ['an unclosed quote', 'sampleId,FGA\nA,"20/22\n', 'MALFORMED_CSV'],
  ])('when the file has %s, then ImportError %s', (_what, text, code) => {
    const error = thrownBy(() => parseProfilesCsv(text));
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe(code);
  });
});
