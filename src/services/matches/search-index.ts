import {
  validateFrequencyTable, type FrequencyTable as KinshipTable, type Individual, type MutationParameters,
} from '../../kinship';
import {
  MatchingEngine, mutationForLocus, type FamilyInput, type LocusMutationRate, type MutationPolicy, type ProfileGenotypes,
  type SearchPolicyValues,
} from '../../matching';
import type { CaseStatus, FoundPersonStatus, FrequencyTable, Genotypes, SearchPolicy } from '../../domain';
import type { FamilyRecord, Store } from '../../store';
import { autosomalGenotypes } from '../profiles';

/** Cases still looking for their child, and found persons not yet identified, are searched. */
const SEARCHED_CASES: ReadonlySet<CaseStatus> = new Set(['open', 'candidate', 'retestRequested']);
const SEARCHED_PERSONS: ReadonlySet<FoundPersonStatus> = new Set(['unidentified', 'candidate']);

export interface SearchIndexOptions {
  /** Worker threads of the search pool (0: in this thread). */
  readonly workers: number;
  /** Per-locus mutation rates for the policy's `perLocus` model (data-samples/mutation-rates.json). */
  readonly mutationRates: Readonly<Record<string, LocusMutationRate>>;
}

/**
 * The matching index of the service: the engine (src/matching) built from the store under the
 * current search policy, kept current by the use cases, and rebuilt when the policy changes.
 * Derived data: a restart builds it again from the store (DESIGN.md "Storage").
 */
export class SearchIndex {
  private seenGeneration: number;

  private constructor(
    private current: MatchingEngine,
    private currentPolicy: SearchPolicy,
    private readonly options: SearchIndexOptions,
    readonly buildMs: number,
  ) {
    this.seenGeneration = current.stats().panelGeneration;
  }

  /**
   * True once after the search model changed: a profile brought an allele the table lacks, so the
   * locus got the minimum frequency and was renormalised (locus-panel.ts) — in effect a new
   * frequency table, after which stored matches are re-scored (issue 4 item 7).
   */
  takeModelChange(): boolean {
    const generation = this.current.stats().panelGeneration;
    if (generation === this.seenGeneration) return false;
    this.seenGeneration = generation;
    return true;
  }

  /** Builds the index of every searchable family and found person in the store. */
  static async build(store: Store, policy: SearchPolicy, options: SearchIndexOptions): Promise<SearchIndex> {
    const started = performance.now();
    const engine = await createEngine(store, policy, options);
    try {
      await load(store, engine);
    } catch (e) {
      await engine.close();
      throw e;
    }
    return new SearchIndex(engine, policy, options, performance.now() - started);
  }

  get engine(): MatchingEngine {
    return this.current;
  }

  get policy(): SearchPolicy {
    return this.currentPolicy;
  }

  /** For /readyz: the worker pool answers. */
  get isOpen(): boolean {
    return this.current.isOpen;
  }

  /** Indexes a family as stored now (or drops it when its case no longer searches). */
  async refreshFamily(record: FamilyRecord): Promise<void> {
    if (SEARCHED_CASES.has(record.status) && record.typed.length > 0) await this.current.upsertFamily(record.caseId, familyInput(record));
    else await this.current.removeFamily(record.caseId);
  }

  async removeFamily(caseId: string): Promise<void> {
    await this.current.removeFamily(caseId);
  }

  /** Indexes a found person (or drops one that is identified). */
  async refreshFoundPerson(id: string, status: FoundPersonStatus, genotypes: Genotypes): Promise<void> {
    if (SEARCHED_PERSONS.has(status)) await this.current.upsertFoundPerson(id, autosomalGenotypes(genotypes));
    else await this.current.removeFoundPerson(id);
  }

  /** Switches to a new policy: a new engine built from the store replaces the old one, which is then closed. */
  async applyPolicy(store: Store, policy: SearchPolicy): Promise<void> {
    const next = await createEngine(store, policy, this.options);
    try {
      await load(store, next);
    } catch (e) {
      await next.close();
      throw e;
    }
    const old = this.current;
    this.current = next;
    this.currentPolicy = policy;
    this.seenGeneration = next.stats().panelGeneration;
    await old.close();
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}

/** The engine's policy values of a stored search policy. */
export function engineValues(policy: SearchPolicy): SearchPolicyValues {
  return {
    thresholdLr: policy.thresholdLr, maxInconsistentLoci: policy.maxInconsistentLoci, minLociCompared: policy.minLociCompared,
    theta: policy.theta, prior: policy.prior, maxCandidates: policy.maxCandidates,
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

async function load(store: Store, engine: MatchingEngine): Promise<void> {
  let batch: Array<[string, FamilyInput]> = [];
  for await (const record of store.iterateFamilies()) {
    if (!SEARCHED_CASES.has(record.status) || record.typed.length === 0) continue;
    batch.push([record.caseId, familyInput(record)]);
    if (batch.length >= BUILD_BATCH) {
      await engine.upsertFamilies(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await engine.upsertFamilies(batch);
  for await (const person of store.iterateFoundPersons()) {
    if (SEARCHED_PERSONS.has(person.status)) await engine.upsertFoundPerson(person.foundPersonId, autosomalGenotypes(person.genotypes));
  }
}
