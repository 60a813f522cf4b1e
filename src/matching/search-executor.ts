/**
 * The search itself, as run by every worker of the pool (or inline): the state built from an
 * index snapshot, and the three tasks — forward search (a found person against a shard of the
 * families), reverse search (a family against a shard of the found persons) and bound tables for
 * families to be indexed. Pure computation over shared memory; no I/O.
 *
 * Forward search by segment kind (family-template.ts):
 * - screened: a bit-parallel Mendelian screen over allele bitsets, 32 families per word, loci in
 *   panel order (most diverse first), a per-word early exit once all 32 are past the allowed
 *   number of inconsistent loci; survivors are scored exactly.
 * - table: Σ log10 LR from per-query tables indexed by genotype code (exact values).
 * - bound: Σ of stored per-locus class bounds (bound-classes.ts); survivors are scored exactly.
 * - exact: every family scored exactly.
 * "Scored exactly" is kinship createMissingPersonLocusScorer at every panel locus (closed forms or
 * the peeling engine), combined over loci by combineLocusLrs, then the policy verdict
 * (domain meetsSearchPolicy).
 */
import {
  combineLocusLrs, compilePedigree, createMissingPersonLocusScorer, KinshipError, type CompiledLocusModel,
  type CompiledPedigree, type FastLocusLr, type Individual, type MissingPersonLocusScorer,
} from '../kinship';
import { meetsSearchPolicy } from '../domain';
import * as boundClasses from './bound-classes';
import type { TemplateSpec } from './family-template';
import { ChunkView, type ChunkDescriptor, type SegmentDescriptor } from './index-chunks';
import { compilePanelModels, decodeTables, type PanelSpec } from './locus-panel';

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
export interface Hit {
  /** Template id (forward) or -1 (reverse). */
  readonly segment: number;
  readonly row: number;
  /** IdTable number of the family or found person. */
  readonly number: number;
  readonly LR: number;
  readonly log10LR: number;
  readonly loci: readonly FastLocusLr[];
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
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

interface TemplateState {
  readonly spec: TemplateSpec;
  readonly ped: CompiledPedigree;
  readonly scorers: Map<number, MissingPersonLocusScorer>;
  /** θ = 0 scorers by (locus, typed-slot mask), for the hot path (templates of up to 8 slots). */
  dense: (MissingPersonLocusScorer | undefined)[];
}

interface SegmentState {
  readonly template: TemplateState;
  readonly chunks: ChunkView[];
}

// Bound once: bundlers may compile `import { x }` to a getter read on every use, too slow in the scans.
const { alleleState, classOfStates, INCONSISTENT, LEVEL_LOG2, levelAtLeast } = boundClasses;

const EPSILON_LOG = 1e-9;
/** Per-worker cache of per-query LR tables (evicted oldest first). */
const TABLE_CACHE_BYTES = 48 * 1024 * 1024;
/** Fixed-point units of a log2 LR in the per-query tables of single-relative families. */
const LOG_UNITS = 1024;
/** Relative safety margin of a stored bound over the tabled LR (floating-point rounding). */
const BOUND_MARGIN = 1e-9;
const UNBOUNDED = 127;

export class SearchState {
  version = -1;
  private panel: PanelSpec | undefined;
  private models: CompiledLocusModel[] = [];
  private decode = decodeTables(1);
  private readonly templates = new Map<number, TemplateState>();
  private segments: SegmentState[] = [];
  private found: ChunkView[] = [];
  private readonly adHoc = new Map<string, TemplateState>();

  /** Replaces the state by a snapshot (compiled models and scorers are kept while the panel generation is unchanged). */
  apply(snapshot: Snapshot): void {
    if (snapshot.version <= this.version) return;
    if (this.panel?.generation !== snapshot.panel.generation) {
      this.panel = snapshot.panel;
      this.models = compilePanelModels(snapshot.panel);
      const most = Math.max(1, ...this.models.map((m) => m.n));
      this.decode = decodeTables(most);
      for (const t of this.templates.values()) {
        t.scorers.clear();
        t.dense = [];
      }
      this.adHoc.clear();
      this.tableCache.clear();
      this.logTableCache.clear();
      this.tableCacheBytes = 0;
    }
    const L = this.models.length;
    this.segments = snapshot.segments.map((s) => {
      const template = this.templateState(s.template);
      return { template, chunks: s.chunks.map((c) => new ChunkView(c, s.template.slots.length, L, s.template.classes)) };
    });
    this.found = snapshot.found.map((c) => new ChunkView(c, 1, L, 0));
    this.version = snapshot.version;
  }

