/**
 * The matching engine: the packed index of reference families and found persons, kept current on
 * every write, and the two searches (a found person against all families, a family against all
 * found persons) run in shards on the worker pool and merged into one ranked list (what each
 * candidate reports: search-result.ts).
 */
import type { CompiledLocusModel, FrequencyTable, Individual, MinimumFrequencyPolicy, MutationSpec } from '../kinship';
import { computeBounds, recomputeBounds } from './bound-batches';
import type { EngineState } from './engine-state';
import { canonicalFamily, classifyTemplate, screenShape, type FamilyShape, type TemplateSpec } from './family-template';
import { IdTable } from './id-table';
import { IndexGate } from './index-gate';
import { Segment } from './index-chunks';
import { runFalseHitRates } from './false-hit-rate-task';
import type { KinshipTaskResult } from './kinship-task';
import { LocusPanel, type ProfileGenotypes } from './locus-panel';
import { SearchState } from './search-executor';
import { InlineRunner, PoolRunner, type TaskRunner } from './search-pool';
import {
  mergeHits, sumStats, taskPolicy, toScore, type Candidate, type Score, type SearchPolicyValues, type SearchResult,
} from './search-result';
import type { SearchOutcome, Snapshot } from './search-task';

export interface MatchingEngineOptions {
  /** The policy's population frequency table (kinship form, validated). */
  readonly table: FrequencyTable;
  readonly policy: SearchPolicyValues;
  /** The mutation model of each locus (null: none). */
  readonly mutation: (locus: string) => MutationSpec | null;
  readonly minimumFrequency: MinimumFrequencyPolicy;
  /** Worker threads (0 = run inline in this thread). */
  readonly workers: number;
}

/** A reference family as the engine takes it. */
export interface FamilyInput {
  readonly individuals: readonly Individual[];
  readonly missing: string;
  /** Typed member id -> canonical genotypes. */
  readonly typed: Readonly<Record<string, ProfileGenotypes>>;
}

export interface EngineStats {
  readonly families: number;
  readonly foundPersons: number;
  readonly workers: number;
  readonly panelGeneration: number;
  readonly loci: number;
  /** Resident bytes of the family index (rows written, id table). */
  readonly familyBytes: number;
  /** Resident bytes of the found-person index. */
  readonly foundPersonBytes: number;
  /** Shared memory allocated for both (chunk capacity included). */
  readonly allocatedBytes: number;
  readonly templates: ReadonlyArray<{ readonly shape: string; readonly kind: TemplateSpec['kind']; readonly families: number }>;
}


/**
 * Found persons each shard of a reverse search scans at least. Every shard first tables the
 * family's LR of every genotype at every locus (reverse-search.ts: about 0.6 ms a family on this
 * 2-core machine, whatever the number of found persons), then scans its rows at about 50 ns each;
 * below this many rows (1 ms of scanning) a second shard saves less than the tables it repeats,
 * and only keeps a second worker from the next search.
 */
const MIN_FOUND_ROWS_PER_SHARD = 20_000;

export class MatchingEngine {
  private readonly panel: LocusPanel;
  private readonly templates = new Map<string, TemplateSpec>();
  private readonly segments: Segment[] = [];
  private familyIds = new IdTable();
  private foundIds = new IdTable();
  private readonly found: Segment;
  private readonly local = new SearchState();
  private readonly gate = new IndexGate();
  /** The typed members' codes of the families last indexed, by family object: their false-hit rates need no second encoding. */
  private readonly indexedCodes = new WeakMap<FamilyInput, ReadonlyMap<string, Uint16Array>>();
  private version = 0;

  private constructor(
    private readonly options: MatchingEngineOptions,
    private readonly runner: TaskRunner,
  ) {
    this.panel = new LocusPanel({ table: options.table, mutation: options.mutation, minimumFrequency: options.minimumFrequency });
    this.found = new Segment(null, 1, this.panel.size, false, 0, () => this.alleleCounts());
    this.publish();
  }

