import { type Store } from '../../src/store';
import { contractAdapters } from '../support/store-adapters';
import { aCase, aFoundPerson, aProfile } from '../support/builders';
import { aJob, aMatch, aSearchPolicy } from '../support/matching-builders';

/** The contract of the matching repositories (src/store/matching-store.ts) for every adapter; Mongo runs with MONGODB_URI. */
const adapters = contractAdapters('matching');

describe.each(adapters)('Matching store contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  async function aPair(): Promise<{ caseId: string; foundPersonId: string }> {
    const c = aCase();
    const profile = aProfile({ kind: 'found' });
    const person = aFoundPerson(profile.id);
    await store.cases.insert(c);
    await store.profiles.insert(profile);
    await store.foundPersons.insert(person);
    return { caseId: c.id, foundPersonId: person.id };
  }

  describe('matches', () => {
    it('when a pair is upserted twice, then the second keeps the id, status and creation time, replaces the scores and bumps the version', async () => {
      const { caseId, foundPersonId } = await aPair();
      const first = await store.matches.upsert(aMatch(caseId, foundPersonId, { createdAt: '2025-01-01T00:00:00.000Z' }));
      await store.matches.update({ ...first, status: 'retest', version: 2 });
      const rescored = aMatch(caseId, foundPersonId, { log10Lr: 9, lr: 1e9, policyVersion: 2, meetsPolicy: false });

      const second = await store.matches.upsert(rescored);

      expect(second).toEqual({ ...rescored, id: first.id, status: 'retest', createdAt: '2025-01-01T00:00:00.000Z', version: 3 });
      expect(await store.matches.findById(first.id)).toEqual(second);
      expect(await store.matches.findByPair(caseId, foundPersonId)).toEqual(second);
      expect(await store.matches.count()).toBe(1);
    });

    it('when a stale version is written, then the update is a STALE_VERSION conflict and nothing changes', async () => {
      const { caseId, foundPersonId } = await aPair();
      const stored = await store.matches.upsert(aMatch(caseId, foundPersonId));

      await expect(store.matches.update({ ...stored, status: 'rejected', version: stored.version })).rejects.toMatchObject({ code: 'STALE_VERSION' });
      expect((await store.matches.findById(stored.id))!.status).toBe('candidate');
    });

    it('when a case has several matches, then they list highest LR first with the total, paged and by status', async () => {
      const c = aCase();
      await store.cases.insert(c);
      const ids: string[] = [];
      for (const log10Lr of [5, 9, 7]) {
        const profile = aProfile({ kind: 'found' });
        const person = aFoundPerson(profile.id);
        await store.profiles.insert(profile);
        await store.foundPersons.insert(person);
        const m = await store.matches.upsert(aMatch(c.id, person.id, { log10Lr, lr: 10 ** log10Lr, status: log10Lr === 7 ? 'rejected' : 'candidate' }));
        ids.push(m.id);
      }

      const page = await store.matches.listByCase(c.id, { limit: 2, offset: 0 });
      const candidates = await store.matches.listByCase(c.id, { status: 'candidate', limit: 10, offset: 0 });

      expect(page.total).toBe(3);
      expect(page.items.map((m) => m.log10Lr)).toEqual([9, 7]);
      expect(candidates.items.map((m) => m.log10Lr)).toEqual([9, 5]);
      expect((await store.matches.listByFoundPerson(page.items[0]!.foundPersonId, { limit: 5, offset: 0 })).items.map((m) => m.id)).toEqual([ids[1]]);
      const all = [...(await store.matches.listAfter('', 2)), ...(await store.matches.listAfter((await store.matches.listAfter('', 2))[1]!.id, 2))];
      expect(all.map((m) => m.id).sort()).toEqual([...ids].sort());
    });

    it('when an upsert runs in a transaction that fails, then the match is not stored', async () => {
      const { caseId, foundPersonId } = await aPair();

      await expect(store.transaction(async (tx) => {
        await tx.matches.upsert(aMatch(caseId, foundPersonId));
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');

      expect(await store.matches.findByPair(caseId, foundPersonId)).toBeNull();
    });
  });

  describe('search policies', () => {
    it('when versions are stored, then the highest is current, each reads back, and a repeated version is a DUPLICATE_KEY conflict', async () => {
      expect(await store.searchPolicies.current()).toBeNull();
      const v1 = aSearchPolicy(1);
      const v2 = aSearchPolicy(2, { thresholdLr: 1e6 });

      await store.searchPolicies.insert(v1);
      await store.searchPolicies.insert(v2);

      expect(await store.searchPolicies.current()).toEqual(v2);
      expect(await store.searchPolicies.findByVersion(1)).toEqual(v1);
      await expect(store.searchPolicies.insert(aSearchPolicy(2))).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
    });
  });

  describe('jobs', () => {
    it('when a job is stored and its progress updated, then it reads back as last written', async () => {
      const job = aJob();
      await store.jobs.insert(job);
      const running = { ...job, status: 'running' as const, total: 10, done: 4, startedAt: new Date().toISOString() };

      await store.jobs.update(running);

      expect(await store.jobs.findById(job.id)).toEqual(running);
      expect(await store.jobs.findById('job_none')).toBeNull();
    });
  });
});
