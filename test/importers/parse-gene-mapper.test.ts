import fc from 'fast-check';
import { canonicalLocus, isAutosomalLocus, KNOWN_LOCI } from '../../src/kinship/nomenclature';
import { ImportError, parseGeneMapper } from '../../src/importers';
import { arbGenotypes, CMF_AUTOSOMAL_LOCI, withCode, readFormatFixture, thrownBy } from './helpers';

/** Builds a GeneMapper table: header `Sample Name, Marker, Allele 1..n`, rows tab-separated. */
function table(rows: string[][], alleleColumns = 2, lineEnd = '\n'): string {
  const header = ['Sample Name', 'Marker', ...Array.from({ length: alleleColumns }, (_, i) => `Allele ${i + 1}`)];
  return [header, ...rows].map((r) => r.join('\t')).join(lineEnd) + lineEnd;
}

describe('parseGeneMapper on the EuroForMix reference table (77 samples x 17 markers)', () => {
  const text = readFormatFixture('genemapper/euroformix-databaseESX17.txt').toString('utf8');
  const result = parseGeneMapper(readFormatFixture('genemapper/euroformix-databaseESX17.txt'));
  const byId = new Map(result.profiles.map((p) => [p.sampleId, p]));

  it('when the file is read, then all 77 samples are profiles and nothing is reported', () => {
    expect(result.profiles).toHaveLength(77);
    expect(result.issues).toEqual([]);
    expect(result.profiles.every((p) => p.source.rows === 17)).toBe(true);
  });

  it('when every row of the file is split independently, then each genotype matches its row', () => {
    const rows = text.split('\r\n').filter((l) => l !== '').slice(1).map((l) => l.split('\t'));
    expect(rows).toHaveLength(1309);
    for (const [sample, marker, a1, a2] of rows) {
      const profile = byId.get(sample!)!;
      const locus = canonicalLocus(marker!);
      const read = locus === 'AMEL' ? [...profile.amelogenin!] : profile.genotypes[locus]!;
      expect(new Set(read)).toEqual(new Set([a1, a2]));
    }
  });

  it('when homozygotes are written twice, then the 266 such rows (FORMATS.md §1b) give two equal alleles', () => {
    const homozygous = result.profiles.reduce((n, p) => n + Object.values(p.genotypes).filter(([a, b]) => a === b).length
      + (p.amelogenin === 'XX' ? 1 : 0), 0);
    expect(homozygous).toBe(266);
  });

  it('when the first sample is read, then its genotypes are the file text, sorted, with VWA as vWA and AMEL as sex', () => {
    const p = byId.get('00-JP0001-14_20142342311_NO-3241')!;
    expect(p.genotypes.TH01).toEqual(['7', '9.3']);
    expect(p.genotypes.D2S441).toEqual(['10', '11']);
    expect(p.genotypes.vWA).toEqual(['17', '18']);
    expect(p.genotypes.VWA).toBeUndefined();
    expect(p.amelogenin).toBe('XY');
    expect(p.sex).toBe('male');
    expect(p.source).toEqual({ format: 'genemapper', line: 2, rows: 17 });
  });
});

describe('parseGeneMapper on the EuroForMix stain (a mixture, CRLF, trailing tabs, 6 allele columns)', () => {
  const result = parseGeneMapper(readFormatFixture('genemapper/euroformix-stain.txt'));

  it('when a sample has more than two alleles at 12 loci, then it is no profile and each locus is reported with its line', () => {
    expect(result.profiles).toEqual([]);
    const perLocus = withCode(result.issues, 'MIXTURE').filter((i) => i.locus !== undefined);
    expect(perLocus.map((i) => i.locus)).toEqual([
      'D3S1358', 'TH01', 'D10S1248', 'D1S1656', 'D2S1338', 'D16S539', 'vWA', 'D8S1179', 'D2S441', 'D12S391', 'D19S433', 'SE33',
    ]);
    expect(perLocus[0]).toMatchObject({ severity: 'error', sampleId: 'evid1', line: 3 });
    expect(perLocus[11]!.line).toBe(18);
    expect(withCode(result.issues, 'MIXTURE').filter((i) => i.locus === undefined)).toHaveLength(1);
  });
});

