/**
 * Reverse search: one family against a shard of the found persons. Per locus the family's exact LR
 * and status of every POI genotype are tabled once (kinship scorer tables, θ = 0 form); a found
 * person then costs one lookup per locus (its inconsistent loci and Σ log10 LR), and only those
 * within the policy's allowance (and, at θ = 0, at or above the threshold) are scored exactly.
 */
import { KinshipError } from '../kinship';
import { meetsSearchPolicy } from '../domain';
import type { ExactScorer } from './exact-scorer';
import { segmentRows } from './forward-context';
import type { ChunkView } from './index-chunks';
import { bestHits, emptyScanStats, EPSILON_LOG, shardRange, type Hit, type ReverseTask, type SearchOutcome } from './search-task';

/** One family against rows of the found-person index (this task's shard). */
export function reverseSearch(exact: ExactScorer, found: readonly ChunkView[], task: ReverseTask): SearchOutcome {
  const L = exact.models.length;
  const t = exact.familyTemplate(task.family);
  const S = t.spec.slots.length;
  const theta = task.policy.theta;
  const stats = emptyScanStats();
  const hits: Hit[] = [];
  const logTables: Float64Array[] = [];
  const statusTables: Uint8Array[] = [];
  const geno = new Int32Array(2 * t.ped.size);
  try {
    for (let l = 0; l < L; l++) {
      geno.fill(-1);
      const mask = exact.locusGenotypes(t, task.codes, l, geno);
      const scorer = exact.scorer(t, l, mask);
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
  const [from, to] = shardRange(segmentRows(found), task.shard, task.shards);
  for (const chunk of found) {
    const [lo, hi] = chunk.rowsWithin(from, to);
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
        return code === 0 ? null : [exact.decode.first[code]!, exact.decode.second[code]!];
      };
      const scored = exact.scoreCodes(t, codes1, poi, theta);
      if (!scored) {
        stats.unscorable++;
        continue;
      }
      if (meetsSearchPolicy(scored, task.policy)) hits.push({ segment: -1, row: chunk.start + r, number: chunk.numbers[r]!, ...scored });
    }
  }
  return { hits: bestHits(hits, task.policy.limit), stats };
}
