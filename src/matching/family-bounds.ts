/**
 * Class bounds of `bound` families (bound-classes.ts), computed once when a family is indexed (or
 * when the panel learns an allele at a locus) on the worker pool.
 */
import { KinshipError } from '../kinship';
import * as boundClasses from './bound-classes';
import type { ExactScorer } from './exact-scorer';
import type { BoundsTask } from './search-task';

// Bound once: bundlers may compile `import { x }` to a getter read on every use, too slow in the scans.
const { alleleState, classOfStates, INCONSISTENT, levelAtLeast } = boundClasses;

/** Relative safety margin of a stored bound over the tabled LR (floating-point rounding). */
const BOUND_MARGIN = 1e-9;
/** The level stored when a locus cannot be scored: no bound. */
const UNBOUNDED = 127;

/**
 * The bound tables of families about to be indexed in a `bound` segment: per locus and class of
 * POI genotypes, the largest exact LR of any genotype in the class (rounded up to a stored level)
 * and whether every genotype of the class is inconsistent.
 */
export function familyBounds(exact: ExactScorer, task: BoundsTask): Uint8Array[] {
  const L = exact.models.length;
  const t = exact.templateState(task.template);
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
      const mask = exact.locusGenotypes(t, codes, l, geno);
      for (let s = 0; s < S; s++) {
        positions[2 * s] = geno[2 * t.spec.slots[s]!]!;
        positions[2 * s + 1] = geno[2 * t.spec.slots[s]! + 1]!;
      }
      const model = exact.models[l]!;
      let table: { lr: Float64Array; status: Uint8Array };
      try {
        table = exact.scorer(t, l, mask).table(geno);
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
