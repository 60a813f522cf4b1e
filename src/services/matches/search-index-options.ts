/** The search index of the service: its options (search-index.ts has the behaviour). */
import type { LocusMutationRate } from '../../matching';
import type { Logger } from '../../lib';

export interface SearchIndexOptions {
  /** Worker threads of the search pool (0: in this thread). */
  readonly workers: number;
  /** Per-locus mutation rates for the policy's `perLocus` model (data-samples/mutation-rates.json). */
  readonly mutationRates: Readonly<Record<string, LocusMutationRate>>;
  /** The index snapshot (none: every start rebuilds the index from the store). */
  readonly snapshot?: SnapshotOptions;
  /**
   * How often to read the change feed for writes committed by other processes over the same store
   * (replicas); 0 or absent: only this process's own commits are followed.
   */
  readonly pollMs?: number;
  /** Where start-up progress and snapshot events are logged (counts and reasons, never genetic data). */
  readonly log?: IndexLog;
}

export interface SnapshotOptions {
  readonly file: string;
  /** A new snapshot once this many changes were applied since the last ... */
  readonly everyChanges: number;
  /** ... or this long after the last one when some change was applied since (seconds; 0: not by time). */
  readonly everySeconds: number;
}

export type IndexLog = Pick<Logger, 'info' | 'warn'>;

/** Where the start of the index is: reading the snapshot, rebuilding from the store, replaying changes, or done. */
export interface IndexProgress {
  readonly phase: 'snapshot' | 'rebuild' | 'replay' | 'ready';
  /** Bytes (snapshot), records (rebuild) or change entries (replay) done so far, of `total`. */
  readonly loaded: number;
  readonly total: number;
}
