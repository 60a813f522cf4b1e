import { mulberry32 } from '../../../src/matching';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { createServiceDeps, genotypesFromNistRow, mendelianChild, seedSampleData } from '../../../src/services';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store';
import { aFrequencyTable } from '../../support/builders';

const NIST_CSV = path.join(__dirname, '..', '..', '..', 'data-samples', 'profiles', 'nist1036-genotypes.csv');

describe('mendelianChild', () => {
  const arbGenotypes = fc.dictionary(fc.constantFrom('TH01', 'FGA', 'vWA', 'D3S1358'), fc.tuple(fc.integer({ min: 5, max: 30 }), fc.integer({ min: 5, max: 30 })).map(([a, b]) => [String(a), String(b)]), { minKeys: 1 });

  it('when a child is simulated, then at every locus one allele comes from the father and the other from the mother', () => {
    fc.assert(fc.property(arbGenotypes, arbGenotypes, fc.integer(), (father, mother, seed) => {
      const child = mendelianChild(father, mother, mulberry32(seed));
      for (const [locus, [a, b]] of Object.entries(child)) {
        expect(father[locus]).toContain(a);
        expect(mother[locus]).toContain(b);
      }
      expect(Object.keys(child).sort()).toEqual(Object.keys(father).filter((l) => mother[l]).sort());
    }));
  });

  it('when the same seed is used twice, then the child is the same', () => {
    const fa = { TH01: ['6', '9.3'], FGA: ['20', '24'] };
    const mo = { TH01: ['7', '8'], FGA: ['21', '22'] };

    expect(mendelianChild(fa, mo, mulberry32(7))).toEqual(mendelianChild(fa, mo, mulberry32(7)));
  });
});

describe('seedSampleData', () => {
  let dir: string;
  let store: EmbeddedStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-seed-'));
    store = EmbeddedStore.open({ dataDir: dir });
    await store.frequencyTables.insert(aFrequencyTable({ id: 'nist1036-all' }));
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the NIST sample seeds the demo, then 3 families and 3 found persons exist, found person 1 is a true child of family 1, and a second run adds nothing', async () => {
    const rows = parse(fs.readFileSync(NIST_CSV), { columns: true }) as Record<string, string>[];
    const deps = createServiceDeps(store, { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 100, defaultFrequencyTable: 'nist1036-all' });

    const first = await seedSampleData(deps, rows);
    const second = await seedSampleData(deps, rows);

    expect(first).toEqual({ profiles: 10, cases: 3, foundPersons: 3 });
    expect(second).toEqual({ profiles: 0, cases: 0, foundPersons: 0 });
    const family1 = (await store.cases.list({ alertId: 'DEMO-ALERT-1', limit: 1, offset: 0 })).items[0]!;
    const [father, mother] = await Promise.all(['FA', 'MO'].map((id) => store.profiles.findById(family1.family.pedigree.typed[id]!)));
    const found1 = await store.profiles.findBySampleId('DEMO-LAB', 'DEMO-FOUND-1');
    const autosomal = Object.keys(found1!.genotypes).filter((l) => l !== 'AMEL');
    expect(autosomal).toHaveLength(29);
    for (const locus of autosomal) {
      const [a, b] = found1!.genotypes[locus]!;
      const fromFather = father!.genotypes[locus]!;
      const fromMother = mother!.genotypes[locus]!;
      expect((fromFather.includes(a!) && fromMother.includes(b!)) || (fromFather.includes(b!) && fromMother.includes(a!))).toBe(true);
    }
  });

  it('when a NIST row has an empty cell, then that locus is left out', () => {
    expect(genotypesFromNistRow({ Sample: 'X', TPOX_1: '', TPOX_2: '', TH01_1: '6', TH01_2: '9.3' })).toEqual({ TH01: ['6', '9.3'] });
  });
});
