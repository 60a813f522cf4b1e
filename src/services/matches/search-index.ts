import {
  validateFrequencyTable, type FrequencyTable as KinshipTable, type Individual, type MutationParameters, type MutationSpec,
} from '../../kinship';
import {
  MatchingEngine, mutationForLocus, type FamilyInput, type LocusMutationRate, type MutationPolicy, type ProfileGenotypes,
  type SearchPolicyValues,
} from '../../matching';
import { isSearchedCase, isSearchedFoundPerson, type FrequencyTable, type SearchPolicy } from '../../domain';
import type { FamilyRecord, Store, StoreChange } from '../../store';
import { autosomalGenotypes } from '../profiles';
import { FalseHitRates } from './false-hit-rates';

export interface SearchIndexOptions {
  /** Worker threads of the search pool (0: in this thread). */
  readonly workers: number;
  /** Per-locus mutation rates for the policy's `perLocus` model (data-samples/mutation-rates.json). */
  readonly mutationRates: Readonly<Record<string, LocusMutationRate>>;
}

/** Change entries read per page while following the store. */
const CHANGES_PAGE = 500;

/**
 * The matching index of the service: the engine (src/matching) built from the store under the
 * current search policy, rebuilt when the policy changes, and kept current by following the
 * store's change feed: after every commit that wrote a case or a found person, the index reads the
 * new entries in sequence order and applies each record as it is stored then — so no use case has
 * to remember the index, and a write and the index can never disagree for long.
 * Derived data: a restart builds it again from the store (DESIGN.md "Storage").
 */
export class SearchIndex {
  private seenGeneration: number;
  /** The last change entry applied; the engine reflects every write up to it. */
  private appliedSeq: number;
  /** Serialises applying changes and swapping the engine, in the order they were asked for. */
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private lastFollowError: Error | null = null;

  private constructor(
    private readonly store: Store,
    private current: MatchingEngine,
    private currentRates: FalseHitRates,
    private currentPolicy: SearchPolicy,
    private readonly options: SearchIndexOptions,
    loadedSeq: number,
    readonly buildMs: number,
  ) {
    this.seenGeneration = current.stats().panelGeneration;
    this.appliedSeq = loadedSeq;
    // A failed catch-up must not fail the write that committed; it is kept for /readyz and retried at the next commit.
    this.unsubscribe = store.onChanges(() => this.catchUp().then(() => {
      this.lastFollowError = null;
    }, (e: unknown) => {
      this.lastFollowError = e instanceof Error ? e : new Error(String(e));
    }));
  }

  /**
   * True once after the search model changed: a profile brought an allele the table lacks, so the
   * locus got the minimum frequency and was renormalised (locus-panel.ts) — in effect a new
   * frequency table, after which stored matches are re-scored so that every match is scored
   * under the same model.
   */
  takeModelChange(): boolean {
    const generation = this.current.stats().panelGeneration;
    if (generation === this.seenGeneration) return false;
    this.seenGeneration = generation;
    return true;
  }

  /**
   * Builds the index of every searchable family and found person in the store, then follows its
   * changes. The feed position is read before loading, so a write during the load is applied
   * again afterwards (applying is idempotent: each entry re-reads its record).
   */
  static async build(store: Store, policy: SearchPolicy, options: SearchIndexOptions): Promise<SearchIndex> {
    const started = performance.now();
    const { engine, rates, seq } = await loadEngine(store, policy, options);
    const index = new SearchIndex(store, engine, rates, policy, options, seq, performance.now() - started);
    await index.catchUp();
    return index;
  }

  get engine(): MatchingEngine {
    return this.current;
  }

  get policy(): SearchPolicy {
    return this.currentPolicy;
  }

  /** The MUTATION object the current policy gives a locus, as the engine scores it (for exports that must agree with it). */
  mutationForLocus(locus: string): MutationSpec | null {
    return mutationForLocus(mutationPolicyOf(this.currentPolicy), this.options.mutationRates)(locus);
  }

  /** Each indexed family's P(an unrelated found person meets the policy), and their sum (false-hit-rates.ts). */
  get falseHitRates(): FalseHitRates {
    return this.currentRates;
  }

  /** For /readyz: why the last catch-up after a commit failed (null while the index follows the store). */
  get followError(): Error | null {
    return this.lastFollowError;
  }

