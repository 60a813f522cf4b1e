import type { MutationSpec } from '../../kinship';
import { MatchingEngine, mutationForLocus, readIndexSnapshot, writeIndexSnapshot, type SnapshotAnchor } from '../../matching';
import type { SearchPolicy } from '../../domain';
import { ServiceUnavailableError } from '../../lib';
import type { Store } from '../../store';
import { FalseHitRates } from './false-hit-rates';
import {
  applyPage, engineModel, fillRates, mutationPolicyOf, ratesFile, readRates, rebuildEngine, writeRates, type EngineModel, type LoadedEngine,
} from './index-build';
import type { IndexProgress, SearchIndexOptions } from './search-index-options';

export type { IndexLog, IndexProgress, SearchIndexOptions, SnapshotOptions } from './search-index-options';

/** Change entries read per page while following the store. */
const CHANGES_PAGE = 2000;
/** Progress is logged at most this often while starting. */
const PROGRESS_LOG_MS = 2000;

/**
 * The matching index of the service: the engine (src/matching) built under the current search
 * policy, rebuilt when the policy changes, and kept current by following the store's change feed:
 * after every commit that wrote a case or a found person (and, with `pollMs`, every few hundred
 * milliseconds for the commits of other processes over the same store), the index reads the new
 * entries in sequence order and applies each record as it is stored then — so no use case has to
 * remember the index, and a write and the index can never disagree for long.
 *
 * Derived data (DESIGN.md "Storage"), started in seconds: the start reads the index snapshot
 * written beside the store (index-snapshot.ts) and replays only the changes since its position;
 * without a usable snapshot (none, damaged, another version or policy, or not of this store) it
 * rebuilds from the store. A snapshot is written every `everyChanges` changes or `everySeconds`
 * seconds, and on close.
 */
export class SearchIndex {
  private seenGeneration = 0;
  /** The last change entry applied; the engine reflects every write up to it. */
  private appliedSeq = 0;
  /** Serialises applying changes, writing snapshots and swapping the engine, in the order they were asked for. */
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private lastFollowError: Error | null = null;
  private current: MatchingEngine | null = null;
  /** Each indexed family's P(an unrelated found person meets the policy), beside the engine (false-hit-rates.ts). */
  private currentRates: FalseHitRates | null = null;
  private progressNow: IndexProgress = { phase: 'snapshot', loaded: 0, total: 0 };
  private snapshotSeq = -1;
  private lastProgressLog = 0;
  /** The newest policy version a rebuild was started for (a poll must not start a second one). */
  private policyAsked = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  private loadedMs = 0;
  /** Settles when the index is searchable (rejects when the start failed). */
  readonly ready: Promise<void>;

  private constructor(
    private readonly store: Store,
    private currentPolicy: SearchPolicy,
    private readonly options: SearchIndexOptions,
  ) {
    // A failed catch-up must not fail the write that committed; it is kept for /readyz and retried at the next commit.
    this.unsubscribe = store.onChanges(() => this.follow());
    this.ready = this.start();
    this.ready.catch(() => undefined);
  }

  /**
   * Starts the index: returns at once, searchable when {@link ready} settles ({@link progress}
   * says how far the start is meanwhile).
   */
  static open(store: Store, policy: SearchPolicy, options: SearchIndexOptions): SearchIndex {
    return new SearchIndex(store, policy, options);
  }

  /** Starts the index and waits until it is searchable. */
  static async build(store: Store, policy: SearchPolicy, options: SearchIndexOptions): Promise<SearchIndex> {
    const index = SearchIndex.open(store, policy, options);
    try {
      await index.ready;
    } catch (e) {
      await index.close();
      throw e;
    }
    return index;
  }

  /**
   * True once after the search model changed: a profile brought an allele the table lacks, so the
   * locus got the minimum frequency and was renormalised (locus-panel.ts) — in effect a new
   * frequency table, after which stored matches are re-scored so that every match is scored
   * under the same model.
   */
  takeModelChange(): boolean {
    const generation = this.current?.stats().panelGeneration ?? this.seenGeneration;
    if (generation === this.seenGeneration) return false;
    this.seenGeneration = generation;
    return true;
  }

  /**
   * The engine, once the index is searchable.
   * @throws ServiceUnavailableError while the index is starting.
   */
  get engine(): MatchingEngine {
    if (!this.current) throw this.startingError();
    return this.current;
  }

  private startingError(): ServiceUnavailableError {
    const p = this.progressNow;
    return new ServiceUnavailableError(`the search index is starting (${p.phase}: ${p.loaded} of ${p.total})`);
  }

  get policy(): SearchPolicy {
    return this.currentPolicy;
  }

  /** The MUTATION object the current policy gives a locus, as the engine scores it (for exports that must agree with it). */
  mutationForLocus(locus: string): MutationSpec | null {
    return mutationForLocus(mutationPolicyOf(this.currentPolicy), this.options.mutationRates)(locus);
  }

  /**
   * Each indexed family's P(an unrelated found person meets the policy), and their sum.
   * @throws ServiceUnavailableError while the index is starting.
   */
  get falseHitRates(): FalseHitRates {
    if (!this.currentRates) throw this.startingError();
    return this.currentRates;
  }

