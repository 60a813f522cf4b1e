import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceDeps, importerActor, importProfilesBulk, readLabFile, type ServiceDeps } from '../../../src/services';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store';

const FORMATS = path.join(__dirname, '..', '..', 'fixtures', 'formats');
const POLICY = { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 10, defaultFrequencyTable: 'nist1036-all' };

/** A CSV of NIST 1036-style rows: 12 loci, enough for kit "custom". */
function csvOf(rows: ReadonlyArray<readonly [string, string]>): string {
  const loci = ['CSF1PO', 'D13S317', 'D16S539', 'D18S51', 'D21S11', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'FGA', 'TH01', 'vWA'];
  return [`sampleId,${loci.join(',')}`, ...rows.map(([id, th01]) => `${id},10/12,11/12,9/11,14/17,29/30,15/16,11/12,8/10,13/14,21/23,${th01},16/17`)].join('\n');
}

describe('importProfilesBulk', () => {
  let dir: string;
  let store: EmbeddedStore;
  let deps: ServiceDeps;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-bulk-'));
    store = EmbeddedStore.open({ dataDir: dir });
    deps = createServiceDeps(store, POLICY);
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when real GeneMapper, CMF and Familias files are imported, then each sample is stored once for the lab with a profile.create audit by the importer', async () => {
    const files = ['genemapper/euroformix-databaseESX17.txt', 'cmf/CODIS-32.AppendixAexample.xml', 'familias/paternity.fam'];
    const read = files.map((f) => readLabFile(fs.readFileSync(path.join(FORMATS, f)), { kind: 'reference' }));

    const outcomes = (await Promise.all(read.map((r) => importProfilesBulk(deps, importerActor('LAB-07'), r.samples)))).flat();

    const accepted = outcomes.flatMap((o) => (o.status === 'accepted' ? [o] : []));
    expect(read.map((r) => r.format)).toEqual(['genemapper', 'cmf', 'familias']);
    expect(accepted.length + outcomes.filter((o) => o.status === 'rejected').length).toBe(read.reduce((n, r) => n + r.samples.length, 0));
    expect(accepted.length).toBeGreaterThan(70);
    const familias = await store.profiles.findBySampleId('LAB-07', 'CH');
    expect(familias).toMatchObject({ lab: 'LAB-07', kind: 'reference', kit: 'custom', createdBy: 'system:importer' });
    expect(Object.keys(familias!.genotypes)).toHaveLength(10);
    const audit = await store.audit.list({ action: 'profile.create', limit: 500, offset: 0 });
    expect(audit.items.map((e) => e.targetId).sort()).toEqual(accepted.map((o) => o.profileId).sort());
    expect(audit.items.every((e) => e.actor === 'system:importer' && e.role === 'system' && e.org === 'LAB-07')).toBe(true);
    expect(await store.profiles.count()).toBe(accepted.length);
  });

  it('when the same file is imported a second time, then every sample is skipped as already accepted and nothing is added', async () => {
    const file = readLabFile(fs.readFileSync(path.join(FORMATS, 'genemapper', 'euroformix-databaseESX17.txt')), { kind: 'found' });
    const first = await importProfilesBulk(deps, importerActor('LAB-07'), file.samples);
    const before = await store.countRecords();

    const second = await importProfilesBulk(deps, importerActor('LAB-07'), file.samples);

    expect(second.map((o) => o.status)).toEqual(first.map(() => 'skipped'));
    expect(second.map((o) => (o.status === 'skipped' ? o.profileId : null))).toEqual(first.map((o) => (o.status === 'accepted' ? o.profileId : 'x')));
    expect(await store.countRecords()).toEqual(before);
  });

  it('when a sample has an allele the nomenclature refuses, then it is rejected naming its line, locus and allele, and nothing of it is stored', async () => {
    const file = readLabFile(csvOf([['S-1', '6/9.3'], ['S-2', '6/abc'], ['S-3', '7/8']]), { kind: 'reference' });

    const outcomes = await importProfilesBulk(deps, importerActor('LAB-07'), file.samples);

    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'rejected', 'accepted']);
    const rejected = outcomes[1]!;
    expect(rejected).toMatchObject({ status: 'rejected', sampleId: 'S-2', at: 'line 3' });
    expect(rejected.status === 'rejected' && rejected.errors.some((e) => e.locus === 'TH01' && e.allele === 'abc')).toBe(true);
    expect(await store.profiles.findBySampleId('LAB-07', 'S-2')).toBeNull();
    expect((await store.countRecords()).audit).toBe(2);
  });

  it('when a mixture is in the file, then the sample is rejected with the reason the reader gave and not stored', async () => {
    const file = readLabFile(fs.readFileSync(path.join(FORMATS, 'genemapper', 'euroformix-stain.txt')), { kind: 'found' });

    const outcomes = await importProfilesBulk(deps, importerActor('LAB-07'), file.samples);

    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.status === 'rejected' && o.code === 'MIXTURE' && o.errors.some((e) => e.locus !== undefined))).toBe(true);
    expect(await store.profiles.count()).toBe(0);
  });

  it('when a sample id was accepted with other genotypes, then the new sample is rejected as PROFILE_EXISTS and the stored one is unchanged', async () => {
    await importProfilesBulk(deps, importerActor('LAB-07'), readLabFile(csvOf([['S-1', '6/9.3']]), { kind: 'reference' }).samples);
    const stored = await store.profiles.findBySampleId('LAB-07', 'S-1');

    const outcomes = await importProfilesBulk(deps, importerActor('LAB-07'), readLabFile(csvOf([['S-1', '7/8'], ['S-2', '7/8']]), { kind: 'reference' }).samples);

    expect(outcomes.map((o) => (o.status === 'rejected' ? o.code : o.status))).toEqual(['PROFILE_EXISTS', 'accepted']);
    expect(await store.profiles.findBySampleId('LAB-07', 'S-1')).toEqual(stored);
  });

  it('when the file gives no kind and none is chosen, then every sample is rejected naming the kind field', async () => {
    const outcomes = await importProfilesBulk(deps, importerActor('LAB-07'), readLabFile(csvOf([['S-1', '6/9.3']]), {}).samples);

    expect(outcomes[0]).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED' });
    expect(outcomes[0]!.status === 'rejected' && outcomes[0]!.errors.map((e) => e.path)).toContain('kind');
    expect(await store.profiles.count()).toBe(0);
  });
});