  /** For /readyz: the worker pool answers. */
  get isOpen(): boolean {
    return this.current.isOpen;
  }

  /** Applies the change entries committed since the last one applied (the store calls it after each commit). */
  catchUp(): Promise<void> {
    return this.enqueue(() => this.applyChanges());
  }

  /** Switches to a new policy: a new engine built from the store replaces the old one, which is then closed. */
  async applyPolicy(store: Store, policy: SearchPolicy): Promise<void> {
    const { engine, rates, seq } = await loadEngine(store, policy, this.options);
    await this.enqueue(async () => {
      const old = this.current;
      this.current = engine;
      this.currentRates = rates;
      this.currentPolicy = policy;
      this.appliedSeq = seq;
      this.seenGeneration = engine.stats().panelGeneration;
      await old.close();
    });
    await this.catchUp();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.queue;
    await this.current.close();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    // A failed step leaves appliedSeq where it stopped; the next commit's catch-up retries from there.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyChanges(): Promise<void> {
    for (;;) {
      const changes = await this.store.changesSince(this.appliedSeq, CHANGES_PAGE);
      for (const change of changes) {
        await this.apply(change);
        this.appliedSeq = change.seq;
      }
      if (changes.length < CHANGES_PAGE) return;
    }
  }

  private async apply(change: StoreChange): Promise<void> {
    if (change.kind === 'family') {
      const record = change.op === 'upsert' ? await this.store.cases.findFamily(change.id) : null;
      if (record && isSearchedFamily(record)) await upsertFamilies(this.current, this.currentRates, [[record.caseId, familyInput(record)]]);
      else {
        await this.current.removeFamily(change.id);
        this.currentRates.remove(change.id);
      }
      return;
    }
    const person = change.op === 'upsert' ? await this.store.foundPersons.findById(change.id) : null;
    const profile = person && isSearchedFoundPerson(person.status) ? await this.store.profiles.findById(person.profileId) : null;
    if (profile) await this.current.upsertFoundPerson(change.id, autosomalGenotypes(profile.genotypes));
    else await this.current.removeFoundPerson(change.id);
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
function mutationPolicyOf(policy: SearchPolicy): MutationPolicy {
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

async function createEngine(store: Store, policy: SearchPolicy, options: SearchIndexOptions): Promise<MatchingEngine> {
  const table = await store.frequencyTables.findById(policy.frequencyTable);
  if (!table) throw new Error(`search policy v${policy.version}: no frequency table "${policy.frequencyTable}"`);
  return MatchingEngine.create({
    table: kinshipTable(table),
    policy: engineValues(policy),
    mutation: mutationForLocus(mutationPolicyOf(policy), options.mutationRates),
    minimumFrequency: { floor: policy.minimumAlleleFrequency, useSampleSize: true },
    workers: options.workers,
  });
}

const BUILD_BATCH = 2048;

/** A new engine and its false-hit rates loaded with the store's searchable records, and the feed position they reflect. */
async function loadEngine(store: Store, policy: SearchPolicy, options: SearchIndexOptions): Promise<{ engine: MatchingEngine; rates: FalseHitRates; seq: number }> {
  const seq = await store.lastChangeSeq();
  const engine = await createEngine(store, policy, options);
  const rates = new FalseHitRates(() => engine.locusModels(), policy);
  try {
    await load(store, engine, rates);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return { engine, rates, seq };
}

/** Indexes families in the engine, then their false-hit rates (after the engine learned their alleles). */
async function upsertFamilies(engine: MatchingEngine, rates: FalseHitRates, entries: ReadonlyArray<readonly [string, FamilyInput]>): Promise<void> {
  await engine.upsertFamilies(entries);
  for (const [caseId, family] of entries) rates.upsert(caseId, family);
}

async function load(store: Store, engine: MatchingEngine, rates: FalseHitRates): Promise<void> {
  let batch: Array<[string, FamilyInput]> = [];
  for await (const record of store.iterateFamilies()) {
    if (!isSearchedFamily(record)) continue;
    batch.push([record.caseId, familyInput(record)]);
    if (batch.length >= BUILD_BATCH) {
      await upsertFamilies(engine, rates, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await upsertFamilies(engine, rates, batch);
  for await (const person of store.iterateFoundPersons()) {
    if (isSearchedFoundPerson(person.status)) await engine.upsertFoundPerson(person.foundPersonId, autosomalGenotypes(person.genotypes));
  }
}
