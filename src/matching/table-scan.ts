/**
 * The scan of `table` segments (single-relative families, family-template.ts): Σ over the POI's
 * typed loci of the tabled log2 LR of the relative's genotype (relative-lr-tables.ts), an upper
 * bound of the exact log2 LR; the rows that reach the threshold are scored exactly.
 */
import { forEachLive, type ForwardContext, type SegmentState } from './forward-context';
import { LOG_UNITS, type RelativeLrTables } from './relative-lr-tables';

/** Scans rows [from, to) of a table segment: Σ of tabled log2 LRs, survivors scored exactly. */
export function scanTable(tables: RelativeLrTables, segment: SegmentState, from: number, to: number, ctx: ForwardContext): void {
  const L = ctx.loci;
  const t = segment.template;
  // Per visited locus, the exact locus LR by genotype code (0: the relative untyped) as an
  // upward-rounded fixed-point log2 (Int16, 1/1024 bit): small enough to stay in L1 cache, and
  // an upper bound, so a family whose sum misses the threshold cannot reach it; the others are
  // scored exactly. Tables are kept in a per-worker cache: later queries sharing a locus genotype reuse them.
  const logTables: Int16Array[] = [];
  const loci: number[] = [];
  let clipped = false;
  for (let l = 0; l < L; l++) {
    if (ctx.c[l]! < 0) continue;
    loci.push(l);
    const table = tables.logTable(t, l, ctx.c[l]!, ctx.d[l]!, ctx.task.policy.theta);
    if (table === null) clipped = true;
    else logTables.push(table);
  }
  const need = Math.floor(LOG_UNITS * Math.log2(ctx.task.policy.thresholdLr)) - 1;
  if (clipped || need > 30000) {
    // A locus LR beyond the fixed-point range (a policy with extreme minimum frequencies or
    // threshold): the exact products in double precision instead.
    scanTableProducts(tables, segment, from, to, ctx, loci);
    return;
  }
  // One flat table over every panel locus, a locus the POI lacks tabled as 0 (LR 1): the row's
  // codes are then read in order with no locus list between, and the sum is kept in four
  // independent parts so the additions of a row do not wait on one another (about twice the
  // rows a millisecond of one chain through per-locus arrays).
  const offsets = new Int32Array(L);
  let size = 0;
  for (let l = 0, k = 0; l < L; l++) {
    offsets[l] = size;
    size += ctx.c[l]! < 0 ? tables.codeCount(l) : logTables[k++]!.length;
  }
  const flat = new Int16Array(size);
  for (let l = 0, k = 0; l < L; l++) if (ctx.c[l]! >= 0) flat.set(logTables[k++]!, offsets[l]!);
  for (const chunk of segment.chunks) {
    const [lo, hi] = chunk.rowsWithin(from, to);
    const codes = chunk.codes!;
    const alive = chunk.alive!;
    for (let r = lo; r < hi; r++) {
      if (alive[r] !== 1) continue;
      const base = r * L;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let l = 0;
      for (; l + 3 < L; l += 4) {
        s0 += flat[offsets[l]! + codes[base + l]!]!;
        s1 += flat[offsets[l + 1]! + codes[base + l + 1]!]!;
        s2 += flat[offsets[l + 2]! + codes[base + l + 2]!]!;
        s3 += flat[offsets[l + 3]! + codes[base + l + 3]!]!;
      }
      for (; l < L; l++) s0 += flat[offsets[l]! + codes[base + l]!]!;
      if (s0 + s1 + s2 + s3 >= need) ctx.keep(segment, chunk, r);
    }
    ctx.stats.rows += hi - lo;
  }
}

/** The exact products of locus LRs (double precision), for the cases the fixed-point tables cannot hold. */
function scanTableProducts(tables: RelativeLrTables, segment: SegmentState, from: number, to: number, ctx: ForwardContext, loci: readonly number[]): void {
  const L = ctx.loci;
  const lrTables = loci.map((l) => tables.lrTable(segment.template, l, ctx.c[l]!, ctx.d[l]!, ctx.task.policy.theta));
  const lociArr = Int32Array.from(loci);
  const need = ctx.task.policy.thresholdLr * (1 - 1e-9);
  forEachLive(segment.chunks, from, to, (chunk, r) => {
    ctx.stats.rows++;
    const codes = chunk.codes!;
    let product = 1;
    for (let i = 0; i < lociArr.length; i++) product *= lrTables[i]![codes[r * L + lociArr[i]!]!]!;
    if (product >= need) ctx.keep(segment, chunk, r);
  });
}
