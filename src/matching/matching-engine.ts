/**
 * The matching engine: the packed index of reference families and found persons, kept current on
 * every write, and the two searches (a found person against all families, a family against all
 * found persons) run in shards on the worker pool and merged into one ranked list.
 *
 * Reported per candidate (issue item 5): LR, log10 LR, per-locus LR and status, inconsistent loci,
 * loci compared, the posterior for the policy's prior (Bayes in odds form, kinship
 * posteriorProbability), and the expected number of adventitious candidates at that LR for the
 * current database size, E = N / LR: for an unrelated pair E[LR | H2] = 1, so P(LR >= t | H2) <= 1/t
 * (Markov's inequality; the "Turing bound" of Good 1950, Biometrika 40:237; for DNA database
 * searches Slooten & Egeland 2014, FSI:Genetics 12:207), hence at most N/t unrelated records of N
 * are expected at or above t.
 */
import {
  posteriorProbability, type FastLocusLr, type FrequencyTable, type Individual, type MinimumFrequencyPolicy, type MutationSpec,
} from '../kinship';
import { canonicalFamily, classifyTemplate, screenShape, type FamilyShape, type TemplateSpec } from './family-template';
import { IdTable } from './id-table';
import { Segment } from './index-chunks';
import type { KinshipTaskResult } from './kinship-task';
import { LocusPanel, type ProfileGenotypes } from './locus-panel';
import { SearchState } from './search-executor';
import type { Hit, ScanStats, SearchOutcome, Snapshot, TaskPolicy } from './search-task';
import { InlineRunner, PoolRunner, type TaskRunner } from './search-pool';

/** The admin-set search policy values the engine applies (the service keeps them versioned). */
export interface SearchPolicyValues {
  /** Reporting threshold (Chinese practice: 10,000). */
  readonly thresholdLr: number;
  /** Inconsistent loci allowed before exclusion (Chinese practice: 2; 3 or more excludes). */
  readonly maxInconsistentLoci: number;
  /** Fewest loci compared (POI and a relative both typed) for a candidate. */
  readonly minLociCompared: number;
  /** Balding–Nichols θ (joint mode). */
  readonly theta: number;
  /** Prior probability of H1 for the posterior. */
  readonly prior: number;
  /** Most candidates a search returns. */
  readonly maxCandidates: number;
}

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

export interface LocusBreakdown {
  readonly locus: string;
  readonly LR: number;
  readonly log10LR: number;
  readonly status: FastLocusLr['status'];
  readonly compared: boolean;
}

export interface Score {
  readonly LR: number;
  readonly log10LR: number;
  readonly loci: readonly LocusBreakdown[];
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
  readonly prior: number;
  readonly posterior: number;
  /** N / LR for the records searched (see the module comment). */
  readonly expectedAdventitious: number;
}

export interface Candidate extends Score {
  /** The family's or the found person's key (case id or found-person id). */
  readonly key: string;
  /** Relationships of the family's typed members (forward searches). */
  readonly shape: string;
}

export interface SearchResult {
  readonly candidates: readonly Candidate[];
  /** Live records the search covered. */
  readonly searched: number;
  readonly stats: ScanStats;
  readonly elapsedMs: number;
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

const BOUND_BATCH = 64;

export class MatchingEngine {
  private readonly panel: LocusPanel;
  private readonly templates = new Map<string, TemplateSpec>();
  private readonly segments: Segment[] = [];
  private readonly familyIds = new IdTable();
  private readonly foundIds = new IdTable();
  private readonly found: Segment;
  private readonly local = new SearchState();
  private version = 0;
  private writes: Promise<void> = Promise.resolve();
  private searchesInFlight = 0;
  private gate: Promise<void> | null = null;
  private closed = false;

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

  get familyCount(): number {
    return this.segments.reduce((s, seg) => s + seg.liveRows, 0);
  }

  get foundPersonCount(): number {
    return this.found.liveRows;
  }

