/**
 * Class bounds (family-bounds.ts) computed on the worker pool in batches: for families about to be
 * appended to a `bound` segment, and for a whole segment again at the loci whose model changed
 * when the panel learnt an allele.
 */
import type { TemplateSpec } from './family-template';
import type { Segment } from './index-chunks';
import type { TaskRunner } from './search-pool';

/** Families per bounds task: enough work to amortise a task, small enough to spread over the workers. */
const BOUND_BATCH = 64;

/** A family about to be appended: its codes, and its bounds once computed. */
export interface PendingFamily {
  readonly template: TemplateSpec;
  readonly codes: Uint16Array;
  bounds: Uint8Array | null;
}

/** Bound tables of families about to be appended, in batches spread over the workers. */
export async function computeBounds(runner: TaskRunner, version: number, items: readonly PendingFamily[]): Promise<void> {
  const byTemplate = new Map<number, PendingFamily[]>();
  for (const item of items) byTemplate.set(item.template.id, [...(byTemplate.get(item.template.id) ?? []), item]);
  const jobs: Array<Promise<void>> = [];
  for (const group of byTemplate.values()) {
    for (let i = 0; i < group.length; i += BOUND_BATCH) {
      const batch = group.slice(i, i + BOUND_BATCH);
      const size = batch[0]!.codes.length;
      const codes = new Uint16Array(batch.length * size);
      batch.forEach((item, k) => codes.set(item.codes, k * size));
      jobs.push(
        runner.run<Uint8Array[]>({ kind: 'bounds', version, template: batch[0]!.template, codes }).then((levels) => {
          batch.forEach((item, k) => (item.bounds = levels[k]!));
        }),
      );
    }
  }
  await Promise.all(jobs);
}

/**
 * Recomputes the bounds of every row of a `bound` segment at the given loci (L panel loci), a
 * batch per worker at a time (the search that taught the allele waits for it).
 */
export async function recomputeBounds(runner: TaskRunner, version: number, segment: Segment, loci: readonly number[], L: number): Promise<void> {
  const t = segment.template!;
  const S = t.slots.length;
  let next = 0;
  const feed = async (): Promise<void> => {
    const one = new Uint16Array(S * L);
    while (next < segment.length) {
      const first = next;
      next = Math.min(segment.length, next + BOUND_BATCH);
      const codes = new Uint16Array((next - first) * S * L);
      for (let row = first; row < next; row++) {
        const chunk = segment.chunkOf(row);
        chunk.readCodes(row - chunk.start, one);
        codes.set(one, (row - first) * S * L);
      }
      const levels = await runner.run<Uint8Array[]>({ kind: 'bounds', version, template: t, codes, loci });
      levels.forEach((rowLevels, k) => {
        for (const l of loci) segment.writeBounds(first + k, l, rowLevels.subarray(l * t.classes, (l + 1) * t.classes));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, runner.shards) }, feed));
}