describe('parseGeneMapper on the real gmconvert export (test.genemapper)', () => {
  const raw = readFormatFixture('genemapper/test.genemapper').toString('utf8');

  it('when the markers are bird microsatellites, then every row is an unknown-locus error and no profile is made', () => {
    const result = parseGeneMapper(raw);
    expect(result.profiles).toEqual([]);
    const unknown = withCode(result.issues, 'UNKNOWN_LOCUS', 'error');
    expect(unknown).toHaveLength(80);
    expect(unknown.map((i) => i.line)).toEqual(Array.from({ length: 80 }, (_, i) => i + 2));
    expect(unknown[0]).toMatchObject({ sampleId: 'sample1', locus: 'SS-R1M2-P4B3' });
    expect(withCode(result.issues, 'NO_LOCI').map((i) => i.sampleId)).toEqual(['sample1', 'sample2']);
  });

  /**
   * The same file with its 32 marker names replaced by human loci and each size-named allele n by
   * n/10 (166 -> "16.6"); every other byte, with the file's quirks, stays as it is.
   */
  function humanised(): { text: string; locusOf: (marker: string) => string } {
    const lines = raw.split('\n');
    const markers = [...new Set(lines.slice(1).filter((l) => l !== '').map((l) => l.split('\t')[4]!))].sort();
    const human = KNOWN_LOCI.filter(isAutosomalLocus);
    const locusOf = (marker: string): string => human[markers.indexOf(marker)]!;
    const allele = (v: string): string => (/^\d+$/.test(v) ? String(Number(v) / 10) : v);
    const text = lines.map((line, i) => {
      if (i === 0 || line === '') return line;
      const cells = line.split('\t');
      cells[4] = locusOf(cells[4]!);
      cells[7] = allele(cells[7]!);
      cells[8] = allele(cells[8]!);
      return cells.join('\t');
    }).join('\n');
    return { text, locusOf };
  }

  const { text, locusOf } = humanised();
  const result = parseGeneMapper(text);
  const sample1 = result.profiles.find((p) => p.sampleId === 'sample1')!;

  it('when its markers are human loci, then both samples become profiles of 40 rows each', () => {
    expect(result.profiles.map((p) => [p.sampleId, p.source.line, p.source.rows])).toEqual([['sample1', 2, 40], ['sample2', 42, 40]]);
  });

  it('when Allele 2 is empty (line 12, also the row whose DAC is " ;"), then the allele is a homozygote', () => {
    expect(sample1.genotypes[locusOf('Smex-8')]).toEqual(['16.6', '16.6']);
  });

  it('when an allele is "?", then it is kept as OL, sorted last, with a warning', () => {
    expect(sample1.genotypes[locusOf('SS-R1M2-P3G9')]).toEqual(['37.2', 'OL']);
    expect(sample1.genotypes[locusOf('SS-R1M2-P4B3')]).toEqual(['OL', 'OL']);
    expect(withCode(result.issues, 'OFF_LADDER', 'warning').filter((i) => i.sampleId === 'sample1').map((i) => i.line)).toEqual([2, 3, 4, 5, 6, 7, 13, 14, 15, 16]);
  });

  it('when a marker has no call (lines 8-11), then it is untyped with a warning', () => {
    expect(withCode(result.issues, 'NO_CALL', 'warning').map((i) => i.line)).toEqual([8, 9, 10, 11, 48, 49, 50, 51]);
    expect(sample1.genotypes[locusOf('SS-R1M2-P3G5')]).toBeUndefined();
  });

  it('when a re-run types a marker again differently, then the marker is dropped and the conflict names both lines', () => {
    const conflicts = withCode(result.issues, 'CONFLICTING_CALLS', 'error').filter((i) => i.sampleId === 'sample1');
    expect(conflicts.map((i) => i.line)).toEqual([20, 21, 23, 29, 38, 39]);
    expect(conflicts.find((i) => i.line === 29)!.message).toMatch(/line 22/);
    expect(sample1.genotypes[locusOf('Smex7')]).toBeUndefined();
  });

  it('when a re-run repeats the same call (lines 27 and 30), then the genotype is kept once, silently', () => {
    expect(sample1.genotypes[locusOf('Sialia20')]).toEqual(['19', '20.2']);
    expect(result.issues.some((i) => i.line === 30)).toBe(false);
  });

  it('when a row stops after GQ (42 fields, line 41), then it is read like the others', () => {
    expect(sample1.genotypes[locusOf('SS-R1M2-P4B8')]).toEqual(['28.3', '28.3']);
  });

  it('when 32 markers minus 4 no-calls minus 6 conflicts remain, then the profile has 22 loci and no kit (two panels)', () => {
    expect(Object.keys(sample1.genotypes)).toHaveLength(22);
    expect(sample1.kit).toBeUndefined();
  });
});

