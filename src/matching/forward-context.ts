/**
 * What every scan of a forward search (one found person against the family segments) shares: the
 * POI's alleles by panel locus, the task's counters and hits, tables built once per task, and the
 * exact scoring of a row that passed a scan's screen or bound.
 */
import type { TemplateState } from './exact-scorer';
import type { ChunkView } from './index-chunks';
import type { ForwardTask, Hit, ScanStats } from './search-task';

/** One family segment of the index: its template and its chunks of rows. */
export interface SegmentState {
  readonly template: TemplateState;
  readonly chunks: ChunkView[];
}

export interface ForwardContext {
  readonly task: ForwardTask;
  /** Panel loci. */
  readonly loci: number;
  /** The POI's smaller and larger allele index per panel locus (-1 untyped). */
  readonly c: Int32Array;
  readonly d: Int32Array;
  readonly stats: ScanStats;
  readonly hits: Hit[];
  /** Scores row r of the chunk exactly and keeps it when it meets the policy. */
  readonly keep: (segment: SegmentState, chunk: ChunkView, r: number) => void;
  masks: (Uint8Array | undefined)[] | null;
  maskTable?: { flat: Uint8Array; offsets: Int32Array };
  readonly classTables: Map<number, Uint8Array>;
}

/** Rows of a segment (live or not) up to the end of its last chunk. */
export function segmentRows(chunks: readonly ChunkView[]): number {
  const last = chunks[chunks.length - 1];
  return last ? last.start + last.count() : 0;
}

/** Visits the live rows of [from, to) (segment row numbers). */
export function forEachLive(chunks: readonly ChunkView[], from: number, to: number, visit: (chunk: ChunkView, r: number) => void): void {
  for (const chunk of chunks) {
    const [lo, hi] = chunk.rowsWithin(from, to);
    for (let r = lo; r < hi; r++) if (chunk.isAlive(r)) visit(chunk, r);
  }
}
