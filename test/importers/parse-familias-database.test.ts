import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportError, parseFamiliasDatabase, type SexMutation } from '../../src/importers';
import { famText } from './familias-text';
import { withCode, readFormatFixture, thrownBy } from './helpers';

interface RateEntry {
  female: number; male: number; femaleModel: string; maleModel: string;
  femaleRange: number; maleRange: number; femaleRate2: number; maleRate2: number; databaseSize: number;
}
const mutationRates = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data-samples', 'mutation-rates.json'), 'utf8')) as { loci: Record<string, RateEntry> };

/** The decoding stated in mutation-rates.json's `fields`, written in the case-format shape. */
function expectedSex(model: string, rate: number, range: number, rate2: number): SexMutation {
  if (model === 'equal') return { model: 'equal', rate };
  if (model === 'proportional') return { model: 'proportional', rate };
  return { model: 'stepwise', rate, range, rate2 };
}

describe('parseFamiliasDatabase on NorskDB_2023.fam (50 markers with mutation models)', () => {
  const db = parseFamiliasDatabase(readFormatFixture('familias/NorskDB_2023.fam'));

  it('when the header is read, then the table is named after the file\'s database and states no sample size', () => {
    expect([db.table.name, db.table.sampleSize]).toEqual(['NorskDB_2023', null]);
  });

  it('when the mutation models are decoded, then all 50 equal the decoding in data-samples/mutation-rates.json', () => {
    expect(Object.keys(db.mutation).sort()).toEqual(Object.keys(mutationRates.loci).sort());
    for (const [locus, r] of Object.entries(mutationRates.loci)) {
      expect(db.mutation[locus]).toEqual({
        female: expectedSex(r.femaleModel, r.female, r.femaleRange, r.femaleRate2),
        male: expectedSex(r.maleModel, r.male, r.maleRange, r.maleRate2),
      });
    }
  });

  it('when three markers name alleles by fragment length (D11S554 "176", APOAI1 "252", D17S906 "326"), then they are in the table with those names and no issue', () => {
    expect(Object.keys(db.table.loci)).toHaveLength(50);
    expect(db.table.loci.D11S554!['176']).toBe(0.007493);
    expect(Object.keys(db.table.loci.D17S906!)[0]).toBe('326');
    expect(Object.keys(db.table.loci.APOAI1!)).toHaveLength(41);
    expect(db.issues).toEqual([]);
  });

  it('when frequencies are read, then they are the values of the file (D1S1656 14.3 = 0.003449, TPOX 8 = 0.55224) and sum to 1', () => {
    expect(db.table.loci.D1S1656!['14.3']).toBe(0.003449);
    expect(db.table.loci.TPOX!['8']).toBe(0.55224);
    for (const freqs of Object.values(db.table.loci)) {
      expect(Object.values(freqs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    }
  });

  it('when options name the population and source, then the table carries them', () => {
    const named = parseFamiliasDatabase(readFormatFixture('familias/NorskDB_2023.fam'), { population: 'Norway', source: 'Oslo University Hospital' });
    expect([named.table.population, named.table.source]).toEqual(['Norway', 'Oslo University Hospital']);
  });
});

describe('parseFamiliasDatabase on the database of paternity.fam', () => {
  const db = parseFamiliasDatabase(readFormatFixture('familias/paternity.fam'));

  it('when read, then its 10 markers are there, PENTA_E as Penta E, with the rates set when it was written (female 0.001, male 0.002, stepwise)', () => {
    expect(Object.keys(db.table.loci)).toEqual(['D3S1358', 'TH01', 'D21S11', 'D18S51', 'Penta E', 'D5S818', 'D13S317', 'D7S820', 'D16S539', 'CSF1PO']);
    expect(db.mutation['Penta E']).toEqual({
      female: { model: 'stepwise', rate: 0.001, range: 0.1, rate2: 1e-6 }, male: { model: 'stepwise', rate: 0.002, range: 0.1, rate2: 1e-6 },
    });
    expect(db.table.loci.TH01).toEqual({
      '5': 0.0030252481, '6': 0.2146878655, '7': 0.2080638697, '8': 0.0922696422, '8.3': 0.0001564779,
      '9': 0.1333719165, '9.3': 0.3404967867, '10': 0.0077717151, '10.3': 0.0001043189, '11': 5.21594e-5,
    });
    expect(db.issues).toEqual([]);
  });
});

describe('parseFamiliasDatabase model codes and bad input', () => {
  const th01: [string, number][] = [['6', 0.3], ['9.3', 0.7]];

  it.each([
    [0, { model: 'equal', rate: 0.001 }],
    [1, { model: 'proportional', rate: 0.001 }],
    [2, { model: 'stepwise', rate: 0.001, range: 0.1, rate2: 1e-6 }],
    [4, { model: 'stepwise', rate: 0.001, range: 0.1, rate2: 1e-6 }],
  ])('when the female model code is %i, then it decodes to %j', (code, expected) => {
    const db = parseFamiliasDatabase(famText({ markers: [{ name: 'TH01', alleles: th01, models: [code, 4] }] }));
    expect(db.mutation.TH01!.female).toEqual(expected);
  });

  it('when the model is stationary stepwise (3), then it is stepwise with a warning that no stabilisation is applied', () => {
    const db = parseFamiliasDatabase(famText({ markers: [{ name: 'TH01', alleles: th01, models: [3, 3] }] }));
    expect(db.mutation.TH01!.male.model).toBe('stepwise');
    expect(withCode(db.issues, 'STATIONARY_MODEL', 'warning')).toHaveLength(1);
  });

  it('when a model code is not 0-4, then no mutation model is read for that marker, with an error', () => {
    const db = parseFamiliasDatabase(famText({ markers: [{ name: 'TH01', alleles: th01, models: [7, 4] }] }));
    expect(db.mutation.TH01).toBeUndefined();
    expect(db.table.loci.TH01).toEqual({ '6': 0.3, '9.3': 0.7 });
    expect(withCode(db.issues, 'INVALID_VALUE', 'error')).toHaveLength(1);
  });

  it('when a marker name is unknown or its frequencies sum to 0.9, then the issue names it', () => {
    const db = parseFamiliasDatabase(famText({ markers: [{ name: 'D3S1385', alleles: th01 }, { name: 'FGA', alleles: [['20', 0.4], ['21', 0.5]] }] }));
    expect(db.issues.map((i) => [i.code, i.severity, i.locus])).toEqual([['UNKNOWN_LOCUS', 'error', 'D3S1385'], ['FREQUENCY_SUM', 'warning', 'FGA']]);
    expect(db.table.loci.FGA).toEqual({ '20': 0.4, '21': 0.5 });
  });

  it('when the first line is not a Familias header, then ImportError MALFORMED_FAMILIAS names line 1', () => {
    const error = thrownBy(() => parseFamiliasDatabase('hello\nworld\n'));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'MALFORMED_FAMILIAS', line: 1 });
  });

  it('when the file stops in the middle of a marker, then ImportError names the line where a value was expected', () => {
    const text = readFormatFixture('familias/NorskDB_2023.fam').toString('utf8').split('\n').slice(0, 20).join('\n');
    const error = thrownBy(() => parseFamiliasDatabase(text));
    expect(error).toMatchObject({ code: 'MALFORMED_FAMILIAS', line: 21 });
    expect((error as Error).message).toMatch(/D1S1656/);
  });

  it('when a rate is not a number, then ImportError names its line', () => {
    const text = famText({ markers: [{ name: 'TH01', alleles: th01 }] }).replace('\r\n0.001\r\n', '\r\nabc\r\n');
    expect(thrownBy(() => parseFamiliasDatabase(text))).toMatchObject({ code: 'MALFORMED_FAMILIAS', line: 16 });
  });
});
