/**
 * How the search index is built from the store: the engine options of a search policy, a rebuild
 * of the engine with every searched family and found person, one page of change entries applied,
 * and the false-hit rates kept beside the index snapshot (search-index.ts uses them).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { validateFrequencyTable, type FrequencyTable as KinshipTable, type Individual, type MutationParameters } from '../../kinship';
import {
  MatchingEngine, mutationForLocus, type FamilyInput, type MatchingEngineOptions, type MutationPolicy, type ProfileGenotypes,
  type SearchPolicyValues, type SnapshotModel,
} from '../../matching';
import { isSearchedCase, isSearchedFoundPerson, type FrequencyTable, type SearchPolicy } from '../../domain';
import type { FamilyRecord, Store, StoreChange } from '../../store';
import { autosomalGenotypes } from '../profiles';
import { FalseHitRates } from './false-hit-rates';
import type { IndexProgress, SearchIndexOptions } from './search-index-options';

/** Applies one page of change entries to the engine (see SearchIndex.applyChanges). */
export async function applyPage(store: Store, engine: MatchingEngine, rates: FalseHitRates, changes: readonly StoreChange[]): Promise<void> {
  const families = new Map<string, StoreChange>();
  const persons = new Map<string, StoreChange>();
  for (const change of changes) (change.kind === 'family' ? families : persons).set(change.id, change);
  const upserts: Array<[string, FamilyInput]> = [];
  for (const change of families.values()) {
    const record = change.op === 'upsert' ? await store.cases.findFamily(change.id) : null;
    if (record && isSearchedFamily(record)) upserts.push([record.caseId, familyInput(record)]);
    else {
      await engine.removeFamily(change.id);
      rates.remove(change.id);
    }
  }
  await upsertFamilies(engine, rates, upserts);
  for (const change of persons.values()) {
    const person = change.op === 'upsert' ? await store.foundPersons.findById(change.id) : null;
    const profile = person && isSearchedFoundPerson(person.status) ? await store.profiles.findById(person.profileId) : null;
    if (profile) await engine.upsertFoundPerson(change.id, autosomalGenotypes(profile.genotypes));
    else await engine.removeFoundPerson(change.id);
  }
}

/** A family is in the index while its case is searched and at least one member is typed. */
export function isSearchedFamily(record: Pick<FamilyRecord, 'status' | 'typed'>): boolean {
  return isSearchedCase(record.status) && record.typed.length > 0;
}

/** The engine's policy values of a stored search policy. */
function engineValues(policy: SearchPolicy): SearchPolicyValues {
  return {
    thresholdLr: policy.thresholdLr, maxInconsistentLoci: policy.maxInconsistentLoci, minLociCompared: policy.minLociCompared,
    theta: policy.theta, prior: policy.priorInDatabase, maxCandidates: policy.maxCandidates,
  };
}

/** The kinship mutation policy of a search policy. */
export function mutationPolicyOf(policy: SearchPolicy): MutationPolicy {
  const m = policy.mutation;
  const model = m.model;
  if (model === 'perLocus') return { kind: 'perLocus' };
  if (model === 'none') return { kind: 'none' };
  const side = (rate: number): MutationParameters => (model === 'stepwise' ? { model, rate, range: m.range!, rate2: m.rate2 ?? 0 } : { model, rate });
  return { kind: 'uniform', spec: { female: side(m.femaleRate!), male: side(m.maleRate!) } };
}

/** A stored frequency table in the kinship engine's form, each locus divided by its sum. */
export function kinshipTable(t: FrequencyTable): KinshipTable {
  return validateFrequencyTable({
    name: t.name, population: t.population, source: t.source, license_note: t.licenseNote ?? '', sampleSize: t.sampleSize,
    loci: t.loci, notes: [...t.notes],
  }, { normalize: true, sumTolerance: 0.011 });
}

/** A stored family as the engine takes it: the pedigree and the typed members' autosomal genotypes. */
export function familyInput(record: Pick<FamilyRecord, 'individuals' | 'missing' | 'typed'>): FamilyInput {
  return {
    individuals: record.individuals.map((i): Individual => ({ id: i.id, father: i.father, mother: i.mother, sex: i.sex })),
    missing: record.missing,
    typed: Object.fromEntries(record.typed.map((m) => [m.individualId, autosomalGenotypes(m.genotypes) as ProfileGenotypes])),
  };
}

/** The engine options of a policy, and the fingerprints an index snapshot must agree with. */
export interface EngineModel {
  readonly engine: MatchingEngineOptions;
  readonly snapshot: SnapshotModel;
}

export async function engineModel(store: Store, policy: SearchPolicy, options: SearchIndexOptions): Promise<EngineModel> {
  const stored = await store.frequencyTables.findById(policy.frequencyTable);
  if (!stored) throw new Error(`search policy v${policy.version}: no frequency table "${policy.frequencyTable}"`);
  const table = kinshipTable(stored);
  const mutation = mutationForLocus(mutationPolicyOf(policy), options.mutationRates);
  const engine: MatchingEngineOptions = {
    table,
    policy: engineValues(policy),
    mutation,
    minimumFrequency: { floor: policy.minimumAlleleFrequency, useSampleSize: true },
    workers: options.workers,
  };
  const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
  return {
    engine,
    snapshot: {
      policyVersion: policy.version,
      tableFingerprint: digest(table),
      modelFingerprint: digest({
        policy: engine.policy, minimumFrequency: engine.minimumFrequency, mutation: Object.keys(table.loci).sort().map((l) => [l, mutation(l)]),
      }),
    },
  };
}