  /** How far the start is (phase `ready` once searchable). */
  get progress(): IndexProgress {
    return this.progressNow;
  }

  /** Milliseconds from the start until the index was searchable (0 before). */
  get buildMs(): number {
    return this.loadedMs;
  }

  /** The change-feed position the index reflects. */
  get seq(): number {
    return this.appliedSeq;
  }

  /** For /readyz: why the last catch-up failed (null while the index follows the store). */
  get followError(): Error | null {
    return this.lastFollowError;
  }

  /** For /readyz: the index is searchable and the worker pool answers. */
  get isOpen(): boolean {
    return this.current?.isOpen ?? false;
  }

  /** Applies the change entries committed since the last one applied (the store calls it after each commit). */
  catchUp(): Promise<void> {
    return this.enqueue(() => this.applyChanges());
  }

  /** Switches to a new policy: a new engine built from the store replaces the old one, which is then closed. */
  async applyPolicy(store: Store, policy: SearchPolicy): Promise<void> {
    this.policyAsked = Math.max(this.policyAsked, policy.version);
    const { engine, rates, seq } = await rebuildEngine(store, policy, this.options, () => undefined);
    await this.enqueue(async () => {
      const old = this.current;
      this.current = engine;
      this.currentRates = rates;
      this.currentPolicy = policy;
      this.appliedSeq = seq;
      this.snapshotSeq = -1;
      this.seenGeneration = engine.stats().panelGeneration;
      await old?.close();
    });
    await this.catchUp();
  }

  /**
   * Writes the index snapshot now (when one is configured), as of the last change applied.
   * @returns the bytes written (0 without a snapshot file or before the index is searchable).
   */
  writeSnapshot(): Promise<number> {
    return this.enqueue(() => this.snapshotNow());
  }

  /** Stops following, writes the snapshot when changes were applied since the last one, and closes the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const t of this.timers) clearInterval(t);
    await this.ready.catch(() => undefined);
    await this.queue;
    if (this.current && this.appliedSeq !== this.snapshotSeq) {
      await this.snapshotNow().catch((e: unknown) => this.options.log?.warn({ err: e }, 'index snapshot at shutdown failed'));
    }
    await this.current?.close();
  }

  private async start(): Promise<void> {
    const started = performance.now();
    const model = await engineModel(this.store, this.currentPolicy, this.options);
    const loaded = await this.loadSnapshot(model);
    const { engine, rates, seq } = loaded ?? await rebuildEngine(this.store, this.currentPolicy, this.options, (p) => this.report(p));
    if (this.closed) {
      await engine.close();
      throw new Error('the search index was closed while starting');
    }
    this.appliedSeq = seq;
    this.snapshotSeq = loaded ? seq : -1;
    const total = Math.max(0, (await this.store.lastChangeSeq()) - seq);
    this.report({ phase: 'replay', loaded: 0, total });
    await this.enqueue(() => this.applyChanges(engine, rates, (n) => this.report({ phase: 'replay', loaded: n, total })));
    this.current = engine;
    this.currentRates = rates;
    this.seenGeneration = engine.stats().panelGeneration;
    this.loadedMs = performance.now() - started;
    const stats = engine.stats();
    this.report({ phase: 'ready', loaded: stats.families + stats.foundPersons, total: stats.families + stats.foundPersons });
    this.options.log?.info({
      ms: Math.round(this.loadedMs), from: loaded ? 'snapshot' : 'store', replayed: total, families: stats.families, foundPersons: stats.foundPersons, seq: this.appliedSeq,
    }, 'search index ready');
    // A commit between the replay's last read and now found no engine to apply to.
    void this.follow();
    this.schedule();
  }

  /** The engine and position of a usable snapshot, or null (absent, rejected: the reason is logged). */
  private async loadSnapshot(model: EngineModel): Promise<LoadedEngine | null> {
    const file = this.options.snapshot?.file;
    if (!file) return null;
    const read = await readIndexSnapshot(file, model.snapshot, (loaded, total) => this.report({ phase: 'snapshot', loaded, total }));
    if (read.kind === 'absent') {
      this.options.log?.info({ file }, 'no index snapshot: building the index from the store');
      return null;
    }
    let reason = read.kind === 'rejected' ? read.reason : await this.notOfThisStore(read.header.seq, read.header.anchor);
    if (read.kind === 'loaded' && reason === null) {
      const engine = await MatchingEngine.create(model.engine);
      try {
        await engine.restoreState(read.state);
        this.options.log?.info({ file, bytes: read.bytes, seq: read.header.seq, families: engine.familyCount }, 'index snapshot loaded');
        const rates = new FalseHitRates(engine);
        if (!(await readRates(ratesFile(file), read.header.seq, this.currentPolicy.version, rates))) {
          this.options.log?.warn({ file: ratesFile(file) }, 'false-hit rates of the snapshot missing or stale: computing them from the store');
          await fillRates(this.store, rates, (p) => this.report(p));
        }
        return { engine, rates, seq: read.header.seq };
      } catch (e) {
        await engine.close();
        reason = `damaged (${(e as Error).message})`;
      }
    }
    this.options.log?.warn({ file, reason }, 'index snapshot not used: rebuilding the index from the store');
    return null;
  }

