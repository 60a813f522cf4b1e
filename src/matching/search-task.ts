/**
 * What the engine sends a search worker and what it gets back (search-worker.ts, search-pool.ts):
 * the index snapshot, the three tasks (forward, reverse, bounds), the hits and the scan counters,
 * and the helpers every task shares (shards, the best hits, the log-threshold slack).
 */
import type { Individual } from '../kinship';
import type { ExactScore } from './exact-scorer';
import type { TemplateSpec } from './family-template';
import type { ChunkDescriptor, SegmentDescriptor } from './index-chunks';
import type { PanelSpec } from './locus-panel';

/** Policy values a search task needs. */
export interface TaskPolicy {
  readonly thresholdLr: number;
  readonly maxInconsistentLoci: number;
  readonly minLociCompared: number;
  readonly theta: number;
  /** Most candidates a task returns (best first). */
  readonly limit: number;
}

export interface Snapshot {
  readonly version: number;
  readonly panel: PanelSpec;
  readonly segments: readonly SegmentDescriptor[];
  readonly found: readonly ChunkDescriptor[];
}

export interface ForwardTask {
  readonly kind: 'forward';
  readonly version: number;
  /** The POI's genotype codes by panel locus (0 untyped). */
  readonly poi: Uint16Array;
  readonly policy: TaskPolicy;
  readonly shard: number;
  readonly shards: number;
}

export interface ReverseTask {
  readonly kind: 'reverse';
  readonly version: number;
  readonly family: { readonly individuals: readonly Individual[]; readonly missing: number; readonly slots: readonly number[] };
  /** Slot-major codes of the family's typed members (slot s, locus l at s * loci + l). */
  readonly codes: Uint16Array;
  readonly policy: TaskPolicy;
  readonly shard: number;
  readonly shards: number;
}

export interface BoundsTask {
  readonly kind: 'bounds';
  readonly version: number;
  readonly template: TemplateSpec;
  /** Slot-major codes of several families, one after the other. */
  readonly codes: Uint16Array;
  /** Loci to compute (all when absent). */
  readonly loci?: readonly number[];
}

export type SearchTask = ForwardTask | ReverseTask | BoundsTask;

/** One scored comparison that passed the policy. */
export interface Hit extends ExactScore {
  /** Template id (forward) or -1 (reverse). */
  readonly segment: number;
  readonly row: number;
  /** IdTable number of the family or found person. */
  readonly number: number;
}

export interface ScanStats {
  /** Live rows visited. */
  rows: number;
  /** Rows past the Mendelian screen. */
  screenSurvivors: number;
  /** Rows whose class bound reached the threshold. */
  boundSurvivors: number;
  /** Rows scored with the exact scorer. */
  exactScored: number;
  /** Rows that could not be scored (e.g. a pedigree loop or the θ founder limit). */
  unscorable: number;
  /** Milliseconds per segment kind in this task (scan, tables and exact scoring of survivors). */
  ms: Record<string, number>;
}

export interface SearchOutcome {
  readonly hits: Hit[];
  readonly stats: ScanStats;
}

/** Counters of a task that has visited nothing yet. */
export function emptyScanStats(): ScanStats {
  return { rows: 0, screenSurvivors: 0, boundSurvivors: 0, exactScored: 0, unscorable: 0, ms: {} };
}

/** Slack of a comparison of summed logs with a log threshold (floating-point rounding of the sum). */
export const EPSILON_LOG = 1e-9;

/** Rows [from, to) of shard k of `shards`, split on 32-row word boundaries. */
export function shardRange(total: number, shard: number, shards: number): [number, number] {
  const words = Math.ceil(total / 32);
  const from = Math.floor((words * shard) / shards) * 32;
  const to = Math.min(total, Math.floor((words * (shard + 1)) / shards) * 32);
  return [from, to];
}

/** The best `limit` hits, highest LR first (ties: lower number first). */
export function bestHits(hits: Hit[], limit: number): Hit[] {
  hits.sort((a, b) => b.log10LR - a.log10LR || a.number - b.number);
  return hits.length > limit ? hits.slice(0, limit) : hits;
}
