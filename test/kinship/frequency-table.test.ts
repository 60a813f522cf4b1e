import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  compileLocusModel, createFrequencyCatalog, FrequencyTableError, minimumAlleleFrequency, missingPersonLocusLr,
  normalizeFrequencyTable, resolveLocusFrequencies, validateFrequencyTable,
} from '../../src/kinship';
import { arbFrequencies } from './support/arbitraries';
import { relativeError } from './support/brute-force';

const table = (loci: Record<string, Record<string, number>>, extra: object = {}) => ({
  name: 'test table', population: 'test', source: 'built in the test', license_note: '', sampleSize: 100, loci, notes: [], ...extra,
});

describe('validateFrequencyTable', () => {
  it('when every shipped table in data-samples/frequencies is validated, then all pass with canonical locus names', () => {
    const dir = join(__dirname, '..', '..', 'data-samples', 'frequencies');
    for (const file of readdirSync(dir)) {
      const t = validateFrequencyTable(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      expect(Object.keys(t.loci).length).toBeGreaterThan(10);
    }
  });

  it('when locus names and alleles use other spellings, then they are canonicalised (THO1 → TH01, "8.0" → "8")', () => {
    const t = validateFrequencyTable(table({ THO1: { '8.0': 0.5, '9.3': 0.5 } }));
    expect(t.loci).toEqual({ TH01: { '8': 0.5, '9.3': 0.5 } });
  });

  it('when a frequency is negative, a sum is off, a locus is unknown or an allele repeats, then one error lists every problem', () => {
    let message = '';
    try {
      validateFrequencyTable(table({ TH01: { '6': -0.1, '7': 1.1 }, FGA: { '20': 0.5, '21': 0.2 }, D99S999: { '1': 1 }, vWA: { '15': 0.5, '15.0': 0.5 } }));
    } catch (e) {
      expect(e).toBeInstanceOf(FrequencyTableError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/TH01, allele 6: frequency must be a finite number >= 0/);
    expect(message).toMatch(/FGA: frequencies sum to 0\.7/);
    expect(message).toMatch(/unknown locus "D99S999"/);
    expect(message).toMatch(/vWA, allele 15: listed twice/);
  });

  it('when a sum is within the tolerance and normalisation is asked, then every locus sums to 1', () => {
    const t = validateFrequencyTable(table({ TH01: { '6': 0.3, '7': 0.703 } }), { normalize: true });
    expect(t.loci.TH01!['6']! + t.loci.TH01!['7']!).toBeCloseTo(1, 15);
  });

  it('when the sample size is not a positive integer, then the table is rejected', () => {
    expect(() => validateFrequencyTable(table({ TH01: { '6': 1 } }, { sampleSize: -3 }))).toThrow(/sampleSize/);
  });
});

describe('minimum allele frequency policy', () => {
  it('when the sample size is known, then a missing allele gets 5/2N (NRC II); else the configured floor', () => {
    expect(minimumAlleleFrequency(1036, { floor: 0.001 })).toBe(5 / 2072);
    expect(minimumAlleleFrequency(null, { floor: 0.001 })).toBe(0.001);
    expect(minimumAlleleFrequency(1036, { floor: 0.001, useSampleSize: false })).toBe(0.001);
  });

  it('when a profile carries alleles the table lacks, then they are added at the minimum and the locus is renormalised', () => {
    const t = validateFrequencyTable(table({ TH01: { '6': 0.4, '7': 0.6 } }, { sampleSize: 50 }));
    const r = resolveLocusFrequencies(t, 'THO1', ['7', '10.3', '6'], { floor: 0.01 });
    const total = 1 + 5 / 100;
    expect(r.added).toEqual(['10.3']);
    expect(r.frequencies).toEqual({ '6': 0.4 / total, '7': 0.6 / total, '10.3': 0.05 / total });
  });

  it('when no allele is missing, then the table values are returned unchanged', () => {
    const t = validateFrequencyTable(table({ TH01: { '6': 0.4, '7': 0.6 } }));
    expect(resolveLocusFrequencies(t, 'TH01', ['6'], { floor: 0.01 })).toEqual({ locus: 'TH01', frequencies: { '6': 0.4, '7': 0.6 }, added: [] });
  });
});

describe('normalisation', () => {
  it('when every frequency of a locus is scaled by a positive constant, then after normalisation the LR is unchanged', () => {
    fc.assert(
      fc.property(arbFrequencies(4), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3), (p, scale, a, b, c, d) => {
        const alleles = ['12', '13', '14', '15'];
        const base = compileLocusModel({ name: 'D5S818', frequencies: alleles.map((x, i) => [x, p[i]!] as const), mutation: { model: 'proportional', rate: 0.002 }, normalize: true });
        const scaled = compileLocusModel({ name: 'D5S818', frequencies: alleles.map((x, i) => [x, p[i]! * scale] as const), mutation: { model: 'proportional', rate: 0.002 }, normalize: true });
        const duo = [{ id: 'FA', sex: 'male' as const }, { id: 'MO', sex: 'female' as const }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' as const }];
        const lr = (m: typeof base) => missingPersonLocusLr(duo, 'MP', { FA: [a, b] }, [c, d], m).LR;
        expect(relativeError(lr(scaled), lr(base))).toBeLessThan(1e-12);
      }),
    );
  });

  it('when a whole table is normalised, then each locus sums to 1', () => {
    const t = normalizeFrequencyTable(validateFrequencyTable(table({ TH01: { '6': 0.5, '7': 0.505 }, FGA: { '20': 0.999 } })));
    expect(Object.values(t.loci.TH01!).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 15);
    expect(t.loci.FGA).toEqual({ '20': 1 });
  });
});

describe('createFrequencyCatalog', () => {
  it('when several populations are loaded side by side, then each is found by id and an unknown id lists the known ones', () => {
    const asian = validateFrequencyTable(table({ TH01: { '6': 0.1, '9': 0.9 } }, { name: 'asian' }));
    const all = validateFrequencyTable(table({ TH01: { '6': 0.2, '9': 0.8 } }, { name: 'all' }));
    const catalog = createFrequencyCatalog({ 'nist1036-asian': asian, 'nist1036-all': all });
    expect(catalog.ids()).toEqual(['nist1036-asian', 'nist1036-all']);
    expect(catalog.get('nist1036-asian').loci.TH01!['6']).toBe(0.1);
    expect(catalog.has('cnas')).toBe(false);
    expect(() => catalog.get('cnas')).toThrow(/unknown frequency table "cnas"; known: nist1036-asian, nist1036-all/);
  });
});
