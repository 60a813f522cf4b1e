import { ConflictError } from '../../src/lib';
import type { Profile } from '../../src/domain';
import type { FamilyRecord, FoundPersonRecord, Store } from '../../src/store';
import { contractAdapters } from '../support/store-adapters';
import {
  aCase, aCaseWithFather, aFoundPerson, aFrequencyTable, aProfile, anApiKey, anAuditEntry,
} from '../support/builders';

/**
 * One contract for every Store adapter. The embedded adapter always runs; the MongoDB adapter
 * runs when MONGODB_URI names a replica set (transactions need one), each test in its own database.
 */
const adapters = contractAdapters('core');

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function expectConflict(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConflictError);
  expect((error as ConflictError).code).toBe(code);
}

describe.each(adapters)('Store contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  describe('profiles', () => {
    it('when a profile is inserted, then it reads back equal by id and by (lab, sampleId)', async () => {
      const profile = aProfile({ population: 'Han', sex: null });

      await store.profiles.insert(profile);

      expect(await store.profiles.findById(profile.id)).toEqual(profile);
      expect(await store.profiles.findBySampleId(profile.lab, profile.sampleId)).toEqual(profile);
      expect(await store.profiles.findById('prf_absent')).toBeNull();
    });

    it('when a second profile has the same lab and sampleId, then it is a DUPLICATE_KEY conflict and not stored', async () => {
      const first = aProfile({ sampleId: 'S-1' });
      await store.profiles.insert(first);

      await expectConflict(store.profiles.insert(aProfile({ sampleId: 'S-1' })), 'DUPLICATE_KEY');

      expect(await store.profiles.count()).toBe(1);
    });

    it('when two labs use the same sampleId, then both profiles are stored', async () => {
      await store.profiles.insert(aProfile({ lab: 'LAB-01', sampleId: 'S-1' }));
      await store.profiles.insert(aProfile({ lab: 'LAB-02', sampleId: 'S-1' }));

      expect(await store.profiles.count()).toBe(2);
    });

    it('when profiles are inserted as one batch, then each reads back equal by (lab, sampleId)', async () => {
      const batch = [aProfile({ sampleId: 'B-1' }), aProfile({ sampleId: 'B-2', sex: null }), aProfile({ sampleId: 'B-3', lab: 'LAB-02' })];

      await store.profiles.insertMany(batch);

      for (const p of batch) expect(await store.profiles.findBySampleId(p.lab, p.sampleId)).toEqual(p);
      expect(await store.profiles.count()).toBe(3);
    });

    it('when a batch holds a sample that is already stored, then it is a DUPLICATE_KEY conflict and none of the batch is stored', async () => {
      await store.profiles.insert(aProfile({ sampleId: 'B-2' }));

      await expectConflict(store.profiles.insertMany([aProfile({ sampleId: 'B-1' }), aProfile({ sampleId: 'B-2' })]), 'DUPLICATE_KEY');

      expect(await store.profiles.findBySampleId('LAB-01', 'B-1')).toBeNull();
      expect(await store.profiles.count()).toBe(1);
    });

    it('when a batch fails inside a transaction, then the transaction rolls back its earlier writes too', async () => {
      await store.profiles.insert(aProfile({ sampleId: 'B-2' }));

      await expectConflict(store.transaction(async (tx) => {
        await tx.audit.append(anAuditEntry());
        await tx.profiles.insertMany([aProfile({ sampleId: 'B-1' }), aProfile({ sampleId: 'B-2' })]);
      }), 'DUPLICATE_KEY');

      expect(await store.countRecords()).toMatchObject({ profiles: 1, audit: 0 });
    });

    it('when profiles share a genotype hash, then the lookup returns exactly those ids', async () => {
      const a = aProfile({ genotypeHash: 'same' });
      const b = aProfile({ genotypeHash: 'same', lab: 'LAB-02' });
      await store.profiles.insert(a);
      await store.profiles.insert(b);
      await store.profiles.insert(aProfile({ genotypeHash: 'other' }));

      expect((await store.profiles.findIdsByGenotypeHash('same')).sort()).toEqual([a.id, b.id].sort());
    });

    it('when profiles are listed by lab and kind, then the page holds the oldest first and the total counts all matches', async () => {
      const base = Date.parse('2024-01-01T00:00:00.000Z');
      const mine = [0, 1, 2].map((i) => aProfile({ lab: 'LAB-A', createdAt: new Date(base + i * 1000).toISOString() }));
      for (const p of [...mine].reverse()) await store.profiles.insert(p);
      await store.profiles.insert(aProfile({ lab: 'LAB-A', kind: 'found' }));
      await store.profiles.insert(aProfile({ lab: 'LAB-B' }));

      const page = await store.profiles.list({ lab: 'LAB-A', kind: 'reference', limit: 2, offset: 1 });

      expect(page.total).toBe(3);
      expect(page.items.map((p) => p.id)).toEqual([mine[1]!.id, mine[2]!.id]);
    });

    it('when profiles are fetched by a list of ids, then unknown ids are skipped', async () => {
      const a = aProfile();
      const b = aProfile();
      await store.profiles.insert(a);
      await store.profiles.insert(b);

      const found = await store.profiles.findByIds([a.id, 'prf_unknown', b.id]);

      expect(found.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    });
  });

  describe('transactions', () => {
    it('when the work completes, then all its writes are committed together', async () => {
      const profile = aProfile();

      await store.transaction(async (tx) => {
        await tx.profiles.insert(profile);
        await tx.audit.append(anAuditEntry({ targetId: profile.id }));
      });

      expect(await store.countRecords()).toMatchObject({ profiles: 1, audit: 1 });
    });

    it('when the work throws after writing, then nothing of it is stored', async () => {
      const before = await store.countRecords();

      await expect(store.transaction(async (tx) => {
        await tx.profiles.insert(aProfile());
        await tx.audit.append(anAuditEntry());
        throw new Error('boom');
      })).rejects.toThrow('boom');

      expect(await store.countRecords()).toEqual(before);
    });

    it('when a write conflicts inside the work, then the earlier writes of the work are rolled back', async () => {
      await store.profiles.insert(aProfile({ sampleId: 'S-1' }));

      await expectConflict(store.transaction(async (tx) => {
        await tx.audit.append(anAuditEntry());
        await tx.profiles.insert(aProfile({ sampleId: 'S-1' }));
      }), 'DUPLICATE_KEY');

      expect(await store.audit.count()).toBe(0);
    });

    it('when the work reads what it wrote, then it sees its own uncommitted writes', async () => {
      const profile = aProfile();

      const seen = await store.transaction(async (tx) => {
        await tx.profiles.insert(profile);
        return tx.profiles.findById(profile.id);
      });

      expect(seen).toEqual(profile);
    });

    it('when a transaction is open, then reads outside it do not see its writes until it commits', async () => {
      const profile = aProfile();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));

      const running = store.transaction(async (tx) => {
        await tx.profiles.insert(profile);
        inserted();
        await gate;
      });
      await insertedSignal;
      const during = await store.profiles.findById(profile.id);
      release();
      await running;

      expect(during).toBeNull();
      expect(await store.profiles.findById(profile.id)).toEqual(profile);
    });

    it('when two transactions read-modify-write the same case concurrently, then no update is lost', async () => {
      const c = aCase();
      await store.cases.insert(c);
      const bump = () => store.transaction(async (tx) => {
        const current = (await tx.cases.findById(c.id))!;
        await new Promise((r) => setTimeout(r, 5));
        await tx.cases.update({ ...current, version: current.version + 1 });
      });

      await Promise.all([bump(), bump()]);

      expect((await store.cases.findById(c.id))!.version).toBe(3);
    });
  });

  describe('cases', () => {
    it('when a case with a family is inserted, then it reads back equal, pedigree included', async () => {
      const father = aProfile({ sex: 'male' });
      await store.profiles.insert(father);
      const c = aCaseWithFather(father.id, { alertId: 'ALERT-9', traffickingCaseNo: 'TC-2019-7' });

      await store.cases.insert(c);

      expect(await store.cases.findById(c.id)).toEqual(c);
      expect(await store.cases.findIdsByProfileId(father.id)).toEqual([c.id]);
    });

    it('when a case is updated with the next version, then the change is stored and the reverse lookup follows the family', async () => {
      const father = aProfile({ sex: 'male' });
      await store.profiles.insert(father);
      const c = aCase();
      await store.cases.insert(c);
      const withFather = aCaseWithFather(father.id, { id: c.id, createdAt: c.createdAt, version: 2, status: 'candidate' });

      await store.cases.update(withFather);

      expect(await store.cases.findById(c.id)).toEqual(withFather);
      expect(await store.cases.findIdsByProfileId(father.id)).toEqual([c.id]);
    });

    it('when an update carries a stale version, then it is a STALE_VERSION conflict and the case is unchanged', async () => {
      const c = aCase();
      await store.cases.insert(c);
      await store.cases.update({ ...c, version: 2, status: 'candidate' });

      await expectConflict(store.cases.update({ ...c, version: 2, status: 'closed' }), 'STALE_VERSION');

      expect((await store.cases.findById(c.id))!.status).toBe('candidate');
    });

    it('when cases are listed with filters, then only matching cases are counted and returned', async () => {
      await store.cases.insert(aCase({ status: 'open', child: { sex: 'male', birthDate: null, missingSince: '2010-05-01', place: 'A' } }));
      const hit = aCase({ status: 'open', child: { sex: 'female', birthDate: null, missingSince: '2012-05-01', place: 'B' } });
      await store.cases.insert(hit);
      await store.cases.insert(aCase({ status: 'closed', child: { sex: 'female', birthDate: null, missingSince: '2012-06-01', place: 'C' } }));
      await store.cases.insert(aCase({ status: 'open', child: { sex: 'female', birthDate: null, missingSince: '2020-01-01', place: 'D' } }));

      const page = await store.cases.list({ status: 'open', sex: 'female', missingSinceFrom: '2011-01-01', missingSinceTo: '2015-01-01', limit: 10, offset: 0 });

      expect(page.total).toBe(1);
      expect(page.items).toEqual([hit]);
    });

    it('when cases are filtered by alert id, then the case of that alert is found', async () => {
      const c = aCase({ alertId: 'TY-2024-001' });
      await store.cases.insert(c);
      await store.cases.insert(aCase({ alertId: 'TY-2024-002' }));

      expect((await store.cases.list({ alertId: 'TY-2024-001', limit: 5, offset: 0 })).items.map((x) => x.id)).toEqual([c.id]);
    });
  });

  describe('found persons', () => {
    it('when a found person is inserted, then it reads back by id and by profile id', async () => {
      const profile = aProfile({ kind: 'found' });
      await store.profiles.insert(profile);
      const person = aFoundPerson(profile.id, { notes: 'found near the river' });

      await store.foundPersons.insert(person);

      expect(await store.foundPersons.findById(person.id)).toEqual(person);
      expect(await store.foundPersons.findByProfileId(profile.id)).toEqual(person);
    });

    it('when a second found person names the same profile, then it is a DUPLICATE_KEY conflict', async () => {
      const profile = aProfile({ kind: 'found' });
      await store.profiles.insert(profile);
      await store.foundPersons.insert(aFoundPerson(profile.id));

      await expectConflict(store.foundPersons.insert(aFoundPerson(profile.id)), 'DUPLICATE_KEY');
    });

    it('when a found person is updated, then the version guards against lost updates', async () => {
      const profile = aProfile({ kind: 'found' });
      await store.profiles.insert(profile);
      const person = aFoundPerson(profile.id);
      await store.foundPersons.insert(person);

      await store.foundPersons.update({ ...person, status: 'candidate', version: 2 });
      await expectConflict(store.foundPersons.update({ ...person, status: 'identified', version: 2 }), 'STALE_VERSION');

      expect((await store.foundPersons.findById(person.id))!.status).toBe('candidate');
    });

    it('when found persons are listed by date range and status, then the total counts the matches', async () => {
      const ids: string[] = [];
      for (const [foundAt, status] of [['2020-01-01', 'unidentified'], ['2021-06-01', 'unidentified'], ['2021-07-01', 'candidate']] as const) {
        const profile = aProfile({ kind: 'found' });
        await store.profiles.insert(profile);
        const person = aFoundPerson(profile.id, { foundAt, status });
        ids.push(person.id);
        await store.foundPersons.insert(person);
      }

      const page = await store.foundPersons.list({ status: 'unidentified', foundFrom: '2021-01-01', limit: 10, offset: 0 });

      expect(page.total).toBe(1);
      expect(page.items.map((p) => p.id)).toEqual([ids[1]]);
    });
  });

  describe('frequency tables', () => {
    it('when a table with microvariant alleles is stored, then it reads back equal', async () => {
      const table = aFrequencyTable({ loci: { TH01: { '6': 0.2, '9.3': 0.3, '10': 0.5 }, 'Penta D': { '2.2': 0.1, '9': 0.9 } } });

      await store.frequencyTables.insert(table);

      expect(await store.frequencyTables.findById(table.id)).toEqual(table);
    });

    it('when tables are listed, then they come ordered by id and a duplicate id is refused', async () => {
      await store.frequencyTables.insert(aFrequencyTable({ id: 'zz-table' }));
      await store.frequencyTables.insert(aFrequencyTable({ id: 'aa-table' }));

      await expectConflict(store.frequencyTables.insert(aFrequencyTable({ id: 'aa-table' })), 'DUPLICATE_KEY');
      expect((await store.frequencyTables.listAll()).map((t) => t.id)).toEqual(['aa-table', 'zz-table']);
    });
  });

  describe('API keys', () => {
    it('when a key is stored, then it is found by its hash, and a second key with the same hash is refused', async () => {
      const key = anApiKey({ label: 'intake desk' });
      await store.apiKeys.insert(key);

      expect(await store.apiKeys.findByHash(key.hash)).toEqual(key);
      await expectConflict(store.apiKeys.insert(anApiKey({ hash: key.hash })), 'DUPLICATE_KEY');
    });

    it('when a key is revoked twice, then the first revocation time stays', async () => {
      const key = anApiKey();
      await store.apiKeys.insert(key);

      expect(await store.apiKeys.revoke(key.id, '2025-01-01T00:00:00.000Z')).toBe(true);
      expect(await store.apiKeys.revoke(key.id, '2025-02-01T00:00:00.000Z')).toBe(true);
      expect(await store.apiKeys.revoke('key_unknown', '2025-02-01T00:00:00.000Z')).toBe(false);

      expect((await store.apiKeys.findById(key.id))!.revokedAt).toBe('2025-01-01T00:00:00.000Z');
    });

    it('when keys are listed by role, and demo keys asked for, then each list holds exactly its keys', async () => {
      const admin = anApiKey({ role: 'admin' });
      const demo = anApiKey({ role: 'lab', demo: true });
      await store.apiKeys.insert(admin);
      await store.apiKeys.insert(demo);

      expect((await store.apiKeys.list({ role: 'admin', limit: 10, offset: 0 })).items).toEqual([admin]);
      expect(await store.apiKeys.listDemo()).toEqual([demo]);
    });
  });

  describe('audit', () => {
    it('when entries are listed, then the newest comes first and filters narrow the total', async () => {
      const old = anAuditEntry({ at: '2025-01-01T00:00:00.000Z', targetId: 'prf_1', action: 'profile.read' });
      const mid = anAuditEntry({ at: '2025-01-02T00:00:00.000Z', targetId: 'prf_1', action: 'profile.create' });
      const other = anAuditEntry({ at: '2025-01-03T00:00:00.000Z', targetId: 'prf_2' });
      for (const e of [old, mid, other]) await store.audit.append(e);

      expect((await store.audit.list({ limit: 10, offset: 0 })).items).toEqual([other, mid, old]);
      const filtered = await store.audit.list({ targetType: 'profile', targetId: 'prf_1', from: '2025-01-01T12:00:00.000Z', limit: 10, offset: 0 });
      expect(filtered).toEqual({ items: [mid], total: 1, limit: 10, offset: 0 });
    });
    it('when entries are appended as one batch, then all are listed', async () => {
      const entries = [anAuditEntry({ targetId: 'prf_1' }), anAuditEntry({ targetId: 'prf_2' })];

      await store.audit.appendMany(entries);

      expect((await store.audit.list({ limit: 10, offset: 0 })).items.map((e) => e.targetId).sort()).toEqual(['prf_1', 'prf_2']);
    });
  });

  describe('matching index reads', () => {
    it('when families are streamed in small batches, then every typed family comes once with its genotypes', async () => {
      const fathers: Profile[] = [];
      for (let i = 0; i < 5; i++) {
        const father = aProfile({ sex: 'male', genotypes: { TH01: ['6', String(7 + i)] } });
        await store.profiles.insert(father);
        await store.cases.insert(aCaseWithFather(father.id));
        fathers.push(father);
      }
      await store.cases.insert(aCase());

      const families: FamilyRecord[] = await collect(store.iterateFamilies(2));

      expect(families).toHaveLength(5);
      expect(families.map((f) => f.typed[0]!.profileId).sort()).toEqual(fathers.map((f) => f.id).sort());
      const first = families.find((f) => f.typed[0]!.profileId === fathers[0]!.id)!;
      expect(first.typed[0]).toEqual({ individualId: 'FA', profileId: fathers[0]!.id, sex: 'male', genotypes: { TH01: ['6', '7'] } });
      expect(first.missing).toBe('MP');
      expect(first.individuals.map((i) => i.id)).toEqual(['FA', 'MO', 'MP']);
    });

    it('when found persons are streamed, then each comes once with its profile genotypes', async () => {
      const expected: FoundPersonRecord[] = [];
      for (let i = 0; i < 3; i++) {
        const profile = aProfile({ kind: 'found', sex: 'female', genotypes: { FGA: ['20', String(21 + i)] } });
        await store.profiles.insert(profile);
        const person = aFoundPerson(profile.id);
        await store.foundPersons.insert(person);
        expected.push({ foundPersonId: person.id, profileId: profile.id, status: 'unidentified', sex: 'female', genotypes: profile.genotypes, version: 1 });
      }

      const streamed = await collect(store.iterateFoundPersons(2));

      expect(streamed.sort((a, b) => a.foundPersonId.localeCompare(b.foundPersonId)))
        .toEqual(expected.sort((a, b) => a.foundPersonId.localeCompare(b.foundPersonId)));
    });
  });

  describe('health', () => {
    it('when the store is open, then ping answers and the counts start at zero', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.countRecords()).toEqual({ profiles: 0, cases: 0, foundPersons: 0, frequencyTables: 0, apiKeys: 0, audit: 0 });
    });
  });
});