  /** Creates an empty engine and its worker pool. */
  static async create(options: MatchingEngineOptions): Promise<MatchingEngine> {
    const runner = options.workers > 0 ? new PoolRunner(options.workers) : new InlineRunner();
    const engine = new MatchingEngine(options, runner);
    await runner.ready();
    return engine;
  }

  get policy(): SearchPolicyValues {
    return this.options.policy;
  }

  get lociNames(): string[] {
    return this.panel.names();
  }

  /** The kinship models of the panel loci as the searches score them (mutation model, appended alleles). */
  locusModels(): readonly CompiledLocusModel[] {
    return this.panel.models();
  }

  get familyCount(): number {
    return this.segments.reduce((s, seg) => s + seg.liveRows, 0);
  }

  get foundPersonCount(): number {
    return this.found.liveRows;
  }

  /** True while the pool is open (readiness). */
  get isOpen(): boolean {
    return this.gate.isOpen;
  }

  /** Adds or replaces a family (a case's reference family). */
  upsertFamily(key: string, family: FamilyInput): Promise<void> {
    return this.upsertFamilies([[key, family]]);
  }

  /**
   * Adds or replaces many families at once (the start-up build): bound tables of the batch are
   * computed on all workers in parallel.
   */
  upsertFamilies(entries: ReadonlyArray<readonly [string, FamilyInput]>): Promise<void> {
    return this.gate.write(async () => {
      const L = this.panel.size;
      const encoded = entries.map(([, family]) => {
        const out = new Map<string, Uint16Array | null>();
        for (const [id, g] of Object.entries(family.typed)) out.set(id, this.panel.encodeKnown(g));
        return out;
      });
      if (encoded.some((m) => [...m.values()].includes(null))) {
        await this.learnAlleles(entries.flatMap(([, family]) => Object.values(family.typed)));
        encoded.forEach((m, i) => {
          for (const id of m.keys()) m.set(id, this.panel.encode(entries[i]![1].typed[id]!));
        });
      }
      encoded.forEach((codes, i) => this.indexedCodes.set(entries[i]![1], codes as Map<string, Uint16Array>));
      const prepared = entries.map(([key, family], i) => {
        const canonical = this.canonical(family);
        const template = this.templateFor(canonical);
        const codes = new Uint16Array(template.slots.length * L);
        canonical.slotIds.forEach((id, s) => codes.set(encoded[i]!.get(id)!, s * L));
        return { key, template, codes, bounds: null as Uint8Array | null };
      });
      await computeBounds(this.runner, this.version, prepared.filter((p) => p.template.kind === 'bound'));
      for (const p of prepared) {
        const segment = this.segmentOf(p.template);
        const known = this.familyIds.find(p.key);
        const n = known >= 0 ? known : this.familyIds.add(p.key);
        // A replaced family's old row is found by its number (no per-family location is kept:
        // replacements are rare, and the table would cost 8 bytes a family).
        const old = known >= 0 ? this.rowsOf(this.segments, n) : [];
        const { newChunk } = segment.append(n, p.codes, p.bounds);
        if (newChunk) this.publish();
        for (const [s, row] of old) s.remove(row);
      }
    });
  }

  /** Removes a family (e.g. a closed case); unknown keys are ignored. */
  removeFamily(key: string): Promise<void> {
    return this.gate.write(async () => {
      const n = this.familyIds.find(key);
      if (n >= 0) for (const [s, row] of this.rowsOf(this.segments, n)) s.remove(row);
    });
  }

  /** Adds or replaces a found person. */
  upsertFoundPerson(key: string, genotypes: ProfileGenotypes): Promise<void> {
    return this.gate.write(async () => {
      await this.learnAlleles([genotypes]);
      const known = this.foundIds.find(key);
      const n = known >= 0 ? known : this.foundIds.add(key);
      const old = known >= 0 ? this.rowsOf([this.found], n) : [];
      const { newChunk } = this.found.append(n, this.panel.encode(genotypes), null);
      if (newChunk) this.publish();
      for (const [s, row] of old) s.remove(row);
    });
  }