  /**
   * Why a snapshot at `seq` cannot be of this store (null when it can): the store's feed is
   * shorter, or its entry at `seq` is not the one the snapshot recorded (another or a restored
   * database).
   */
  private async notOfThisStore(seq: number, anchor: SnapshotAnchor | null): Promise<string | null> {
    if (seq === 0) return null;
    const [entry] = await this.store.changesSince(seq - 1, 1);
    if (!entry || entry.seq !== seq) return `written at change ${seq}, which this store does not have (another or a restored database)`;
    if (!anchor || entry.kind !== anchor.kind || entry.id !== anchor.id) return `change ${seq} of this store is not the one the snapshot reflects (another database)`;
    return null;
  }

  private report(progress: IndexProgress): void {
    const last = this.progressNow;
    this.progressNow = progress;
    const now = performance.now();
    if (progress.phase !== last.phase || now - this.lastProgressLog >= PROGRESS_LOG_MS) {
      this.lastProgressLog = now;
      if (progress.phase !== 'ready') this.options.log?.info({ ...progress }, 'search index starting');
    }
  }

  /** The periodic snapshot and the poll of the change feed. */
  private schedule(): void {
    if (this.closed) return;
    const snapshot = this.options.snapshot;
    if (snapshot) {
      if (this.snapshotSeq < 0) void this.writeSnapshot().catch((e: unknown) => this.options.log?.warn({ err: e }, 'index snapshot failed'));
      if (snapshot.everySeconds > 0) this.every(snapshot.everySeconds * 1000, () => {
        if (this.appliedSeq !== this.snapshotSeq) void this.writeSnapshot().catch((e: unknown) => this.options.log?.warn({ err: e }, 'index snapshot failed'));
      });
    }
    const pollMs = this.options.pollMs ?? 0;
    if (pollMs > 0) this.every(pollMs, () => void this.follow().then(() => this.followPolicy()));
  }

  private every(ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private follow(): Promise<void> {
    if (!this.current) return Promise.resolve();
    return this.catchUp().then(() => {
      this.lastFollowError = null;
    }, (e: unknown) => {
      this.lastFollowError = e instanceof Error ? e : new Error(String(e));
    });
  }

  /** Another replica stored a new search policy: this one rebuilds under it too. */
  private async followPolicy(): Promise<void> {
    const stored = await this.store.searchPolicies.current().catch(() => null);
    if (!stored || stored.version <= Math.max(this.currentPolicy.version, this.policyAsked) || this.closed) return;
    this.options.log?.info({ policyVersion: stored.version }, 'a new search policy was stored: rebuilding the index');
    await this.applyPolicy(this.store, stored).catch((e: unknown) => {
      this.lastFollowError = e instanceof Error ? e : new Error(String(e));
    });
  }

  private async snapshotNow(): Promise<number> {
    const file = this.options.snapshot?.file;
    if (!file || !this.current) return 0;
    const started = performance.now();
    const seq = this.appliedSeq;
    const model = await engineModel(this.store, this.currentPolicy, this.options);
    const [last] = seq > 0 ? await this.store.changesSince(seq - 1, 1) : [];
    const anchor = last ? { kind: last.kind, id: last.id } : null;
    const bytes = await writeIndexSnapshot(file, this.current, { ...model.snapshot, seq, anchor });
    if (this.currentRates) await writeRates(ratesFile(file), seq, this.currentPolicy.version, this.currentRates);
    this.snapshotSeq = seq;
    this.options.log?.info({ file, bytes, seq, ms: Math.round(performance.now() - started) }, 'index snapshot written');
    return bytes;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    // A failed step leaves appliedSeq where it stopped; the next commit's catch-up retries from there.
    this.queue = run.then(() => undefined, () => undefined);
    return run;
  }

  /**
   * Applies the feed after `appliedSeq` page by page. Within a page only the last entry of a
   * record counts (every entry re-reads the record as stored now), and the families are upserted
   * as one batch, so a replay after a snapshot or a bulk import costs one engine write per page.
   */
  private async applyChanges(
    engine: MatchingEngine | null = this.current, rates: FalseHitRates | null = this.currentRates, onPage?: (applied: number) => void,
  ): Promise<void> {
    if (!engine || !rates) return;
    let applied = 0;
    for (;;) {
      const changes = await this.store.changesSince(this.appliedSeq, CHANGES_PAGE);
      if (changes.length === 0) break;
      await applyPage(this.store, engine, rates, changes);
      this.appliedSeq = changes[changes.length - 1]!.seq;
      applied += changes.length;
      onPage?.(applied);
      if (changes.length < CHANGES_PAGE) break;
    }
    const every = this.options.snapshot?.everyChanges ?? 0;
    if (every > 0 && this.current && this.appliedSeq - Math.max(0, this.snapshotSeq) >= every) await this.snapshotNow();
  }
}
