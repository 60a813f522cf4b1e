/**
 * The search itself, as run by every worker of the pool (or inline): the state built from an
 * index snapshot, and the three tasks (search-task.ts) — forward search (a found person against a
 * shard of the families), reverse search (a family against a shard of the found persons,
 * reverse-search.ts) and bound tables for families to be indexed (family-bounds.ts). Pure
 * computation over shared memory; no I/O.
 *
 * Forward search by segment kind (family-template.ts):
 * - screened: the bit-parallel Mendelian screen (mendelian-screen.ts); survivors are scored exactly.
 * - table: Σ log10 LR from per-query tables indexed by genotype code (table-scan.ts).
 * - bound: Σ of stored per-locus class bounds (bound-scan.ts); survivors are scored exactly.
 * "Scored exactly" is exact-scorer.ts, then the policy verdict (domain meetsSearchPolicy).
 */
import { meetsSearchPolicy } from '../domain';
import { scanBound } from './bound-scan';
import { ExactScorer, type ExactScore, type FamilyTemplate } from './exact-scorer';
import { familyBounds } from './family-bounds';
import { segmentRows, type ForwardContext, type SegmentState } from './forward-context';
import { ChunkView } from './index-chunks';
import type { PanelSpec } from './locus-panel';
import { scanScreened } from './mendelian-screen';
import { RelativeLrTables } from './relative-lr-tables';
import { reverseSearch } from './reverse-search';
import {
  bestHits, emptyScanStats, shardRange, type BoundsTask, type ForwardTask, type Hit, type ReverseTask, type SearchOutcome,
  type SearchTask, type Snapshot,
} from './search-task';
import { scanTable } from './table-scan';

export class SearchState {
  version = -1;
  private panel: PanelSpec | undefined;
  private readonly exact = new ExactScorer();
  private readonly tables = new RelativeLrTables(this.exact);
  private segments: SegmentState[] = [];
  private found: ChunkView[] = [];

  /** Replaces the state by a snapshot (compiled models and scorers are kept while the panel generation is unchanged). */
  apply(snapshot: Snapshot): void {
    if (snapshot.version <= this.version) return;
    if (this.panel?.generation !== snapshot.panel.generation) {
      this.panel = snapshot.panel;
      this.tables.dropLoci(this.exact.setPanel(snapshot.panel));
    }
    const L = this.exact.models.length;
    this.segments = snapshot.segments.map((s) => {
      const template = this.exact.templateState(s.template);
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

  /** One found person against a shard of every family segment. */
  forward(task: ForwardTask): SearchOutcome {
    const begun = performance.now();
    const L = this.exact.models.length;
    const c = new Int32Array(L).fill(-1);
    const d = new Int32Array(L).fill(-1);
    for (let l = 0; l < L; l++) {
      const code = task.poi[l]!;
      if (code === 0) continue;
      c[l] = this.exact.decode.first[code]!;
      d[l] = this.exact.decode.second[code]!;
    }
    const stats = emptyScanStats();
    const hits: Hit[] = [];
    const ctx: ForwardContext = {
      task, loci: L, c, d, stats, hits, masks: null, classTables: new Map(),
      keep: (segment, chunk, r) => this.scoreAndKeep(segment, chunk, r, ctx),
    };
    for (const segment of this.segments) {
      const total = segmentRows(segment.chunks);
      const [from, to] = shardRange(total, task.shard, task.shards);
      if (from >= to) continue;
      const started = performance.now();
      const kind = segment.template.spec.kind;
      switch (kind) {
        case 'screened':
          scanScreened(segment, from, to, ctx);
          break;
        case 'table':
          scanTable(this.tables, segment, from, to, ctx);
          break;
        case 'bound':
          scanBound(this.exact.models, segment, from, to, ctx);
          break;
      }
      const tag = `${kind}:${segment.template.spec.label}`;
      stats.ms[tag] = (stats.ms[tag] ?? 0) + performance.now() - started;
    }
    stats.ms.total = performance.now() - begun;
    return { hits: bestHits(hits, task.policy.limit), stats };
  }

  /** One family against a shard of the found persons. */
  reverse(task: ReverseTask): SearchOutcome {
    return reverseSearch(this.exact, this.found, task);
  }

  /** Bound tables of families about to be indexed. */
  bounds(task: BoundsTask): Uint8Array[] {
    return familyBounds(this.exact, task);
  }

  /**
   * The exact result of any family (not necessarily indexed) against a POI, or null when the
   * engine cannot score it. `codes` are slot-major, `poi` by panel locus.
   */
  scoreFamily(family: FamilyTemplate, codes: Uint16Array, poi: Uint16Array, theta: number): ExactScore | null {
    return this.exact.scoreFamily(family, codes, poi, theta);
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
    const L = this.exact.models.length;
    const codes = this.exact.rowCodes(t.spec.slots.length * L);
    chunk.readCodes(r, codes);
    const theta = ctx.task.policy.theta;
    // The LR alone first (one closed form per locus, no breakdown): most survivors stop here.
    const lr = this.exact.lrOfCodes(t, codes, ctx.c, ctx.d, theta);
    if (lr === null) {
      ctx.stats.unscorable++;
      return;
    }
    if (!(lr >= ctx.task.policy.thresholdLr * (1 - 1e-9))) return;
    const poi = (l: number): readonly [number, number] | null => (ctx.c[l]! >= 0 ? [ctx.c[l]!, ctx.d[l]!] : null);
    const scored = this.exact.scoreCodes(t, codes, poi, theta);
    if (!scored) {
      ctx.stats.unscorable++;
      return;
    }
    if (meetsSearchPolicy(scored, ctx.task.policy)) {
      ctx.hits.push({ segment: segment.template.spec.id, row: chunk.start + r, number: chunk.numbers[r]!, ...scored });
    }
  }
}