describe('parseGeneMapper quirks and bad input', () => {
  it('when rows end with CRLF and a trailing tab, then cells are clean', () => {
    const text = table([['S1', 'D3S1358', '15', '16', ''], ['S1', 'TH01', '9.3', '', '']], 3, '\r\n');
    const { profiles, issues: reported } = parseGeneMapper(text);
    expect(reported).toEqual([]);
    expect(profiles[0]!.genotypes).toEqual({ D3S1358: ['15', '16'], TH01: ['9.3', '9.3'] });
  });

  it('when the Panel column holds one panel, then it is the kit', () => {
    const text = 'Sample Name\tPanel\tMarker\tAllele 1\tAllele 2\nS1\tGlobalFiler_v1\tFGA\t22\t24\n';
    expect(parseGeneMapper(text).profiles[0]!.kit).toBe('GlobalFiler_v1');
  });

  it('when Amelogenin is X alone or X/Y, then sex is female or male; Y markers (DYS391, Yindel) keep one allele', () => {
    const text = table([['F', 'AMEL', 'X', ''], ['F', 'FGA', '20', '21'], ['M', 'AMEL', 'X', 'Y'], ['M', 'FGA', '20', '20'], ['M', 'DYS391', '10', ''], ['M', 'Yindel', '2', '2']]);
    const [f, m] = parseGeneMapper(text).profiles;
    expect([f!.amelogenin, f!.sex, m!.amelogenin, m!.sex]).toEqual(['XX', 'female', 'XY', 'male']);
    expect(m!.genotypes.DYS391).toEqual(['10']);
    expect(m!.genotypes.Yindel).toEqual(['2']);
  });

  it('when a locus is unknown, then that row is an error and the rest of the sample is imported', () => {
    const { profiles, issues: reported } = parseGeneMapper(table([['S1', 'D3S1385', '15', '16'], ['S1', 'FGA', '20', '22']]));
    expect(profiles[0]!.genotypes).toEqual({ FGA: ['20', '22'] });
    expect(reported).toEqual([expect.objectContaining({ code: 'UNKNOWN_LOCUS', severity: 'error', line: 2, sampleId: 'S1', locus: 'D3S1385' })]);
  });

  it('when an allele is "abc", then the locus is dropped with an error naming locus and allele', () => {
    const { profiles, issues: reported } = parseGeneMapper(table([['S1', 'D3S1358', 'abc', '16'], ['S1', 'FGA', '20', '22']]));
    expect(profiles[0]!.genotypes.D3S1358).toBeUndefined();
    expect(reported).toEqual([expect.objectContaining({ code: 'INVALID_ALLELE', severity: 'error', line: 2, locus: 'D3S1358', allele: 'abc' })]);
  });

  it('when one sample has three alleles at a locus, then it is refused and the other samples still import', () => {
    const text = table([['MIX', 'FGA', '20', '21', '22'], ['MIX', 'TH01', '6', '7', ''], ['OK', 'FGA', '20', '21', '']], 3);
    const { profiles, issues: reported } = parseGeneMapper(text);
    expect(profiles.map((p) => p.sampleId)).toEqual(['OK']);
    expect(withCode(reported, 'MIXTURE').map((i) => [i.sampleId, i.locus])).toEqual([['MIX', 'FGA'], ['MIX', undefined]]);
  });

  it('when two different alleles are called at a Y marker, then the marker is dropped', () => {
    const { profiles, issues: reported } = parseGeneMapper(table([['S1', 'DYS391', '10', '11'], ['S1', 'FGA', '20', '22']]));
    expect(profiles[0]!.genotypes.DYS391).toBeUndefined();
    expect(withCode(reported, 'Y_LOCUS_TWO_ALLELES')).toHaveLength(1);
  });

  it('when a row has no Sample Name, then it is reported, not lost', () => {
    const { issues: reported } = parseGeneMapper(table([['', 'FGA', '20', '22'], ['S1', 'FGA', '20', '22']]));
    expect(reported).toEqual([expect.objectContaining({ code: 'MISSING_SAMPLE_ID', line: 2 })]);
  });

  it('when a free-text cell holds a double quote, then the following rows are not swallowed', () => {
    const text = 'Sample Name\tMarker\tAllele 1\tAllele 2\tUD1\nS1\tFGA\t20\t22\t"odd\nS1\tTH01\t6\t7\t\n';
    expect(parseGeneMapper(text).profiles[0]!.genotypes).toEqual({ FGA: ['20', '22'], TH01: ['6', '7'] });
  });

  it('when the upload is UTF-16 with a byte-order mark, then it is read', () => {
    const text = table([['S1', 'FGA', '20', '22']]);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(parseGeneMapper(bytes).profiles[0]!.genotypes).toEqual({ FGA: ['20', '22'] });
  });

  it('when the header lacks Marker, then ImportError MISSING_COLUMN names line 1', () => {
    const error = thrownBy(() => parseGeneMapper('Sample Name\tD3S1358\nS1\t15,16\n'));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'MISSING_COLUMN', line: 1 });
    expect((error as Error).message).toMatch(/Marker/);
  });

  it('when the file is empty, then ImportError EMPTY_INPUT', () => {
    expect(thrownBy(() => parseGeneMapper(' \n'))).toMatchObject({ code: 'EMPTY_INPUT' });
  });
});

