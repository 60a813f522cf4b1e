/**
 * Where search tasks run: a piscina pool of WORKERS threads (fixed size, long idle timeout, the
 * index shared once per snapshot over a BroadcastChannel), or inline in the calling thread
 * (`workers: 0`, for tools and tests that need no parallelism). Closed explicitly on shutdown.
 */
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import Piscina from 'piscina';
import { FalseHitRateRunner, type FalseHitRateTask } from './false-hit-rate-task';
import { runKinshipTask, type KinshipTask } from './kinship-task';
import { SearchState } from './search-executor';
import type { SearchTask, Snapshot } from './search-task';

/** What runs on the pool: searches of the index, and index-free kinship and calibration work. */
export type PoolTask = SearchTask | KinshipTask | FalseHitRateTask;

export interface TaskRunner {
  /** Number of shards a search is split into (worker threads, or 1 inline). */
  readonly shards: number;
  readonly workers: number;
  publish(snapshot: Snapshot): void;
  run<R>(task: PoolTask): Promise<R>;
  /** Resolves when every worker thread is up and holds the current snapshot. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** A day: workers are started once and never retired while the service runs. */
const IDLE_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export class PoolRunner implements TaskRunner {
  readonly shards: number;
  private readonly pool: Piscina;
  private readonly channel: BroadcastChannel;
  private current: Snapshot | undefined;
  private closed = false;

  constructor(readonly workers: number) {
    const name = `reunion-search-${randomUUID()}`;
    this.shards = workers;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: unknown) => {
      const message = (event as { data: { type: string } }).data;
      if (message.type === 'need-snapshot' && this.current) this.channel.postMessage({ type: 'snapshot', snapshot: this.current });
    };
    this.channel.unref();
    const ts = __filename.endsWith('.ts');
    this.pool = new Piscina({
      filename: path.join(__dirname, `search-worker.${ts ? 'ts' : 'js'}`),
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: IDLE_TIMEOUT_MS,
      atomics: 'async',
      workerData: { channel: name },
      ...(ts ? { execArgv: ['--import', 'tsx'] } : {}),
    });
  }

  publish(snapshot: Snapshot): void {
    this.current = snapshot;
    this.channel.postMessage({ type: 'snapshot', snapshot });
  }

  run<R>(task: PoolTask): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the search pool is closed'));
    return this.pool.run(task) as Promise<R>;
  }

  async ready(): Promise<void> {
    const version = this.current?.version ?? -1;
    const probe = { kind: 'bounds', version, template: EMPTY_TEMPLATE, codes: new Uint16Array(0) } as const;
    await Promise.all(Array.from({ length: this.workers }, () => this.pool.run(probe)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channel.close();
    await this.pool.close();
  }
}

export class InlineRunner implements TaskRunner {
  readonly shards = 1;
  readonly workers = 0;
  private readonly state = new SearchState();
  private readonly rates = new FalseHitRateRunner();

  publish(snapshot: Snapshot): void {
    this.state.apply(snapshot);
  }

  async run<R>(task: PoolTask): Promise<R> {
    if (task.kind === 'kinship') return runKinshipTask(task) as R;
    if (task.kind === 'falseHitRates') return this.rates.run(task) as R;
    return this.state.run(task) as R;
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}

const EMPTY_TEMPLATE = {
  id: -2, key: 'probe', individuals: [{ id: 'M0', father: null, mother: null, sex: 'male' as const }], missing: 0, slots: [],
  kind: 'bound' as const, screen: null, classes: 1, label: 'probe',
};
