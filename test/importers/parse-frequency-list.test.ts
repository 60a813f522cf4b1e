import { canonicalLocus } from '../../src/kinship/nomenclature';
import { ImportError, parseFamiliasDatabase, parseFrequencyList } from '../../src/importers';
import { withCode, readFormatFixture, thrownBy } from './helpers';

describe('parseFrequencyList on NorskDB_v2023.txt', () => {
  const bytes = readFormatFixture('familias/NorskDB_v2023.txt');
  const { table, issues: reported } = parseFrequencyList(bytes, { name: 'NorskDB_v2023', population: 'Norway', sampleSize: null });

  it('when the blocks are counted independently, then every block is a locus with all its alleles, fragment-length markers included', () => {
    const blocks = bytes.toString('utf8').trim().split(/\n\s*\n/).map((b) => b.trim().split('\n'));
    expect(blocks).toHaveLength(50);
    for (const [name, ...alleles] of blocks) {
      expect(Object.keys(table.loci[canonicalLocus(name!)]!)).toHaveLength(alleles.length);
    }
    expect(Object.keys(table.loci)).toHaveLength(50);
    expect(withCode(reported, 'INVALID_ALLELE')).toEqual([]);
  });

  it('when values are looked up, then they are those of the file (D1S1656 14.3 = 0.003449)', () => {
    expect(table.loci.D1S1656!['14.3']).toBe(0.003449);
    expect(table.name).toBe('NorskDB_v2023');
    expect(table.population).toBe('Norway');
  });

  it('when the same database is read from the .fam file, then the two tables are identical', () => {
    const fam = parseFamiliasDatabase(readFormatFixture('familias/NorskDB_2023.fam'));
    expect(table.loci).toEqual(fam.table.loci);
  });
});

describe('parseFrequencyList layouts and bad input', () => {
  it('when a marker name has a space and alleles are separated by spaces, then both are read', () => {
    const { table } = parseFrequencyList('Penta D\n9  0.4\n13 0.6\n\nTHO1\t\n9.3\t1\n', { name: 't' });
    expect(table.loci).toEqual({ 'Penta D': { '9': 0.4, '13': 0.6 }, TH01: { '9.3': 1 } });
  });

  it('when a marker is unknown, listed twice, or sums to 0.5, then each is an issue naming it', () => {
    const { table, issues: reported } = parseFrequencyList('D3S1385\n15\t1\nFGA\n20\t1\nFGA\n20\t1\nTH01\n6\t0.5\n', { name: 't' });
    expect(reported.map((i) => [i.code, i.severity, i.locus, i.line])).toEqual([
      ['UNKNOWN_LOCUS', 'error', 'D3S1385', 1], ['LOCUS_SKIPPED', 'error', 'FGA', 5], ['FREQUENCY_SUM', 'warning', 'TH01', 7],
    ]);
    expect(Object.keys(table.loci)).toEqual(['FGA', 'TH01']);
  });

  it('when a frequency is 0 or above 1, then the locus is left out', () => {
    const { table, issues: reported } = parseFrequencyList('FGA\n20\t0\n21\t1\nTH01\n6\t1.5\n', { name: 't' });
    expect(table.loci).toEqual({});
    expect(withCode(reported, 'INVALID_FREQUENCY').map((i) => i.line)).toEqual([2, 5]);
  });

  it('when an allele line comes before any marker, then ImportError names the line', () => {
    const error = thrownBy(() => parseFrequencyList('\n15\t0.2\nFGA\n', { name: 't' }));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'MALFORMED_FREQUENCY_LIST', line: 2 });
  });
});