  /** True while the pool is open (readiness). */
  get isOpen(): boolean {
    return !this.closed;
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
    return this.write(async () => {
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
      const prepared = entries.map(([key, family], i) => {
        const canonical = this.canonical(family);
        const template = this.templateFor(canonical);
        const codes = new Uint16Array(template.slots.length * L);
        canonical.slotIds.forEach((id, s) => codes.set(encoded[i]!.get(id)!, s * L));
        return { key, template, codes, bounds: null as Uint8Array | null };
      });
      await this.computeBoundsOf(prepared.filter((p) => p.template.kind === 'bound'));
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
    return this.write(async () => {
      const n = this.familyIds.find(key);
      if (n >= 0) for (const [s, row] of this.rowsOf(this.segments, n)) s.remove(row);
    });
  }

  /** Adds or replaces a found person. */
  upsertFoundPerson(key: string, genotypes: ProfileGenotypes): Promise<void> {
    return this.write(async () => {
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
    return this.write(async () => {
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
    if (this.panel.unknownAlleles(genotypes).length > 0) await this.write(() => this.learnAlleles([genotypes]));
    return this.searching(async () => {
      const policy = { ...this.options.policy, ...overrides };
      const poi = this.panel.encode(genotypes);
      const outcomes = await Promise.all(
        Array.from({ length: this.runner.shards }, (_, shard) =>
          this.runner.run<SearchOutcome>({ kind: 'forward', version: this.version, poi, policy: taskPolicy(policy), shard, shards: this.runner.shards }),
        ),
      );
      const searched = this.familyCount;
      const candidates = merge(outcomes, policy.maxCandidates).map((h) => this.candidate(h, policy, searched, this.familyIds.get(h.number), this.shapeOf(h.segment)));
      return { candidates, searched, stats: sumStats(outcomes), elapsedMs: performance.now() - started };
    });
  }

  /** A family against every found person. */
  async searchFoundPersons(family: FamilyInput, overrides: Partial<SearchPolicyValues> = {}): Promise<SearchResult> {
    const started = performance.now();
    if (Object.values(family.typed).some((g) => this.panel.unknownAlleles(g).length > 0)) {
      await this.write(() => this.learnAlleles(Object.values(family.typed)));
    }
    return this.searching(async () => {
      const policy = { ...this.options.policy, ...overrides };
      const canonical = canonicalFamily(familyShape(family));
      const L = this.panel.size;
      const codes = new Uint16Array(canonical.slots.length * L);
      canonical.slotIds.forEach((id, s) => codes.set(this.panel.encode(family.typed[id]!), s * L));
      const task = { individuals: canonical.individuals, missing: canonical.missing, slots: canonical.slots };
      const outcomes = await Promise.all(
        Array.from({ length: this.runner.shards }, (_, shard) =>
          this.runner.run<SearchOutcome>({ kind: 'reverse', version: this.version, family: task, codes, policy: taskPolicy(policy), shard, shards: this.runner.shards }),
        ),
      );
      const searched = this.found.liveRows;
      const candidates = merge(outcomes, policy.maxCandidates).map((h) => this.candidate(h, policy, searched, this.foundIds.get(h.number), ''));
      return { candidates, searched, stats: sumStats(outcomes), elapsedMs: performance.now() - started };
    });
  }

  /**
   * The exact score of one family against one found person (re-scoring a stored match, or an
   * investigator's ad hoc comparison), whatever the threshold. Runs in this thread.
   */
  async score(family: FamilyInput, genotypes: ProfileGenotypes, overrides: Partial<SearchPolicyValues> = {}): Promise<Score | null> {
    await this.write(() => this.learnAlleles([genotypes, ...Object.values(family.typed)]));
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
    return this.toScore(scored, policy, this.familyCount);
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

  /** Evaluates a kinship case file on a pool thread (kinship-task.ts). */
  evaluateKinshipCases(input: unknown, prior?: number): Promise<KinshipTaskResult> {
    return this.runner.run<KinshipTaskResult>(prior === undefined ? { kind: 'kinship', input } : { kind: 'kinship', input, prior });
  }

  /** Waits for pending writes, then closes the worker pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.writes.catch(() => undefined);
    this.closed = true;
    await this.runner.close();
  }

  // -------------------------------------------------------------------------------------------

  private candidate(h: Hit, policy: SearchPolicyValues, searched: number, key: string, shape: string): Candidate {
    return { key, shape, ...this.toScore(h, policy, searched) };
  }

  private toScore(h: Pick<Hit, 'LR' | 'log10LR' | 'loci' | 'inconsistentLoci' | 'lociCompared'>, policy: SearchPolicyValues, searched: number): Score {
    return {
      LR: h.LR,
      log10LR: h.log10LR,
      loci: h.loci.map((l) => ({ locus: l.locus, LR: l.LR, log10LR: l.log10LR, status: l.status, compared: l.compared })),
      inconsistentLoci: h.inconsistentLoci,
      lociCompared: h.lociCompared,
      prior: policy.prior,
      posterior: posteriorProbability(h.log10LR, policy.prior),
      expectedAdventitious: searched / h.LR,
    };
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
    await this.exclusive(async () => {
      const changed = this.panel.addAlleles(unknown);
      if (changed.length === 0) return;
      for (const s of this.segments) s.regrowPlaces();
      this.found.regrowPlaces();
      this.publish();
      for (const segment of this.segments) {
        const t = segment.template!;
        if (t.kind !== 'bound') continue;
        await this.recomputeBounds(segment, changed);
      }
    });
  }

  private async recomputeBounds(segment: Segment, loci: readonly number[]): Promise<void> {
    const t = segment.template!;
    const L = this.panel.size;
    const S = t.slots.length;
    const rows: number[] = [];
    for (let row = 0; row < segment.length; row++) rows.push(row);
    for (let i = 0; i < rows.length; i += BOUND_BATCH) {
      const batch = rows.slice(i, i + BOUND_BATCH);
      const codes = new Uint16Array(batch.length * S * L);
      const one = new Uint16Array(S * L);
      batch.forEach((row, k) => {
        const chunk = segment.chunkOf(row);
        chunk.readCodes(row - chunk.start, one);
        codes.set(one, k * S * L);
      });
      const levels = await this.runner.run<Uint8Array[]>({ kind: 'bounds', version: this.version, template: t, codes, loci });
      batch.forEach((row, k) => {
        for (const l of loci) segment.writeBounds(row, l, levels[k]!.subarray(l * t.classes, (l + 1) * t.classes));
      });
    }
  }

  /** Bound tables of families about to be appended, in batches spread over the workers. */
  private async computeBoundsOf(items: Array<{ template: TemplateSpec; codes: Uint16Array; bounds: Uint8Array | null }>): Promise<void> {
    const byTemplate = new Map<number, typeof items>();
    for (const item of items) byTemplate.set(item.template.id, [...(byTemplate.get(item.template.id) ?? []), item]);
    const jobs: Array<Promise<void>> = [];
    for (const group of byTemplate.values()) {
      for (let i = 0; i < group.length; i += BOUND_BATCH) {
        const batch = group.slice(i, i + BOUND_BATCH);
        const size = batch[0]!.codes.length;
        const codes = new Uint16Array(batch.length * size);
        batch.forEach((item, k) => codes.set(item.codes, k * size));
        jobs.push(
          this.runner.run<Uint8Array[]>({ kind: 'bounds', version: this.version, template: batch[0]!.template, codes }).then((levels) => {
            batch.forEach((item, k) => (item.bounds = levels[k]!));
          }),
        );
      }
    }
    await Promise.all(jobs);
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

  /** Index writes run one at a time, in call order. */
  private write<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the matching engine is closed'));
    const run = this.writes.then(work);
    this.writes = run.then(() => undefined, () => undefined);
    return run;
  }

  /** Runs a search unless a panel change holds the gate. */
  private async searching<T>(work: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    this.searchesInFlight++;
    try {
      return await work();
    } finally {
      this.searchesInFlight--;
    }
  }

  /** Runs `work` with no search in flight and none starting. */
  private async exclusive(work: () => Promise<void>): Promise<void> {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    while (this.gate) await this.gate;
    this.gate = gate;
    try {
      while (this.searchesInFlight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      await work();
    } finally {
      this.gate = null;
      open();
    }
  }
}

function familyShape(family: FamilyInput): FamilyShape {
  return { individuals: family.individuals, missing: family.missing, typed: Object.keys(family.typed).filter((id) => id !== family.missing) };
}

function taskPolicy(p: SearchPolicyValues): TaskPolicy {
  return { thresholdLr: p.thresholdLr, maxInconsistentLoci: p.maxInconsistentLoci, minLociCompared: p.minLociCompared, theta: p.theta, limit: p.maxCandidates };
}

/** Merges per-shard results (a record moved between segments mid-search may appear twice: keep one). */
function merge(outcomes: readonly SearchOutcome[], limit: number): Hit[] {
  const byNumber = new Map<number, Hit>();
  for (const o of outcomes) {
    for (const h of o.hits) {
      const known = byNumber.get(h.number);
      if (!known || h.log10LR > known.log10LR) byNumber.set(h.number, h);
    }
  }
  return [...byNumber.values()].sort((a, b) => b.log10LR - a.log10LR || a.number - b.number).slice(0, limit);
}

function sumStats(outcomes: readonly SearchOutcome[]): ScanStats {
  const total: ScanStats = { rows: 0, screenSurvivors: 0, boundSurvivors: 0, exactScored: 0, unscorable: 0, ms: {} };
  for (const o of outcomes) {
    for (const [k, v] of Object.entries(o.stats.ms)) total.ms[k] = Math.max(total.ms[k] ?? 0, v);
    total.rows += o.stats.rows;
    total.screenSurvivors += o.stats.screenSurvivors;
    total.boundSurvivors += o.stats.boundSurvivors;
    total.exactScored += o.stats.exactScored;
    total.unscorable += o.stats.unscorable;
  }
  return total;
}
