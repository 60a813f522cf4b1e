import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { SearchPolicy } from '../../../src/domain';
import { createLogger } from '../../../src/lib';
import { mulberry32, type ProfileGenotypes } from '../../../src/matching';
import { addRelative, closeCase, mendelianChild, openCase, registerFoundPerson, registerProfile, SearchIndex, setSearchPolicy } from '../../../src/services';
import type { Actor, SearchIndexOptions, ServiceDeps } from '../../../src/services';
import type { Store } from '../../../src/store';
import { readMutationRates } from '../../../src/main';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const investigator: Actor = { keyId: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: null };
const lab: Actor = { keyId: 'key_lab', role: 'lab', org: 'LAB-01', requestId: null };

describe('SearchIndex', () => {
  it('when writes change families and found persons, then the index follows them, and a restart rebuilds the same index from the store', async () => {
    const first = await createMatchingTestApp();
    const { dir } = first;
    const father = nistPerson(100);
    const mother = nistPerson(101);
    const son = mendelianChild(father, mother, mulberry32(12));
    let caseId: string;
    try {
      const deps = first.services;
      const upload = async (g: Record<string, string[]>, kind: 'reference' | 'found', sex: 'male' | 'female') =>
        (await registerProfile(deps, lab, { sampleId: `S-${Math.random()}`, kind, kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } })).profile.id;
      caseId = (await openCase(deps, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      const other = (await openCase(deps, investigator, { child: { sex: 'female', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      await addRelative(deps, investigator, other, { profileId: await upload(nistPerson(102), 'reference', 'male'), relationship: 'father' });
      expect(first.index.engine.familyCount).toBe(1);

      await addRelative(deps, investigator, caseId, { profileId: await upload(father, 'reference', 'male'), relationship: 'father' });
      const asDuo = await first.index.engine.searchFamilies(son);
      await addRelative(deps, investigator, caseId, { profileId: await upload(mother, 'reference', 'female'), relationship: 'mother' });
      const asTrio = await first.index.engine.searchFamilies(son);
      await registerFoundPerson(deps, investigator, { profileId: await upload(nistPerson(103), 'found', 'male'), foundAt: '2024-01-01', place: 'Xiamen' });

      expect(asDuo.candidates.map((c) => [c.key, c.shape])).toEqual([[caseId, 'father']]);
      expect(asTrio.candidates.map((c) => [c.key, c.shape])).toEqual([[caseId, 'father+mother']]);
      expect(asTrio.candidates[0]!.LR).toBeGreaterThan(asDuo.candidates[0]!.LR);
      expect(first.index.engine.familyCount).toBe(2);
      expect(first.index.engine.foundPersonCount).toBe(1);

      await closeCase(deps, investigator, other, { status: 'closedNoReunion', reason: 'familyWithdrew' });
      expect(first.index.engine.familyCount).toBe(1);
    } finally {
      await first.index.close();
      await first.store.close();
    }

    // Restart: a new process opens the same database file and builds the index again.
    const store = EmbeddedStore.open({ dataDir: dir });
    const policy = (await store.searchPolicies.current())!;
    const rebuilt = await SearchIndex.build(store, policy, { workers: 0, mutationRates: readMutationRates() });
    try {
      expect(rebuilt.engine.familyCount).toBe(1);
      expect(rebuilt.engine.foundPersonCount).toBe(1);
      const again = await rebuilt.engine.searchFamilies(son);
      expect(again.candidates.map((c) => [c.key, c.shape])).toEqual([[caseId, 'father+mother']]);
      expect(rebuilt.buildMs).toBeGreaterThan(0);
    } finally {
      await rebuilt.close();
      await store.close();
    }
  });

  it('when a case or a found person is written straight through the store, then the index follows the change feed without any call', async () => {
    const t = await createMatchingTestApp();
    try {
      const deps = t.services;
      const profileId = (await registerProfile(deps, lab, { sampleId: 'S-F', kind: 'reference', kit: 'custom', genotypes: { ...nistPerson(110), AMEL: ['X', 'Y'] } })).profile.id;
      const caseId = (await openCase(deps, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      await addRelative(deps, investigator, caseId, { profileId, relationship: 'father' });
      const foundProfile = (await registerProfile(deps, lab, { sampleId: 'S-P', kind: 'found', kit: 'custom', genotypes: { ...nistPerson(111), AMEL: ['X', 'Y'] } })).profile.id;
      await registerFoundPerson(deps, investigator, { profileId: foundProfile, foundAt: '2024-01-01', place: 'Xiamen' });
      expect([t.index.engine.familyCount, t.index.engine.foundPersonCount]).toEqual([1, 1]);

      const c = (await t.store.cases.findById(caseId))!;
      await t.store.transaction(async (tx) => tx.cases.update({ ...c, status: 'closedNoReunion', version: c.version + 1 }));
      const person = (await t.store.foundPersons.findByProfileId(foundProfile))!;
      await t.store.foundPersons.update({ ...person, status: 'identified', version: person.version + 1 });

      expect([t.index.engine.familyCount, t.index.engine.foundPersonCount]).toEqual([0, 0]);
      expect(t.index.followError).toBeNull();
    } finally {
      await t.close();
    }
  });

  describe('snapshot', () => {
    /** A case whose father and mother are typed (NIST rows `row`, `row + 1`), and the genotypes of its missing son. */
    async function addFamily(deps: ServiceDeps, row: number): Promise<{ caseId: string; son: ProfileGenotypes }> {
      const father = nistPerson(row);
      const mother = nistPerson(row + 1);
      const upload = async (g: Record<string, string[]>, sex: 'male' | 'female') =>
        (await registerProfile(deps, lab, { sampleId: `S-${row}-${sex}`, kind: 'reference', kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } })).profile.id;
      const caseId = (await openCase(deps, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      await addRelative(deps, investigator, caseId, { profileId: await upload(father, 'male'), relationship: 'father' });
      await addRelative(deps, investigator, caseId, { profileId: await upload(mother, 'female'), relationship: 'mother' });
      return { caseId, son: mendelianChild(father, mother, mulberry32(row)) };
    }

    /** Index options with a snapshot file and a log whose lines the test reads. */
    function snapshotOptions(file: string): { options: SearchIndexOptions; lines: Array<Record<string, unknown>> } {
      const lines: Array<Record<string, unknown>> = [];
      const destination = new Writable({ write(chunk: Buffer, _e, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
      const log = createLogger({ level: 'info', destination });
      return { options: { workers: 0, mutationRates: readMutationRates(), snapshot: { file, everyChanges: 0, everySeconds: 0 }, log }, lines };
    }

    async function searchAll(index: SearchIndex, sons: readonly ProfileGenotypes[]): Promise<unknown[]> {
      return Promise.all(sons.map(async (son) => (await index.engine.searchFamilies(son)).candidates));
    }

    async function rebuiltResults(store: Store, policy: SearchPolicy, sons: readonly ProfileGenotypes[]): Promise<unknown[]> {
      const rebuilt = await SearchIndex.build(store, policy, { workers: 0, mutationRates: readMutationRates() });
      try {
        return await searchAll(rebuilt, sons);
      } finally {
        await rebuilt.close();
      }
    }

    /** Each family's false-hit rate of a freshly rebuilt index, for comparison with a started one. */
    async function rebuiltRates(store: Store, policy: SearchPolicy): Promise<Map<string, number>> {
      const rebuilt = await SearchIndex.build(store, policy, { workers: 0, mutationRates: readMutationRates() });
      try {
        return new Map(rebuilt.falseHitRates.entries());
      } finally {
        await rebuilt.close();
      }
    }

    function expectSameRates(actual: SearchIndex, expected: ReadonlyMap<string, number>): void {
      const rates = new Map(actual.falseHitRates.entries());
      expect([...rates.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [caseId, rate] of expected) expect(Math.abs(rates.get(caseId)! - rate)).toBeLessThanOrEqual(1e-9 * rate);
    }

    /** Three families, a snapshot at that point (kept aside, as a killed process leaves it), then two more families. */
    async function snapshotThenMoreWrites(): Promise<{ dir: string; file: string; atKill: Buffer; seqAtSnapshot: number; sons: ProfileGenotypes[]; later: string[] }> {
      const t = await createMatchingTestApp();
      const file = path.join(t.dir, 'search-index.snapshot');
      const policy = (await t.store.searchPolicies.current())!;
      const sons: ProfileGenotypes[] = [];
      const later: string[] = [];
      for (const row of [200, 210, 220]) sons.push((await addFamily(t.services, row)).son);
      const snapshotting = await SearchIndex.build(t.store, policy, snapshotOptions(file).options);
      await snapshotting.writeSnapshot();
      const atKill = fs.readFileSync(file);
      const seqAtSnapshot = snapshotting.seq;
      for (const row of [230, 240]) {
        const added = await addFamily(t.services, row);
        sons.push(added.son);
        later.push(added.caseId);
      }
      await snapshotting.close();
      await t.index.close();
      await t.store.close();
      return { dir: t.dir, file, atKill, seqAtSnapshot, sons, later };
    }

    it('when the process dies after a snapshot and later writes, then a fresh start loads the snapshot, replays only the later changes and finds the later families like a rebuild', async () => {
      const { dir, file, atKill, seqAtSnapshot, sons, later } = await snapshotThenMoreWrites();
      fs.writeFileSync(file, atKill);
      const store = EmbeddedStore.open({ dataDir: dir });
      const policy = (await store.searchPolicies.current())!;
      const { options, lines } = snapshotOptions(file);

      const started = await SearchIndex.build(store, policy, options);
      try {
        const ready = lines.find((l) => l.msg === 'search index ready')!;
        expect(ready).toMatchObject({ from: 'snapshot', replayed: (await store.lastChangeSeq()) - seqAtSnapshot, families: 5 });
        expect(started.seq).toBe(await store.lastChangeSeq());
        const results = await searchAll(started, sons);
        expect(results).toEqual(await rebuiltResults(store, policy, sons));
        // The rates file beside the snapshot is of a later position (the close), so the rates come from the store.
        expect(lines.some((l) => l.msg === 'false-hit rates of the snapshot missing or stale: computing them from the store')).toBe(true);
        expectSameRates(started, await rebuiltRates(store, policy));
        for (const [i, caseId] of later.entries()) expect((results[3 + i] as Array<{ key: string }>).map((c) => c.key)).toContain(caseId);
      } finally {
        await started.close();
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it.each([
      ['a byte flipped', (b: Buffer) => { b[Math.floor(b.length / 2)] = b[Math.floor(b.length / 2)]! ^ 0x40; return b; }, /checksum|damaged/],
      ['cut short', (b: Buffer) => b.subarray(0, b.length - 100), /truncated/],
      ['written under another search policy version', null, /policyVersion/],
    ])('when the snapshot is %s, then the start logs why, rebuilds from the store and finds every family', async (_what, damage, reason) => {
      const { dir, file, atKill, sons } = await snapshotThenMoreWrites();
      fs.writeFileSync(file, damage ? damage(Buffer.from(atKill)) : atKill);
      const store = EmbeddedStore.open({ dataDir: dir });
      const stored = (await store.searchPolicies.current())!;
      const policy = damage ? stored : { ...stored, version: stored.version + 1 };
      const { options, lines } = snapshotOptions(file);

      const started = await SearchIndex.build(store, policy, options);
      try {
        expect(lines.find((l) => l.msg === 'index snapshot not used: rebuilding the index from the store')).toMatchObject({ reason: expect.stringMatching(reason) });
        expect(lines.find((l) => l.msg === 'search index ready')).toMatchObject({ from: 'store', families: 5 });
        expect(await searchAll(started, sons)).toEqual(await rebuiltResults(store, policy, sons));
      } finally {
        await started.close();
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('when the index closes after changes, then it writes a snapshot at its position, and the next start replays nothing', async () => {
      const { dir, file, sons } = await snapshotThenMoreWrites();
      const store = EmbeddedStore.open({ dataDir: dir });
      const policy = (await store.searchPolicies.current())!;
      const { options, lines } = snapshotOptions(file);

      const started = await SearchIndex.build(store, policy, options);
      try {
        expect(lines.find((l) => l.msg === 'search index ready')).toMatchObject({ from: 'snapshot', replayed: 0, families: 5 });
        expect((await searchAll(started, sons)).every((c) => (c as unknown[]).length > 0)).toBe(true);
        expect(lines.some((l) => l.msg === 'false-hit rates of the snapshot missing or stale: computing them from the store')).toBe(false);
        expectSameRates(started, await rebuiltRates(store, policy));
        expect(started.falseHitRates.total).toBeGreaterThan(0);
      } finally {
        await started.close();
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('replicas', () => {
    it('when another process writes through its own connection to the store, then a polling index finds the new family, and rebuilds under a policy the other stored', async () => {
      const t = await createMatchingTestApp();
      const replica = EmbeddedStore.open({ dataDir: t.dir });
      const policy = (await replica.searchPolicies.current())!;
      const follower = await SearchIndex.build(replica, policy, { workers: 0, mutationRates: readMutationRates(), pollMs: 50 });
      try {
        const father = nistPerson(250);
        const mother = nistPerson(251);
        const son = mendelianChild(father, mother, mulberry32(5));
        const upload = async (g: Record<string, string[]>, sex: 'male' | 'female') =>
          (await registerProfile(t.services, lab, { sampleId: `R-${sex}`, kind: 'reference', kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } })).profile.id;
        const caseId = (await openCase(t.services, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
        await addRelative(t.services, investigator, caseId, { profileId: await upload(father, 'male'), relationship: 'father' });
        await addRelative(t.services, investigator, caseId, { profileId: await upload(mother, 'female'), relationship: 'mother' });
        const written = performance.now();
        while (follower.engine.familyCount === 0 && performance.now() - written < 2_000) await new Promise((resolve) => setTimeout(resolve, 10));

        expect((await follower.engine.searchFamilies(son)).candidates.map((c) => c.key)).toEqual([caseId]);
        expect(performance.now() - written).toBeLessThan(2_000);

        const { version: _v, createdAt: _c, createdBy: _b, ...values } = policy;
        await setSearchPolicy(t.services, { ...investigator, role: 'admin' }, { ...values, thresholdLr: values.thresholdLr * 10 });
        const stored = performance.now();
        while (follower.policy.version === policy.version && performance.now() - stored < 5_000) await new Promise((resolve) => setTimeout(resolve, 10));

        expect(follower.policy.version).toBe(policy.version + 1);
        expect(follower.engine.policy.thresholdLr).toBe(policy.thresholdLr * 10);
        expect(follower.engine.familyCount).toBe(1);
      } finally {
        await follower.close();
        await replica.close();
        await t.close();
      }
    });
  });
});