  removeFoundPerson(key: string): Promise<void> {
    return this.gate.write(async () => {
      const n = this.foundIds.find(key);
      if (n >= 0) for (const [s, row] of this.rowsOf([this.found], n)) s.remove(row);
    });
  }

  /**
   * A found person's genotypes against every family. Alleles the panel lacks are added to it first
   * (the search model is the table plus every allele the service has met; locus-panel.ts).
   */
  async searchFamilies(genotypes: ProfileGenotypes, overrides: Partial<SearchPolicyValues> = {}): Promise<SearchResult> {
    const started = performance.now();
    if (this.panel.unknownAlleles(genotypes).length > 0) await this.gate.write(() => this.learnAlleles([genotypes]));
    return this.gate.search(async () => {
      const policy = { ...this.options.policy, ...overrides };
      const poi = this.panel.encode(genotypes);
      const outcomes = await Promise.all(
        Array.from({ length: this.runner.shards }, (_, shard) =>
          this.runner.run<SearchOutcome>({ kind: 'forward', version: this.version, poi, policy: taskPolicy(policy), shard, shards: this.runner.shards }),
        ),
      );
      const searched = this.familyCount;
      const candidates = mergeHits(outcomes, policy.maxCandidates).map((h): Candidate => ({ key: this.familyIds.get(h.number), shape: this.shapeOf(h.segment), ...toScore(h, policy, searched) }));
      return { candidates, searched, stats: sumStats(outcomes), elapsedMs: performance.now() - started };
    });
  }

  /** A family against every found person. */
  async searchFoundPersons(family: FamilyInput, overrides: Partial<SearchPolicyValues> = {}): Promise<SearchResult> {
    const started = performance.now();
    if (Object.values(family.typed).some((g) => this.panel.unknownAlleles(g).length > 0)) {
      await this.gate.write(() => this.learnAlleles(Object.values(family.typed)));
    }
    return this.gate.search(async () => {
      const policy = { ...this.options.policy, ...overrides };
      const canonical = canonicalFamily(familyShape(family));
      const L = this.panel.size;
      const codes = new Uint16Array(canonical.slots.length * L);
      canonical.slotIds.forEach((id, s) => codes.set(this.panel.encode(family.typed[id]!), s * L));
      const task = { individuals: canonical.individuals, missing: canonical.missing, slots: canonical.slots };
      const shards = Math.max(1, Math.min(this.runner.shards, Math.floor(this.found.liveRows / MIN_FOUND_ROWS_PER_SHARD)));
      const outcomes = await Promise.all(
        Array.from({ length: shards }, (_, shard) =>
          this.runner.run<SearchOutcome>({ kind: 'reverse', version: this.version, family: task, codes, policy: taskPolicy(policy), shard, shards }),
        ),
      );
      const searched = this.found.liveRows;
      const candidates = mergeHits(outcomes, policy.maxCandidates).map((h): Candidate => ({ key: this.foundIds.get(h.number), shape: '', ...toScore(h, policy, searched) }));
      return { candidates, searched, stats: sumStats(outcomes), elapsedMs: performance.now() - started };
    });
  }

  /**
   * The exact score of one family against one found person (re-scoring a stored match, or an
   * investigator's ad hoc comparison), whatever the threshold. Runs in this thread.
   */
  async score(family: FamilyInput, genotypes: ProfileGenotypes, overrides: Partial<SearchPolicyValues> = {}): Promise<Score | null> {
    await this.gate.write(() => this.learnAlleles([genotypes, ...Object.values(family.typed)]));
    const policy = { ...this.options.policy, ...overrides };
    const canonical = canonicalFamily(familyShape(family));
    const L = this.panel.size;
    const codes = new Uint16Array(canonical.slots.length * L);
    canonical.slotIds.forEach((id, s) => codes.set(this.panel.encode(family.typed[id]!), s * L));
    const scored = this.local.scoreFamily(
      { individuals: canonical.individuals, missing: canonical.missing, slots: canonical.slots },
      codes,
      this.panel.encode(genotypes),
      policy.theta,
    );
    if (!scored) return null;
    return toScore(scored, policy, this.familyCount);
  }