const BUILD_BATCH = 2048;

/**
 * A new engine loaded with the store's searchable records, and the feed position it reflects. The
 * position is read before loading, so a write during the load is applied again afterwards
 * (applying is idempotent: each entry re-reads its record).
 */
export async function rebuildEngine(
  store: Store, policy: SearchPolicy, options: SearchIndexOptions, report: (p: IndexProgress) => void,
): Promise<LoadedEngine> {
  const seq = await store.lastChangeSeq();
  const engine = await MatchingEngine.create((await engineModel(store, policy, options)).engine);
  const rates = new FalseHitRates(engine);
  try {
    await load(store, engine, rates, report);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return { engine, rates, seq };
}

/** Indexes families in the engine, then their false-hit rates (after the engine learned their alleles). */
async function upsertFamilies(engine: MatchingEngine, rates: FalseHitRates, entries: ReadonlyArray<readonly [string, FamilyInput]>): Promise<void> {
  if (entries.length === 0) return;
  await engine.upsertFamilies(entries);
  await rates.upsertMany(entries);
}

/**
 * Indexes families batch after batch, each batch's false-hit rates computed on the pool while the
 * engine indexes the next one (at most one batch of rates in flight): on two cores the build with
 * its calibration takes 1.5 to 1.8 times the engine's alone at a million families (`npm run bench`),
 * where one after the other took 4 times.
 */
export class FamilyLoader {
  private ratesInFlight: Promise<void> = Promise.resolve();

  constructor(private readonly engine: MatchingEngine, private readonly rates: FalseHitRates) {}

  async add(entries: ReadonlyArray<readonly [string, FamilyInput]>): Promise<void> {
    if (entries.length === 0) return;
    await this.engine.upsertFamilies(entries);
    await this.ratesInFlight;
    this.ratesInFlight = this.rates.upsertMany(entries);
    // Awaited by the next batch or by finish(); until then a failure must not count as unhandled.
    this.ratesInFlight.catch(() => undefined);
  }

  /** Resolves when every batch's rates are in. */
  finish(): Promise<void> {
    return this.ratesInFlight;
  }
}

async function load(store: Store, engine: MatchingEngine, rates: FalseHitRates, report: (p: IndexProgress) => void): Promise<void> {
  const total = (await store.cases.count()) + (await store.foundPersons.count());
  let loaded = 0;
  report({ phase: 'rebuild', loaded, total });
  const loader = new FamilyLoader(engine, rates);
  let batch: Array<[string, FamilyInput]> = [];
  for await (const record of store.iterateFamilies()) {
    loaded++;
    if (!isSearchedFamily(record)) continue;
    batch.push([record.caseId, familyInput(record)]);
    if (batch.length >= BUILD_BATCH) {
      await loader.add(batch);
      batch = [];
      report({ phase: 'rebuild', loaded, total });
    }
  }
  await loader.add(batch);
  await loader.finish();
  for await (const person of store.iterateFoundPersons()) {
    loaded++;
    if (isSearchedFoundPerson(person.status)) await engine.upsertFoundPerson(person.foundPersonId, autosomalGenotypes(person.genotypes));
    if (loaded % BUILD_BATCH === 0) report({ phase: 'rebuild', loaded, total });
  }
  report({ phase: 'rebuild', loaded, total });
}

/** An engine with its families' false-hit rates, and the change-feed position both reflect. */
export interface LoadedEngine {
  readonly engine: MatchingEngine;
  readonly rates: FalseHitRates;
  readonly seq: number;
}

/** The false-hit rates kept beside the index snapshot (a snapshot holds the engine's arrays only). */
export const ratesFile = (snapshotFile: string): string => `${snapshotFile}.rates.json`;

/** Writes the rates as of change `seq` under policy `policyVersion` (temporary file, then rename: never half a file). */
export async function writeRates(file: string, seq: number, policyVersion: number, rates: FalseHitRates): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, JSON.stringify({ seq, policyVersion, rates: [...rates.entries()] }));
  await rename(temp, file);
}

/** Restores the rates written with the snapshot at `seq` under `policyVersion`; false when absent, unreadable or of another snapshot. */
export async function readRates(file: string, seq: number, policyVersion: number, rates: FalseHitRates): Promise<boolean> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { seq: number; policyVersion: number; rates: Array<[string, number]> };
    if (saved.seq !== seq || saved.policyVersion !== policyVersion || !Array.isArray(saved.rates)) return false;
    rates.restore(saved.rates);
    return true;
  } catch {
    return false;
  }
}

/** Computes every searched family's rate from the store (a snapshot without its rates). */
export async function fillRates(store: Store, rates: FalseHitRates, report: (p: IndexProgress) => void): Promise<void> {
  const total = await store.cases.count();
  let loaded = 0;
  let batch: Array<[string, FamilyInput]> = [];
  for await (const record of store.iterateFamilies()) {
    loaded++;
    if (isSearchedFamily(record)) batch.push([record.caseId, familyInput(record)]);
    if (batch.length >= BUILD_BATCH) {
      await rates.upsertMany(batch);
      batch = [];
      report({ phase: 'rebuild', loaded, total });
    }
  }
  await rates.upsertMany(batch);
}