  run(task: SearchTask): SearchOutcome | Uint8Array[] {
    switch (task.kind) {
      case 'forward':
        return this.forward(task);
      case 'reverse':
        return this.reverse(task);
      case 'bounds':
        return this.bounds(task);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Forward: one found person against a shard of every family segment

  forward(task: ForwardTask): SearchOutcome {
    const begun = performance.now();
    const L = this.models.length;
    const c = new Int32Array(L).fill(-1);
    const d = new Int32Array(L).fill(-1);
    for (let l = 0; l < L; l++) {
      const code = task.poi[l]!;
      if (code === 0) continue;
      c[l] = this.decode.first[code]!;
      d[l] = this.decode.second[code]!;
    }
    const stats: ScanStats = { rows: 0, screenSurvivors: 0, boundSurvivors: 0, exactScored: 0, unscorable: 0, ms: {} };
    const hits: Hit[] = [];
    const ctx: ForwardContext = { task, c, d, stats, hits, masks: null, classTables: new Map() };
    for (const segment of this.segments) {
      const total = segmentRows(segment.chunks);
      const [from, to] = shardRange(total, task.shard, task.shards);
      if (from >= to) continue;
      const started = performance.now();
      const kind = segment.template.spec.kind;
      switch (kind) {
        case 'screened':
          this.scanScreened(segment, from, to, ctx);
          break;
        case 'table':
          this.scanTable(segment, from, to, ctx);
          break;
        case 'bound':
          this.scanBound(segment, from, to, ctx);
          break;
        case 'exact':
          this.forEachLive(segment.chunks, from, to, (chunk, r) => {
            stats.rows++;
            this.scoreAndKeep(segment, chunk, r, ctx);
          });
          break;
      }
      const tag = `${kind}:${segment.template.spec.label}`;
      stats.ms[tag] = (stats.ms[tag] ?? 0) + performance.now() - started;
    }
    stats.ms.total = performance.now() - begun;
    return { hits: best(hits, task.policy.limit), stats };
  }

  private scanScreened(segment: SegmentState, from: number, to: number, ctx: ForwardContext): void {
    const spec = segment.template.spec;
    const screen = spec.screen!;
    const maxInc = ctx.task.policy.maxInconsistentLoci;
    const L = this.models.length;
    const loci: number[] = [];
    for (let l = 0; l < L; l++) if (ctx.c[l]! >= 0) loci.push(l);
    const nl = loci.length;
    const pat = screen.paternal;
    const mat = screen.maternal;
    const kids = screen.children;
    const usable = maxInc <= 6;
    for (const chunk of segment.chunks) {
      const count = chunk.count();
      const lo = Math.max(from, chunk.start) - chunk.start;
      const hi = Math.min(to, chunk.start + count) - chunk.start;
      if (lo >= hi) continue;
      const bits = chunk.bits!;
      const alive = chunk.aliveBits!;
      // Word offsets of the POI's two alleles per screen slot and locus (loci in visiting order).
      const offs = (slots: readonly number[]): Int32Array => {
        const out = new Int32Array(slots.length * nl * 2);
        slots.forEach((s, k) => {
          for (let i = 0; i < nl; i++) {
            const l = loci[i]!;
            out[(k * nl + i) * 2] = chunk.bitset(s, l, ctx.c[l]!);
            out[(k * nl + i) * 2 + 1] = chunk.bitset(s, l, ctx.d[l]!);
          }
        });
        return out;
      };
      const po = offs(pat);
      const mo = offs(mat);
      const ko = offs(kids);
      const np = pat.length;
      const nm = mat.length;
      const nk = kids.length;
      // Specialised word loops for the common screens (offsets interleaved per locus).
      const shape = np === 1 && nm === 1 && nk === 0 ? TRIO : np + nm + nk === 1 ? SINGLE : (np === 2 && nm + nk === 0) || (nm === 2 && np + nk === 0) ? UNION : GENERIC;
      const flat = shape === TRIO ? interleave([po, mo], nl) : shape === SINGLE ? interleave([po, mo, ko].filter((a) => a.length > 0), nl) : shape === UNION ? (np === 2 ? po : mo) : po;
      for (let w = lo >>> 5; w <= (hi - 1) >>> 5; w++) {
        let live = alive[w]!;
        const first = w << 5;
        if (first < lo) live &= ~0 << (lo - first);
        if (first + 32 > hi) live &= (hi - first) >= 32 ? ~0 : (1 << (hi - first)) - 1;
        if (live === 0) continue;
        ctx.stats.rows += popcount(live);
        let dead = ~live;
        if (!usable) {
          // More than 6 allowed inconsistencies: no screen (every family is scored exactly).
        } else if (shape === TRIO) {
          dead = screenTrio(bits, flat, w, nl, maxInc, dead);
        } else if (shape === SINGLE) {
          dead = screenSingle(bits, flat, w, nl, maxInc, dead);
        } else if (shape === UNION) {
          dead = screenUnion(bits, flat, w, nl, maxInc, dead);
        } else {
          let b0 = 0;
          let b1 = 0;
          let b2 = 0;
          for (let i = 0; i < nl && dead !== -1; i++) {
            let ok = -1;
            if (np > 0 || nm > 0) {
              let pc = np > 0 ? 0 : -1;
              let pd = np > 0 ? 0 : -1;
              for (let k = 0; k < np; k++) {
                pc |= bits[po[(k * nl + i) * 2]! + w]!;
                pd |= bits[po[(k * nl + i) * 2 + 1]! + w]!;
              }
              let mc = nm > 0 ? 0 : -1;
              let md = nm > 0 ? 0 : -1;
              for (let k = 0; k < nm; k++) {
                mc |= bits[mo[(k * nl + i) * 2]! + w]!;
                md |= bits[mo[(k * nl + i) * 2 + 1]! + w]!;
              }
              ok = np > 0 && nm > 0 ? (pc & md) | (pd & mc) : np > 0 ? pc | pd : mc | md;
            }
            for (let k = 0; k < nk; k++) ok &= bits[ko[(k * nl + i) * 2]! + w]! | bits[ko[(k * nl + i) * 2 + 1]! + w]!;
            const inc = ~ok & ~dead;
            const carry0 = b0 & inc;
            b0 ^= inc;
            const carry1 = b1 & carry0;
            b1 ^= carry0;
            b2 |= carry1;
            dead |= exceeds(b0, b1, b2, maxInc);
          }
        }
        let survivors = ~dead;
        while (survivors !== 0) {
          const bit = survivors & -survivors;
          survivors ^= bit;
          const r = first + 31 - Math.clz32(bit);
          ctx.stats.screenSurvivors++;
          this.scoreAndKeep(segment, chunk, r, ctx);
        }
      }
    }
  }

  private scanTable(segment: SegmentState, from: number, to: number, ctx: ForwardContext): void {
    const L = this.models.length;
    const t = segment.template;
    // Per visited locus, the exact locus LR by genotype code (0: the relative untyped) as an
    // upward-rounded fixed-point log2 (Int16, 1/1024 bit): small enough to stay in L1 cache, and
    // an upper bound, so a family whose sum misses the threshold cannot reach it; the others are
    // scored exactly. Tables are kept in a per-worker cache: later queries sharing a locus genotype reuse them.
    const tables: Int16Array[] = [];
    const loci: number[] = [];
    let clipped = false;
    for (let l = 0; l < L; l++) {
      if (ctx.c[l]! < 0) continue;
      loci.push(l);
      const table = this.relativeLogTable(t, l, ctx.c[l]!, ctx.d[l]!);
      if (table === null) clipped = true;
      else tables.push(table);
    }
    const nl = loci.length;
    const lociArr = Int32Array.from(loci);
    const need = Math.floor(LOG_UNITS * Math.log2(ctx.task.policy.thresholdLr)) - 1;
    if (clipped || need > 30000) {
      // A locus LR beyond the fixed-point range (a policy with extreme minimum frequencies or
      // threshold): the exact products in double precision instead.
      this.scanTableProducts(segment, from, to, ctx, loci);
      return;
    }
    for (const chunk of segment.chunks) {
      const count = chunk.count();
      const lo = Math.max(from, chunk.start) - chunk.start;
      const hi = Math.min(to, chunk.start + count) - chunk.start;
      const codes = chunk.codes!;
      const alive = chunk.alive!;
      for (let r = lo; r < hi; r++) {
        if (alive[r] !== 1) continue;
        const base = r * L;
        let sum = 0;
        for (let i = 0; i < nl; i++) sum += tables[i]![codes[base + lociArr[i]!]!]!;
        if (sum >= need) this.scoreAndKeep(segment, chunk, r, ctx);
      }
      ctx.stats.rows += Math.max(0, hi - lo);
    }
  }

  /** The exact products of locus LRs (double precision), for the cases the fixed-point tables cannot hold. */
  private scanTableProducts(segment: SegmentState, from: number, to: number, ctx: ForwardContext, loci: readonly number[]): void {
    const L = this.models.length;
    const tables = loci.map((l) => this.relativeLrTable(segment.template, l, ctx.c[l]!, ctx.d[l]!));
    const lociArr = Int32Array.from(loci);
    const need = ctx.task.policy.thresholdLr * (1 - 1e-9);
    this.forEachLive(segment.chunks, from, to, (chunk, r) => {
      ctx.stats.rows++;
      const codes = chunk.codes!;
      let product = 1;
      for (let i = 0; i < lociArr.length; i++) product *= tables[i]![codes[r * L + lociArr[i]!]!]!;
      if (product >= need) this.scoreAndKeep(segment, chunk, r, ctx);
    });
  }

  /**
   * {@link relativeLrTable} as ceil(1024 · log2 LR) + 1 (an upper bound); LR = 0 gives the Int16
   * floor. Null when some LR is beyond the range (≥ 2^31 or not a number): the caller then uses products.
   */
  private relativeLogTable(t: TemplateState, l: number, c: number, d: number): Int16Array | null {
    const key = ((t.spec.id * 128 + l) * 1024 + c) * 1024 + d;
    const hit = this.logTableCache.get(key);
    if (hit) return hit;
    const lr = this.relativeLrTable(t, l, c, d);
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

  private readonly logTableCache = new Map<number, Int16Array>();

  private readonly tableCache = new Map<number, Float64Array>();
  private tableCacheBytes = 0;

  /** The LR table of a single-relative template at one locus for POI {c, d} (cached). */
  private relativeLrTable(t: TemplateState, l: number, c: number, d: number): Float64Array {
    const key = ((t.spec.id * 128 + l) * 1024 + c) * 1024 + d;
    const hit = this.tableCache.get(key);
    if (hit) return hit;
    const n = this.models[l]!.n;
    const member = t.spec.slots[0]!;
    const geno = new Int32Array(2 * t.ped.size).fill(-1);
    const table = new Float64Array(1 + (n * (n + 1)) / 2);
    table[0] = this.scorer(t, l, 0).lr(geno, c, d);
    const typed = this.scorer(t, l, 1);
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

  private scanBound(segment: SegmentState, from: number, to: number, ctx: ForwardContext): void {
    const L = this.models.length;
    const spec = segment.template.spec;
    const S = spec.slots.length;
    const K = spec.classes;
    const loci: number[] = [];
    for (let l = 0; l < L; l++) if (ctx.c[l]! >= 0) loci.push(l);
    const nl = loci.length;
    const { flat: maskFlat, offsets: maskOff } = this.forwardMaskTable(ctx);
    // Per visited locus, the class of every combination of the slots' 4-bit match masks
    // (Σ_s m_s << 4s): states are the first matching allele position, else the unseen tier.
    const combos = S <= 3 ? 1 << (4 * S) : 0;
    const classFlat = combos > 0 ? this.classTable(ctx, S, loci) : new Uint8Array(0);
    const classOf = (l: number, idx: number): number => {
      let cBits = 0;
      let dBits = 0;
      for (let s = 0; s < S; s++) {
        const m = (idx >>> (4 * s)) & 15;
        cBits |= (m & 3) << (2 * s);
        dBits |= ((m >>> 2) & 3) << (2 * s);
      }
      const sc = cBits !== 0 ? 31 - Math.clz32(cBits & -cBits) : 2 * S;
      const sd = dBits !== 0 ? 31 - Math.clz32(dBits & -dBits) : 2 * S;
      return classOfStates(sc, sd);
    };
    const lociArr = Int32Array.from(loci);
    const need = Math.log2(ctx.task.policy.thresholdLr) - EPSILON_LOG;
    const maxInc = ctx.task.policy.maxInconsistentLoci;
    // A local reference: a module export read in the hot loop would go through a getter.
    const levelLog2 = LEVEL_LOG2;
    for (const chunk of segment.chunks) {
      const count = chunk.count();
      const lo = Math.max(from, chunk.start) - chunk.start;
      const hi = Math.min(to, chunk.start + count) - chunk.start;
      const codes = chunk.codes!;
      const bounds = chunk.bounds!;
      const alive = chunk.alive!;
      if (S === 2) {
        // The common case (two typed relatives), unrolled.
        const mo = new Int32Array(nl);
        const co = new Int32Array(nl);
        for (let i = 0; i < nl; i++) {
          mo[i] = maskOff[lociArr[i]!]!;
          co[i] = lociArr[i]! * 2;
        }
        for (let r = lo; r < hi; r++) {
          if (alive[r] !== 1) continue;
          let sum = 0;
          let inc = 0;
          const codeBase = r * L * 2;
          const boundBase = r * L * K;
          let i = 0;
          for (; i < nl; i++) {
            const cb = codeBase + co[i]!;
            const m = mo[i]!;
            const idx = maskFlat[m + codes[cb]!]! | (maskFlat[m + codes[cb + 1]!]! << 4);
            const byte = bounds[boundBase + (co[i]! >>> 1) * K + classFlat[(i << 8) + idx]!]!;
            sum += levelLog2[byte]!;
            inc += byte >>> 7;
            if (inc > maxInc) break;
          }
          if (i === nl && sum >= need) {
            ctx.stats.boundSurvivors++;
            this.scoreAndKeep(segment, chunk, r, ctx);
          }
        }
        ctx.stats.rows += hi - lo;
        continue;
      }
      for (let r = lo; r < hi; r++) {
        if (alive[r] !== 1) continue;
        ctx.stats.rows++;
        let sum = 0;
        let inc = 0;
        const codeBase = r * L * S;
        const boundBase = r * L * K;
        let i = 0;
        for (; i < nl; i++) {
          const l = lociArr[i]!;
          const mo = maskOff[l]!;
          const cb = codeBase + l * S;
          let idx = 0;
          for (let s = 0; s < S; s++) idx |= maskFlat[mo + codes[cb + s]!]! << (4 * s);
          const k = combos > 0 ? classFlat[i * combos + idx]! : classOf(l, idx);
          const byte = bounds[boundBase + l * K + k]!;
          sum += levelLog2[byte]!;
          inc += byte >>> 7;
          if (inc > maxInc) break;
        }
        if (i === nl && sum >= need) {
          ctx.stats.boundSurvivors++;
          this.scoreAndKeep(segment, chunk, r, ctx);
        }
      }
    }
  }

  /** The class lookup of {@link scanBound} for S slots (the same for every template of that size), per task. */
  private classTable(ctx: ForwardContext, S: number, loci: readonly number[]): Uint8Array {
    const known = ctx.classTables.get(S);
    if (known) return known;
    const combos = 1 << (4 * S);
    const out = new Uint8Array(combos * loci.length);
    const unseen = 2 * S;
    loci.forEach((_, i) => {
      for (let idx = 0; idx < combos; idx++) {
        let cBits = 0;
        let dBits = 0;
        for (let s = 0; s < S; s++) {
          const m = (idx >>> (4 * s)) & 15;
          cBits |= (m & 3) << (2 * s);
          dBits |= ((m >>> 2) & 3) << (2 * s);
        }
        const sc = cBits !== 0 ? 31 - Math.clz32(cBits & -cBits) : unseen;
        const sd = dBits !== 0 ? 31 - Math.clz32(dBits & -dBits) : unseen;
        out[i * combos + idx] = sc <= sd ? (sd * (sd + 1)) / 2 + sc : (sc * (sc + 1)) / 2 + sd;
      }
    });
    ctx.classTables.set(S, out);
    return out;
  }

  /** One flat table of 4-bit match masks by genotype code for every POI-typed locus (see forwardMasks). */
  private forwardMaskTable(ctx: ForwardContext): { flat: Uint8Array; offsets: Int32Array } {
    if (ctx.maskTable) return ctx.maskTable;
    const masks = this.forwardMasks(ctx);
    const offsets = new Int32Array(this.models.length);
    let size = 0;
    masks.forEach((m, l) => {
      offsets[l] = size;
      size += m?.length ?? 0;
    });
    const flat = new Uint8Array(size);
    masks.forEach((m, l) => {
      if (m) flat.set(m, offsets[l]!);
    });
    ctx.maskTable = { flat, offsets };
    return ctx.maskTable;
  }

  /** Per locus, for every genotype code {a, b}: bit0 c = a, bit1 c = b, bit2 d = a, bit3 d = b. */
  private forwardMasks(ctx: ForwardContext): (Uint8Array | undefined)[] {
    if (ctx.masks) return ctx.masks;
    const out: (Uint8Array | undefined)[] = [];
    for (let l = 0; l < this.models.length; l++) {
      const c = ctx.c[l]!;
      if (c < 0) {
        out.push(undefined);
        continue;
      }
      const d = ctx.d[l]!;
      const n = this.models[l]!.n;
      const m = new Uint8Array(1 + (n * (n + 1)) / 2);
      for (let b = 0; b < n; b++) {
        for (let a = 0; a <= b; a++) {
          m[1 + (b * (b + 1)) / 2 + a] = (c === a ? 1 : 0) | (c === b ? 2 : 0) | (d === a ? 4 : 0) | (d === b ? 8 : 0);
        }
      }
      out.push(m);
    }
    ctx.masks = out;
    return out;
  }

  private scoreAndKeep(segment: SegmentState, chunk: ChunkView, r: number, ctx: ForwardContext): void {
    const started = performance.now();
    try {
      this.scoreAndKeepTimed(segment, chunk, r, ctx);
    } finally {
      ctx.stats.ms.exact = (ctx.stats.ms.exact ?? 0) + performance.now() - started;
    }
  }

  private scoreAndKeepTimed(segment: SegmentState, chunk: ChunkView, r: number, ctx: ForwardContext): void {
    ctx.stats.exactScored++;
    const t = segment.template;
    const L = this.models.length;
    const codes = this.rowCodes(t.spec.slots.length * L);
    chunk.readCodes(r, codes);
    const theta = ctx.task.policy.theta;
    // The LR alone first (one closed form per locus, no breakdown): most survivors stop here.
    const lr = this.lrOfCodes(t, codes, ctx.c, ctx.d, theta);
    if (lr === null) {
      ctx.stats.unscorable++;
      return;
    }
    if (!(lr >= ctx.task.policy.thresholdLr * (1 - 1e-9))) return;
    const poi = (l: number): readonly [number, number] | null => (ctx.c[l]! >= 0 ? [ctx.c[l]!, ctx.d[l]!] : null);
    const scored = this.scoreCodes(t, codes, poi, theta);
    if (!scored) {
      ctx.stats.unscorable++;
      return;
    }
    if (meetsSearchPolicy(scored, ctx.task.policy)) {
      ctx.hits.push({ segment: segment.template.spec.id, row: chunk.start + r, number: chunk.numbers[r]!, ...scored });
    }
  }

  private codesBuffer = new Uint16Array(64);
  private genoBuffer = new Int32Array(64);

  private rowCodes(size: number): Uint16Array {
    if (this.codesBuffer.length < size) this.codesBuffer = new Uint16Array(size * 2);
    return this.codesBuffer.subarray(0, size);
  }

  /** Π over loci of the exact locus LR (no statuses), or null when the engine cannot score the family. */
  private lrOfCodes(t: TemplateState, codes: Uint16Array, c: Int32Array, d: Int32Array, theta: number): number | null {
    const L = this.models.length;
    const S = t.spec.slots.length;
    if (this.genoBuffer.length < 2 * t.ped.size) this.genoBuffer = new Int32Array(4 * t.ped.size);
    const geno = this.genoBuffer.subarray(0, 2 * t.ped.size);
    let product = 1;
    geno.fill(-1);
    const slots = t.spec.slots;
    const first = this.decode.first;
    const second = this.decode.second;
    try {
      for (let l = 0; l < L; l++) {
        if (c[l]! < 0) continue;
        let mask = 0;
        for (let s = 0; s < S; s++) {
          const code = codes[s * L + l]!;
          const m = slots[s]!;
          geno[2 * m] = code === 0 ? -1 : first[code]!;
          geno[2 * m + 1] = code === 0 ? -1 : second[code]!;
          if (code !== 0) mask |= 1 << s;
        }
        product *= this.scorer(t, l, mask, theta).lr(geno, c[l]!, d[l]!);
      }
    } catch (e) {
      if (e instanceof KinshipError) return null;
      throw e;
    }
    return product;
  }

  /** The exact result of one stored family against a POI (null when the engine cannot score it). */
  private scoreRow(
    t: TemplateState,
    chunk: ChunkView,
    r: number,
    poi: (l: number) => readonly [number, number] | null,
    theta: number,
  ): Omit<Hit, 'segment' | 'row' | 'number'> | null {
    const L = this.models.length;
    const S = t.spec.slots.length;
    const codes = new Uint16Array(S * L);
    chunk.readCodes(r, codes);
    return this.scoreCodes(t, codes, poi, theta);
  }

  private scoreCodes(
    t: TemplateState,
    codes: Uint16Array,
    poi: (l: number) => readonly [number, number] | null,
    theta: number,
  ): Omit<Hit, 'segment' | 'row' | 'number'> | null {
    const L = this.models.length;
    const S = t.spec.slots.length;
    const geno = new Int32Array(2 * t.ped.size);
    const loci: FastLocusLr[] = [];
    try {
      for (let l = 0; l < L; l++) {
        geno.fill(-1);
        let mask = 0;
        for (let s = 0; s < S; s++) {
          const code = codes[s * L + l]!;
          if (code === 0) continue;
          const m = t.spec.slots[s]!;
          geno[2 * m] = this.decode.first[code]!;
          geno[2 * m + 1] = this.decode.second[code]!;
          mask |= 1 << s;
        }
        loci.push(this.scorer(t, l, mask, theta).locus(geno, poi(l)));
      }
    } catch (e) {
      if (e instanceof KinshipError) return null;
      throw e;
    }
    const combined = combineLocusLrs(loci.map((x) => ({ ...x, likelihoodH1: NaN, likelihoodH2: NaN })));
    return { LR: combined.LR, log10LR: combined.log10LR, loci, inconsistentLoci: combined.inconsistentLoci, lociCompared: combined.lociCompared };
  }

  private scorer(t: TemplateState, l: number, mask: number, theta = 0): MissingPersonLocusScorer {
    const S = t.spec.slots.length;
    if (theta === 0 && S <= 8) {
      const i = (l << S) + mask;
      const known = t.dense[i];
      if (known) return known;
      const made = this.scorerOf(t, l, mask, 0);
      t.dense[i] = made;
      return made;
    }
    return this.scorerOf(t, l, mask, theta);
  }

  private scorerOf(t: TemplateState, l: number, mask: number, theta: number): MissingPersonLocusScorer {
    const key = (l * 65536 + mask) * 2 + (theta > 0 ? 1 : 0);
    let s = t.scorers.get(key);
    if (!s) {
      const typed = new Array<boolean>(t.ped.size).fill(false);
      t.spec.slots.forEach((member, k) => {
        if (mask & (1 << k)) typed[member] = true;
      });
      s = createMissingPersonLocusScorer(t.ped, t.spec.missing, typed, this.models[l]!, theta);
      t.scorers.set(key, s);
    }
    return s;
  }

  private forEachLive(chunks: readonly ChunkView[], from: number, to: number, visit: (chunk: ChunkView, r: number) => void): void {
    for (const chunk of chunks) {
      const count = chunk.count();
      const lo = Math.max(from, chunk.start) - chunk.start;
      const hi = Math.min(to, chunk.start + count) - chunk.start;
      for (let r = lo; r < hi; r++) if (chunk.isAlive(r)) visit(chunk, r);
    }
  }

  private templateState(spec: TemplateSpec): TemplateState {
    let t = this.templates.get(spec.id);
    if (!t || t.spec.key !== spec.key || t.spec.kind !== spec.kind) {
      t = { spec, ped: compilePedigree(spec.individuals, `template ${spec.id}`), scorers: new Map(), dense: [] };
      this.templates.set(spec.id, t);
    }
    return t;
  }

  /**
   * The exact result of any family (not necessarily indexed) against a POI, or null when the
   * engine cannot score it. `codes` are slot-major, `poi` by panel locus.
   */
  scoreFamily(
    family: { readonly individuals: readonly Individual[]; readonly missing: number; readonly slots: readonly number[] },
    codes: Uint16Array,
    poi: Uint16Array,
    theta: number,
  ): Omit<Hit, 'segment' | 'row' | 'number'> | null {
    const key = JSON.stringify([family.individuals, family.missing, family.slots]);
    let t = this.adHoc.get(key);
    if (!t) {
      const spec: TemplateSpec = {
        id: -1, key, individuals: family.individuals, missing: family.missing, slots: family.slots, kind: 'exact', screen: null, classes: 0, label: '',
      };
      t = { spec, ped: compilePedigree(spec.individuals, 'family'), scorers: new Map(), dense: [] };
      if (this.adHoc.size >= 256) this.adHoc.clear();
      this.adHoc.set(key, t);
    }
    return this.scoreCodes(t, codes, (l) => (poi[l] === 0 ? null : [this.decode.first[poi[l]!]!, this.decode.second[poi[l]!]!]), theta);
  }

  // -------------------------------------------------------------------------------------------
  // Reverse: one family against a shard of the found persons

  reverse(task: ReverseTask): SearchOutcome {
    const L = this.models.length;
    const spec: TemplateSpec = {
      id: -1, key: '', individuals: task.family.individuals, missing: task.family.missing, slots: task.family.slots,
      kind: 'exact', screen: null, classes: 0, label: '',
    };
    const t: TemplateState = { spec, ped: compilePedigree(spec.individuals, 'family'), scorers: new Map(), dense: [] };
    const S = spec.slots.length;
    const theta = task.policy.theta;
    const stats: ScanStats = { rows: 0, screenSurvivors: 0, boundSurvivors: 0, exactScored: 0, unscorable: 0, ms: {} };
    const hits: Hit[] = [];
    const logTables: Float64Array[] = [];
    const statusTables: Uint8Array[] = [];
    const geno = new Int32Array(2 * t.ped.size);
    try {
      for (let l = 0; l < L; l++) {
        geno.fill(-1);
        let mask = 0;
        for (let s = 0; s < S; s++) {
          const code = task.codes[s * L + l]!;
          if (code === 0) continue;
          geno[2 * spec.slots[s]!] = this.decode.first[code]!;
          geno[2 * spec.slots[s]! + 1] = this.decode.second[code]!;
          mask |= 1 << s;
        }
        const scorer = this.scorer(t, l, mask);
        const table = scorer.table(geno);
        const n = table.lr.length;
        const logs = new Float64Array(n + 1);
        const status = new Uint8Array(n + 1);
        const untyped = scorer.locus(geno, null);
        status[0] = untyped.status === 'consistent' ? 0 : 1;
        for (let g = 0; g < n; g++) {
          logs[g + 1] = Math.log10(table.lr[g]!);
          status[g + 1] = table.status[g] === 0 ? 0 : 1;
        }
        logTables.push(logs);
        statusTables.push(status);
      }
    } catch (e) {
      if (e instanceof KinshipError) return { hits, stats: { ...stats, unscorable: 1 } };
      throw e;
    }
    const maxInc = task.policy.maxInconsistentLoci;
    const need = Math.log10(task.policy.thresholdLr) - EPSILON_LOG;
    const codes1 = new Uint16Array(S * L);
    codes1.set(task.codes);
    for (const chunk of this.found) {
      const count = chunk.count();
      const total = chunk.start + count;
      const [from, to] = shardRange(segmentRowsOf(this.found), task.shard, task.shards);
      const lo = Math.max(from, chunk.start) - chunk.start;
      const hi = Math.min(to, total) - chunk.start;
      const codes = chunk.codes!;
      const alive = chunk.alive!;
      for (let r = lo; r < hi; r++) {
        if (alive[r] !== 1) continue;
        stats.rows++;
        const base = r * L;
        let inc = 0;
        let sum = 0;
        let l = 0;
        for (; l < L; l++) {
          const code = codes[base + l]!;
          inc += statusTables[l]![code]!;
          if (inc > maxInc) break;
          sum += logTables[l]![code]!;
        }
        if (l < L) continue;
        stats.screenSurvivors++;
        if (theta === 0 && sum < need) continue;
        stats.exactScored++;
        const poi = (k: number): readonly [number, number] | null => {
          const code = codes[base + k]!;
          return code === 0 ? null : [this.decode.first[code]!, this.decode.second[code]!];
        };
        const scored = this.scoreCodes(t, codes1, poi, theta);
        if (!scored) {
          stats.unscorable++;
          continue;
        }
        if (meetsSearchPolicy(scored, task.policy)) hits.push({ segment: -1, row: chunk.start + r, number: chunk.numbers[r]!, ...scored });
      }
    }
    return { hits: best(hits, task.policy.limit), stats };
  }

  // -------------------------------------------------------------------------------------------
  // Bound tables of families about to be indexed

  bounds(task: BoundsTask): Uint8Array[] {
    const L = this.models.length;
    const t = this.templateState(task.template);
    const S = task.template.slots.length;
    const K = task.template.classes;
    const families = task.codes.length / (S * L);
    const loci = task.loci ?? Array.from({ length: L }, (_, l) => l);
    const out: Uint8Array[] = [];
    const geno = new Int32Array(2 * t.ped.size);
    const positions = new Int32Array(2 * S);
    const best = new Float64Array(K);
    const consistent = new Uint8Array(K);
    for (let f = 0; f < families; f++) {
      const levels = new Uint8Array(L * K);
      const codes = task.codes.subarray(f * S * L, (f + 1) * S * L);
      for (const l of loci) {
        geno.fill(-1);
        positions.fill(-1);
        let mask = 0;
        for (let s = 0; s < S; s++) {
          const code = codes[s * L + l]!;
          if (code === 0) continue;
          const a = this.decode.first[code]!;
          const b = this.decode.second[code]!;
          geno[2 * task.template.slots[s]!] = a;
          geno[2 * task.template.slots[s]! + 1] = b;
          positions[2 * s] = a;
          positions[2 * s + 1] = b;
          mask |= 1 << s;
        }
        const model = this.models[l]!;
        let table: { lr: Float64Array; status: Uint8Array };
        try {
          table = this.scorer(t, l, mask).table(geno);
        } catch (e) {
          if (!(e instanceof KinshipError)) throw e;
          levels.fill(UNBOUNDED, l * K, (l + 1) * K);
          continue;
        }
        best.fill(-1);
        consistent.fill(0);
        const n = model.n;
        for (let y = 0; y < n; y++) {
          const sy = alleleState(y, positions);
          for (let x = 0; x <= y; x++) {
            const sx = alleleState(x, positions);
            const k = classOfStates(sx, sy);
            const g = (y * (y + 1)) / 2 + x;
            const v = table.lr[g]!;
            if (Number.isNaN(v) || v > best[k]!) best[k] = Number.isNaN(v) ? Infinity : v;
            if (table.status[g] === 0) consistent[k] = 1;
          }
        }
        // The margin covers rounding differences between this table and the exact scorer's formula.
        // A class is flagged only if none of its genotypes is consistent (a safe lower bound of the count).
        for (let k = 0; k < K; k++) {
          const level = best[k]! < 0 ? 0 : levelAtLeast(best[k]! * (1 + BOUND_MARGIN));
          levels[l * K + k] = level | (best[k]! >= 0 && consistent[k] === 0 ? INCONSISTENT : 0);
        }
      }
      out.push(levels);
    }
    return out;
  }
}

interface ForwardContext {
  readonly task: ForwardTask;
  readonly c: Int32Array;
  readonly d: Int32Array;
  readonly stats: ScanStats;
  readonly hits: Hit[];
  masks: (Uint8Array | undefined)[] | null;
  maskTable?: { flat: Uint8Array; offsets: Int32Array };
  readonly classTables: Map<number, Uint8Array>;
}


const TRIO = 0;
const SINGLE = 1;
const UNION = 2;
const GENERIC = 3;

/** Offsets of several slots' (c, d) pairs merged per locus: [s0c, s0d, s1c, s1d, …] for locus i at i * 2k. */
function interleave(parts: readonly Int32Array[], nl: number): Int32Array {
  const k = parts.length;
  const out = new Int32Array(nl * 2 * k);
  for (let i = 0; i < nl; i++) {
    for (let j = 0; j < k; j++) {
      out[(i * k + j) * 2] = parts[j]![i * 2]!;
      out[(i * k + j) * 2 + 1] = parts[j]![i * 2 + 1]!;
    }
  }
  return out;
}

/**
 * The bit-parallel count of inconsistent loci for 32 families (Mendel: the POI {c, d} needs an
 * allele from each parent, c from one and d from the other): bit planes b0, b1, b2 count up to 7;
 * a family is dead once its count exceeds the allowed number, and the loop ends when all 32 are.
 */
function screenTrio(bits: Uint32Array, offs: Int32Array, w: number, nl: number, maxInc: number, dead: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < nl && dead !== -1; i++) {
    const o = i * 4;
    const ok = (bits[offs[o]! + w]! & bits[offs[o + 3]! + w]!) | (bits[offs[o + 1]! + w]! & bits[offs[o + 2]! + w]!);
    const inc = ~ok & ~dead;
    const carry0 = b0 & inc;
    b0 ^= inc;
    b2 |= b1 & carry0;
    b1 ^= carry0;
    dead |= exceeds(b0, b1, b2, maxInc);
  }
  return dead;
}

/** One constraining relative (a parent or a child): the POI must share an allele with it. */
function screenSingle(bits: Uint32Array, offs: Int32Array, w: number, nl: number, maxInc: number, dead: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < nl && dead !== -1; i++) {
    const o = i * 2;
    const inc = ~(bits[offs[o]! + w]! | bits[offs[o + 1]! + w]!) & ~dead;
    const carry0 = b0 & inc;
    b0 ^= inc;
    b2 |= b1 & carry0;
    b1 ^= carry0;
    dead |= exceeds(b0, b1, b2, maxInc);
  }
  return dead;
}

/** Both grandparents of one side typed: the POI must share an allele with their union. */
function screenUnion(bits: Uint32Array, offs: Int32Array, w: number, nl: number, maxInc: number, dead: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < nl && dead !== -1; i++) {
    // po is slot-major: slot 0's (c, d) for every locus, then slot 1's.
    const o0 = i * 2;
    const o1 = (nl + i) * 2;
    const ok = bits[offs[o0]! + w]! | bits[offs[o0 + 1]! + w]! | bits[offs[o1]! + w]! | bits[offs[o1 + 1]! + w]!;
    const inc = ~ok & ~dead;
    const carry0 = b0 & inc;
    b0 ^= inc;
    b2 |= b1 & carry0;
    b1 ^= carry0;
    dead |= exceeds(b0, b1, b2, maxInc);
  }
  return dead;
}

/** Rows of a bit-parallel counter (3 planes) that exceed k (k <= 6). */
function exceeds(b0: number, b1: number, b2: number, k: number): number {
  switch (k) {
    case 0:
      return b0 | b1 | b2;
    case 1:
      return b1 | b2;
    case 2:
      return b2 | (b1 & b0);
    case 3:
      return b2;
    case 4:
      return b2 & (b1 | b0);
    case 5:
      return b2 & b1;
    default:
      return b2 & b1 & b0;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function segmentRows(chunks: readonly ChunkView[]): number {
  const last = chunks[chunks.length - 1];
  return last ? last.start + last.count() : 0;
}

function segmentRowsOf(chunks: readonly ChunkView[]): number {
  return segmentRows(chunks);
}

/** Rows [from, to) of shard k of `shards`, split on 32-row word boundaries. */
export function shardRange(total: number, shard: number, shards: number): [number, number] {
  const words = Math.ceil(total / 32);
  const from = Math.floor((words * shard) / shards) * 32;
  const to = Math.min(total, Math.floor((words * (shard + 1)) / shards) * 32);
  return [from, to];
}

/** The best `limit` hits, highest LR first (ties: lower number first). */
function best(hits: Hit[], limit: number): Hit[] {
  hits.sort((a, b) => b.log10LR - a.log10LR || a.number - b.number);
  return hits.length > limit ? hits.slice(0, limit) : hits;
}