  stats(): EngineStats {
    const allocated = this.segments.reduce((s, seg) => s + seg.byteLength, 0) + this.found.byteLength + this.familyIds.byteLength + this.foundIds.byteLength;
    return {
      families: this.familyCount,
      foundPersons: this.found.liveRows,
      workers: this.runner.workers,
      panelGeneration: this.panel.generation,
      loci: this.panel.size,
      familyBytes: this.segments.reduce((s, seg) => s + seg.usedBytes, 0) + this.familyIds.byteLength,
      foundPersonBytes: this.found.usedBytes + this.foundIds.byteLength,
      allocatedBytes: allocated,
      templates: this.segments.map((s) => ({ shape: s.template!.label, kind: s.template!.kind, families: s.liveRows })),
    };
  }

  /**
   * Runs `consume` over the engine's state while no index write can change it (searches go on):
   * an index snapshot is written from it. The state holds the live arrays, not copies, so it is
   * valid only until `consume` settles.
   */
  withState<T>(consume: (state: EngineState) => Promise<T>): Promise<T> {
    return this.gate.write(() => {
      const spec = this.panel.spec();
      return consume({
        extraAlleles: spec.loci.filter((l) => l.alleles.length > l.tableAlleles).map((l) => [l.name, l.alleles.slice(l.tableAlleles)] as const),
        templates: [...this.templates.values()].sort((a, b) => a.id - b.id),
        segments: this.segments.map((s) => ({ templateId: s.template!.id, chunks: s.chunks.map((c) => c.descriptor) })),
        found: this.found.chunks.map((c) => c.descriptor),
        familyIds: this.familyIds.exportState(),
        foundIds: this.foundIds.exportState(),
      });
    });
  }

  /**
   * Loads a state of {@link withState} (read back from an index snapshot) into this engine, which
   * must be empty and created with the same table, policy and mutation models; the arrays are
   * adopted, not copied.
   * @throws RangeError when the state does not fit (another panel, a chunk of the wrong size).
   */
  restoreState(state: EngineState): Promise<void> {
    return this.gate.write(async () => {
      if (this.segments.length > 0 || this.found.length > 0 || this.familyIds.size > 0) throw new Error('only an empty engine restores a state');
      const names = this.panel.names();
      this.panel.addAlleles(state.extraAlleles.flatMap(([locus, alleles]) => {
        const l = names.indexOf(locus);
        if (l < 0) throw new RangeError(`engine state: locus ${locus} is not in the panel`);
        return alleles.map((a) => [l, a] as const);
      }));
      state.templates.forEach((t, i) => {
        if (t.id !== i) throw new RangeError('engine state: template ids are not dense');
        this.templates.set(t.key, t);
      });
      for (const s of state.segments) {
        const template = state.templates[s.templateId];
        if (!template) throw new RangeError(`engine state: no template ${s.templateId}`);
        this.segmentOf(template).adopt(s.chunks);
      }
      this.found.adopt(state.found);
      this.familyIds = IdTable.fromState(state.familyIds);
      this.foundIds = IdTable.fromState(state.foundIds);
      this.publish();
    });
  }

  /**
   * Each family's P(an unrelated found person meets the policy) (false-hit-rate-calculator.ts),
   * computed on the pool so an index build runs it beside its own work (false-hit-rate-task.ts).
   * Alleles the panel has not learned count as untyped: index the families first.
   */
  falseHitRates(families: readonly FamilyInput[]): Promise<Float64Array> {
    const { thresholdLr, minLociCompared } = this.options.policy;
    return runFalseHitRates(families, {
      policy: { thresholdLr, minLociCompared },
      panel: () => this.panel.spec(),
      encode: (family, id) => this.indexedCodes.get(family)?.get(id) ?? this.panel.encodeKnownLoci(family.typed[id]!),
      run: (task) => this.runner.run<Float64Array>(task),
      lanes: this.runner.shards,
    });
  }

  /** Evaluates a kinship case file on a pool thread (kinship-task.ts). */
  evaluateKinshipCases(input: unknown, prior?: number): Promise<KinshipTaskResult> {
    return this.runner.run<KinshipTaskResult>(prior === undefined ? { kind: 'kinship', input } : { kind: 'kinship', input, prior });
  }

