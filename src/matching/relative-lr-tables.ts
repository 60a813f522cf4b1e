/**
 * Per-query LR tables of single-relative families (the `table` segments, family-template.ts): for
 * one template, locus and POI genotype, the exact locus LR of every genotype the typed relative
 * could have at the policy θ, indexed by genotype code (0: the relative untyped). Kept in a
 * per-worker cache (evicted oldest first, emptied when θ changes), so later queries sharing a locus
 * genotype reuse them.
 */
import type { ExactScorer, TemplateState } from './exact-scorer';

/** Per-worker cache of per-query LR tables. */
const TABLE_CACHE_BYTES = 48 * 1024 * 1024;
/** Table keys are (template · 128 + locus) · 2^20 + c · 1024 + d. */
const TABLE_KEY_LOCUS = 1024 * 1024;
/** Fixed-point units of a log2 LR in the per-query log tables. */
export const LOG_UNITS = 1024;

export class RelativeLrTables {
  private readonly logTableCache = new Map<number, Int16Array>();
  private readonly tableCache = new Map<number, Float64Array>();
  private tableCacheBytes = 0;
  private theta = 0;

  constructor(private readonly exact: ExactScorer) {}

  /** Genotype codes at locus l, untyped (0) included: the length of its tables. */
  codeCount(l: number): number {
    return this.exact.models[l]!.genotypeCount + 1;
  }

  /** Drops the tables of the given loci (their models changed in a new panel generation). */
  dropLoci(loci: ReadonlySet<number>): void {
    for (const cache of [this.tableCache, this.logTableCache]) {
      for (const [key, table] of cache) {
        if (!loci.has(Math.floor(key / TABLE_KEY_LOCUS) % 128)) continue;
        cache.delete(key);
        this.tableCacheBytes -= table.byteLength;
      }
    }
  }

  /** Drops every table (another θ). */
  clear(): void {
    this.tableCache.clear();
    this.logTableCache.clear();
    this.tableCacheBytes = 0;
  }

  /**
   * {@link lrTable} as ceil(1024 · log2 LR) + 1 (an upper bound); LR = 0 gives the Int16
   * floor. Null when some LR is beyond the range (≥ 2^31 or not a number): the caller then uses products.
   */
  logTable(t: TemplateState, l: number, c: number, d: number, theta: number): Int16Array | null {
    this.useTheta(theta);
    const key = (t.spec.id * 128 + l) * TABLE_KEY_LOCUS + c * 1024 + d;
    const hit = this.logTableCache.get(key);
    if (hit) return hit;
    const lr = this.lrTable(t, l, c, d, theta);
    const out = new Int16Array(lr.length);
    for (let i = 0; i < lr.length; i++) {
      const v = lr[i]!;
      if (v === 0) {
        out[i] = -32768;
        continue;
      }
      const units = Math.ceil(LOG_UNITS * Math.log2(v)) + 1;
      if (!(units <= 32767)) return null;
      out[i] = Math.max(-32767, units);
    }
    this.logTableCache.set(key, out);
    this.tableCacheBytes += out.byteLength;
    return out;
  }

  /** The LR table of a single-relative template at one locus for POI {c, d} (cached). */
  lrTable(t: TemplateState, l: number, c: number, d: number, theta: number): Float64Array {
    this.useTheta(theta);
    const key = (t.spec.id * 128 + l) * TABLE_KEY_LOCUS + c * 1024 + d;
    const hit = this.tableCache.get(key);
    if (hit) return hit;
    const n = this.exact.models[l]!.n;
    const member = t.spec.slots[0]!;
    const geno = new Int32Array(2 * t.ped.size).fill(-1);
    const table = new Float64Array(1 + (n * (n + 1)) / 2);
    table[0] = this.exact.scorer(t, l, 0, theta).lr(geno, c, d);
    const typed = this.exact.scorer(t, l, 1, theta);
    if (!typed.relativeTable(c, d, table, 1)) {
      for (let b = 0; b < n; b++) {
        for (let a = 0; a <= b; a++) {
          geno[2 * member] = a;
          geno[2 * member + 1] = b;
          table[1 + (b * (b + 1)) / 2 + a] = typed.lr(geno, c, d);
        }
      }
    }
    this.tableCache.set(key, table);
    this.tableCacheBytes += table.byteLength;
    while (this.tableCacheBytes > TABLE_CACHE_BYTES && this.tableCache.size > 0) {
      const oldest = this.tableCache.keys().next().value!;
      this.tableCacheBytes -= this.tableCache.get(oldest)!.byteLength;
      this.tableCache.delete(oldest);
      const oldLog = this.logTableCache.get(oldest);
      if (oldLog) {
        this.tableCacheBytes -= oldLog.byteLength;
        this.logTableCache.delete(oldest);
      }
    }
    return table;
  }

  private useTheta(theta: number): void {
    if (theta === this.theta) return;
    this.clear();
    this.theta = theta;
  }
}
