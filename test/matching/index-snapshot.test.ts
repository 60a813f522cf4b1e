import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  MatchingEngine, mulberry32, readIndexSnapshot, writeIndexSnapshot, type SearchPolicyValues, type SnapshotModel,
} from '../../src/matching';
import { childOf, makeFamily, makeTable, MINIMUM_FREQUENCY, randomPerson, type World } from './support/world';

const MODEL: SnapshotModel = { policyVersion: 3, tableFingerprint: 'table-a', modelFingerprint: 'model-a' };

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-snapshot-')), 'index.snapshot');
}

/** A service-form id (`prefix_uuid`) drawn from the world's random numbers, or now and then a free-form one. */
function keyOf(world: Pick<World, 'random'>, prefix: string, i: number): string {
  if (world.random() < 0.1) return `${prefix}-legacy-${i}`;
  const hex = Array.from({ length: 32 }, () => Math.floor(world.random() * 16).toString(16)).join('');
  return `${prefix}_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An engine holding a random world the ways the service fills it: a batch, single writes, removals,
 * replacements, found persons, and alleles the table lacks (so the panel grew).
 */
async function filledEngine(seed: number) {
  const random = mulberry32(seed);
  const table = makeTable(random, 6 + Math.floor(random() * 3), 6);
  const policy: SearchPolicyValues = { thresholdLr: 1, maxInconsistentLoci: 2, minLociCompared: 3, theta: 0, prior: 0.5, maxCandidates: 100_000 };
  const world: World = { table, mutation: { model: 'equal', rate: 0.002 }, policy, families: new Map(), random };
  const options = { table, policy, mutation: () => world.mutation, minimumFrequency: MINIMUM_FREQUENCY, workers: 0 };
  const engine = await MatchingEngine.create(options);
  const keys: string[] = [];
  const batch: Array<[string, ReturnType<typeof makeFamily>['input']]> = [];
  for (let i = 0; i < 60; i++) {
    const family = makeFamily(world, 3);
    const key = keyOf(world, 'case', i);
    world.families.set(key, family);
    keys.push(key);
    if (i < 30) batch.push([key, family.input]);
    else await engine.upsertFamily(key, family.input);
  }
  await engine.upsertFamilies(batch);
  for (let i = 0; i < keys.length; i += 7) await engine.removeFamily(keys[i]!);
  for (let i = 3; i < keys.length; i += 11) await engine.upsertFamily(keys[i]!, makeFamily(world, 2).input);
  for (let i = 0; i < 25; i++) {
    const person = i % 5 === 0 ? { ...randomPerson(world), [Object.keys(table.loci)[0]!]: ['31.2', '8'] as [string, string] } : randomPerson(world);
    await engine.upsertFoundPerson(keyOf(world, 'fp', i), person);
  }
  const pois = [...world.families.values()].slice(0, 6).map((f) => childOf(world, f.father, f.mother));
  return { engine, options, world, pois };
}

async function sameSearches(a: MatchingEngine, b: MatchingEngine, world: World, pois: ReadonlyArray<Record<string, [string, string]>>): Promise<void> {
  for (const poi of pois) {
    const [x, y] = [await a.searchFamilies(poi), await b.searchFamilies(poi)];
    expect(y.candidates).toEqual(x.candidates);
    expect(y.searched).toBe(x.searched);
  }
  for (const family of [...world.families.values()].slice(0, 3)) {
    expect((await b.searchFoundPersons(family.input)).candidates).toEqual((await a.searchFoundPersons(family.input)).candidates);
  }
}

describe('index snapshot', () => {
  it('when an engine is written to a snapshot and read back into a new engine, then every search and count is the same', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
      const { engine, options, world, pois } = await filledEngine(seed);
      const file = tempFile();
      const restored = await MatchingEngine.create(options);
      try {
        const bytes = await writeIndexSnapshot(file, engine, { ...MODEL, seq: 42, anchor: { kind: 'family', id: 'case_x' } });
        const read = await readIndexSnapshot(file, MODEL);
        if (read.kind !== 'loaded') throw new Error(`snapshot not loaded: ${JSON.stringify(read)}`);
        await restored.restoreState(read.state);

        expect(read.bytes).toBe(bytes);
        expect(read.header).toMatchObject({ seq: 42, anchor: { kind: 'family', id: 'case_x' }, families: engine.familyCount, foundPersons: engine.foundPersonCount });
        expect(restored.stats()).toEqual({ ...engine.stats(), panelGeneration: restored.stats().panelGeneration });
        await sameSearches(engine, restored, world, pois);
        // The restored engine keeps growing like the original.
        const more = makeFamily(world, 2);
        await Promise.all([engine.upsertFamily('case-after', more.input), restored.upsertFamily('case-after', more.input)]);
        await sameSearches(engine, restored, world, [childOf(world, more.father, more.mother)]);
      } finally {
        await engine.close();
        await restored.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    }), { numRuns: 5 });
  });

  it('when a snapshot has a byte flipped anywhere or is cut short, then reading it rejects it as damaged or truncated', async () => {
    const { engine } = await filledEngine(7);
    const file = tempFile();
    try {
      await writeIndexSnapshot(file, engine, { ...MODEL, seq: 5, anchor: null });
      const good = fs.readFileSync(file);
      await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const bad = Buffer.from(good);
        bad[at] = bad[at]! ^ xor;
        fs.writeFileSync(file, bad);
        expect((await readIndexSnapshot(file, MODEL)).kind).toBe('rejected');
      }), { numRuns: 40 });
      for (const length of [0, 11, 100, good.length - 33, good.length - 1]) {
        fs.writeFileSync(file, good.subarray(0, length));
        const read = await readIndexSnapshot(file, MODEL);
        expect(read).toEqual({ kind: 'rejected', reason: expect.stringMatching(/truncated|damaged|magic/) });
      }
    } finally {
      await engine.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('when a snapshot was written under another policy version, table or model, then reading it rejects it and names what differs', async () => {
    const { engine } = await filledEngine(9);
    const file = tempFile();
    try {
      await writeIndexSnapshot(file, engine, { ...MODEL, seq: 5, anchor: null });

      expect(await readIndexSnapshot(file, { ...MODEL, policyVersion: 4 })).toEqual({ kind: 'rejected', reason: expect.stringContaining('policyVersion') });
      expect(await readIndexSnapshot(file, { ...MODEL, tableFingerprint: 'table-b' })).toEqual({ kind: 'rejected', reason: expect.stringContaining('tableFingerprint') });
      expect(await readIndexSnapshot(file, { ...MODEL, modelFingerprint: 'model-b' })).toEqual({ kind: 'rejected', reason: expect.stringContaining('modelFingerprint') });
      expect((await readIndexSnapshot(file, MODEL)).kind).toBe('loaded');
      expect(await readIndexSnapshot(`${file}.none`, MODEL)).toEqual({ kind: 'absent' });
    } finally {
      await engine.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('when a snapshot is written over an older one, then no temporary file is left and the new one is read', async () => {
    const { engine } = await filledEngine(11);
    const file = tempFile();
    try {
      await writeIndexSnapshot(file, engine, { ...MODEL, seq: 1, anchor: null });
      await writeIndexSnapshot(file, engine, { ...MODEL, seq: 2, anchor: null });

      expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
      const read = await readIndexSnapshot(file, MODEL);
      expect(read.kind === 'loaded' && read.header.seq).toBe(2);
    } finally {
      await engine.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