  /** Waits for pending writes, then closes the worker pool. */
  async close(): Promise<void> {
    if (!this.gate.isOpen) return;
    await this.gate.close();
    await this.runner.close();
  }

  private shapeOf(templateId: number): string {
    for (const t of this.templates.values()) if (t.id === templateId) return t.label;
    return '';
  }

  private readonly canonicalCache = new Map<string, ReturnType<typeof canonicalFamily>>();

  /** The canonical form of a family, cached by its raw shape (relationship-built families repeat it). */
  private canonical(family: FamilyInput): ReturnType<typeof canonicalFamily> {
    const shape = familyShape(family);
    const raw = JSON.stringify([shape.individuals, shape.missing, shape.typed]);
    let c = this.canonicalCache.get(raw);
    if (!c) {
      c = canonicalFamily(shape);
      if (this.canonicalCache.size > 10_000) this.canonicalCache.clear();
      this.canonicalCache.set(raw, c);
    }
    return c;
  }

  private templateFor(canonical: ReturnType<typeof canonicalFamily>): TemplateSpec {
    let t = this.templates.get(canonical.key);
    if (!t) {
      t = classifyTemplate(this.templates.size, canonical, this.options.policy.theta);
      this.templates.set(canonical.key, t);
    }
    return t;
  }

  private segmentOf(template: TemplateSpec): Segment {
    let segment = this.segments.find((s) => s.template!.id === template.id);
    if (!segment) {
      // Screens that pass many families keep the codes too (survivors are scored from them).
      const keepCodes = template.screen !== null && !['trio', 'single'].includes(screenShape(template.screen));
      segment = new Segment(template, template.slots.length, this.panel.size, template.kind === 'screened', template.classes, () => this.alleleCounts(), keepCodes);
      this.segments.push(segment);
    }
    return segment;
  }

  private alleleCounts(): number[] {
    return Array.from({ length: this.panel.size }, (_, l) => this.panel.alleleCount(l));
  }

  /** The live rows holding record number n (a scan of the segments' number arrays). */
  private rowsOf(segments: readonly Segment[], n: number): Array<[Segment, number]> {
    const out: Array<[Segment, number]> = [];
    for (const segment of segments) {
      for (const chunk of segment.chunks) {
        const count = chunk.count();
        const numbers = chunk.numbers;
        for (let r = 0; r < count; r++) if (numbers[r] === n && chunk.isAlive(r)) out.push([segment, chunk.start + r]);
      }
    }
    return out;
  }

  /**
   * Adds alleles the panel lacks. The changed loci get new models: bitset chunks without room are
   * rewritten, the new snapshot is published, and the bounds of `bound` families are recomputed at
   * those loci — all while no search runs, so no search mixes generations.
   */
  private async learnAlleles(profiles: readonly ProfileGenotypes[]): Promise<void> {
    const unknown = profiles.flatMap((g) => this.panel.unknownAlleles(g));
    if (unknown.length === 0) return;
    await this.gate.exclusive(async () => {
      const changed = this.panel.addAlleles(unknown);
      if (changed.length === 0) return;
      for (const s of this.segments) s.regrowPlaces();
      this.found.regrowPlaces();
      this.publish();
      for (const segment of this.segments) {
        const t = segment.template!;
        if (t.kind !== 'bound') continue;
        await recomputeBounds(this.runner, this.version, segment, changed, this.panel.size);
      }
    });
  }

  private publish(): void {
    this.version++;
    const snapshot: Snapshot = {
      version: this.version,
      panel: this.panel.spec(),
      segments: this.segments.map((s) => s.descriptor()),
      found: this.found.chunks.map((c) => c.descriptor),
    };
    this.local.apply(snapshot);
    this.runner.publish(snapshot);
  }
}

function familyShape(family: FamilyInput): FamilyShape {
  return { individuals: family.individuals, missing: family.missing, typed: Object.keys(family.typed).filter((id) => id !== family.missing) };
}