/** Spellings of a canonical locus seen in lab exports (case, VWA, THO1, TP0X, CSF1P0, PENTA_D). */
function spellings(locus: string): string[] {
  const aliases: Record<string, string[]> = { TH01: ['THO1'], TPOX: ['TP0X'], CSF1PO: ['CSF1P0'], vWA: ['VWA'], 'Penta D': ['PENTA_D', 'PentaD'], 'Penta E': ['Penta_E'] };
  return [locus, locus.toUpperCase(), locus.toLowerCase(), ...(aliases[locus] ?? [])];
}

describe('parseGeneMapper properties', () => {
  it('when alleles come in any order, homozygotes once or twice, loci in any spelling, then the profile is the same', () => {
    fc.assert(fc.property(
      arbGenotypes(CMF_AUTOSOMAL_LOCI),
      fc.infiniteStream(fc.nat()),
      fc.constantFrom('\n', '\r\n'),
      fc.integer({ min: 2, max: 6 }),
      (genotypes, choices, lineEnd, alleleColumns) => {
        const rows = Object.entries(genotypes).map(([locus, alleles]) => {
          const names = spellings(locus);
          const name = names[choices.next().value % names.length]!;
          let cells = [...alleles];
          if (choices.next().value % 2 === 1) cells.reverse();
          if (cells.length === 2 && cells[0] === cells[1] && choices.next().value % 2 === 1) cells = [cells[0]!];
          return ['S1', name, ...cells, ...Array<string>(alleleColumns - cells.length).fill('')];
        });
        const { profiles, issues: reported } = parseGeneMapper(table(rows, alleleColumns, lineEnd));
        expect(reported).toEqual([]);
        expect(profiles[0]!.genotypes).toEqual(genotypes);
      },
    ), { numRuns: 150 });
  });
});
