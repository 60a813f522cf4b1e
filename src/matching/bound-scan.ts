/**
 * The scan of `bound` segments (family-template.ts): per visited locus, the class of the family's
 * typed genotypes relative to the POI's alleles (bound-classes.ts) selects a stored upper bound of
 * the locus LR and an inconsistency flag; a row whose Σ of bounds reaches the threshold, with no
 * more flagged loci than allowed, is scored exactly.
 */
import type { CompiledLocusModel } from '../kinship';
import * as boundClasses from './bound-classes';
import type { ForwardContext, SegmentState } from './forward-context';
import { EPSILON_LOG } from './search-task';

// Bound once: bundlers may compile `import { x }` to a getter read on every use, too slow in the scans.
const { classOfStates, LEVEL_LOG2 } = boundClasses;

/** Scans rows [from, to) of a bound segment: Σ of stored class bounds, survivors scored exactly. */
export function scanBound(models: readonly CompiledLocusModel[], segment: SegmentState, from: number, to: number, ctx: ForwardContext): void {
  const L = ctx.loci;
  const spec = segment.template.spec;
  const S = spec.slots.length;
  const K = spec.classes;
  const loci: number[] = [];
  for (let l = 0; l < L; l++) if (ctx.c[l]! >= 0) loci.push(l);
  const nl = loci.length;
  const { flat: maskFlat, offsets: maskOff } = forwardMaskTable(models, ctx);
  // Per visited locus, the class of every combination of the slots' 4-bit match masks, tabled
  // for up to 3 slots (4,096 combinations), computed per row beyond.
  const combos = S <= 3 ? 1 << (4 * S) : 0;
  const classFlat = combos > 0 ? classTable(ctx, S, loci) : new Uint8Array(0);
  const lociArr = Int32Array.from(loci);
  // The stored bounds are θ = 0 values: at θ > 0 only the inconsistency flags prune (family-template.ts).
  const need = ctx.task.policy.theta > 0 ? -Infinity : Math.log2(ctx.task.policy.thresholdLr) - EPSILON_LOG;
  const maxInc = ctx.task.policy.maxInconsistentLoci;
  // A local reference: a module export read in the hot loop would go through a getter.
  const levelLog2 = LEVEL_LOG2;
  for (const chunk of segment.chunks) {
    const [lo, hi] = chunk.rowsWithin(from, to);
    const codes = chunk.codes!;
    const bounds = chunk.bounds!;
    const alive = chunk.alive!;
    if (S === 2) {
      // The common case (two typed relatives), unrolled two loci at a time with two partial sums:
      // the loads and additions of a pair of loci do not wait on each other. A row survives when
      // its flagged loci stay within the policy and its summed bounds reach the threshold; the
      // flags are checked after each pair to stop early.
      const mo = new Int32Array(nl);
      const co = new Int32Array(nl);
      const bo = new Int32Array(nl);
      for (let i = 0; i < nl; i++) {
        mo[i] = maskOff[lociArr[i]!]!;
        co[i] = lociArr[i]! * 2;
        bo[i] = lociArr[i]! * K;
      }
      for (let r = lo; r < hi; r++) {
        if (alive[r] !== 1) continue;
        let s0 = 0;
        let s1 = 0;
        let inc = 0;
        const codeBase = r * L * 2;
        const boundBase = r * L * K;
        let i = 0;
        for (; i + 1 < nl && inc <= maxInc; i += 2) {
          const cb0 = codeBase + co[i]!;
          const cb1 = codeBase + co[i + 1]!;
          const m0 = mo[i]!;
          const m1 = mo[i + 1]!;
          const idx0 = maskFlat[m0 + codes[cb0]!]! | (maskFlat[m0 + codes[cb0 + 1]!]! << 4);
          const idx1 = maskFlat[m1 + codes[cb1]!]! | (maskFlat[m1 + codes[cb1 + 1]!]! << 4);
          const b0 = bounds[boundBase + bo[i]! + classFlat[(i << 8) + idx0]!]!;
          const b1 = bounds[boundBase + bo[i + 1]! + classFlat[((i + 1) << 8) + idx1]!]!;
          s0 += levelLog2[b0]!;
          s1 += levelLog2[b1]!;
          inc += (b0 >>> 7) + (b1 >>> 7);
        }
        if (i < nl && inc <= maxInc) {
          const cb = codeBase + co[i]!;
          const m = mo[i]!;
          const idx = maskFlat[m + codes[cb]!]! | (maskFlat[m + codes[cb + 1]!]! << 4);
          const byte = bounds[boundBase + bo[i]! + classFlat[(i << 8) + idx]!]!;
          s0 += levelLog2[byte]!;
          inc += byte >>> 7;
        }
        if (inc <= maxInc && s0 + s1 >= need) {
          ctx.stats.boundSurvivors++;
          ctx.keep(segment, chunk, r);
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
        const k = combos > 0 ? classFlat[i * combos + idx]! : classOfMasks(idx, S);
        const byte = bounds[boundBase + l * K + k]!;
        sum += levelLog2[byte]!;
        inc += byte >>> 7;
        if (inc > maxInc) break;
      }
      if (i === nl && sum >= need) {
        ctx.stats.boundSurvivors++;
        ctx.keep(segment, chunk, r);
      }
    }
  }
}

/** The class lookup of {@link scanBound} for S slots (the same for every template of that size), per task. */
function classTable(ctx: ForwardContext, S: number, loci: readonly number[]): Uint8Array {
  const known = ctx.classTables.get(S);
  if (known) return known;
  const combos = 1 << (4 * S);
  const out = new Uint8Array(combos * loci.length);
  for (let idx = 0; idx < combos; idx++) out[idx] = classOfMasks(idx, S);
  for (let i = 1; i < loci.length; i++) out.copyWithin(i * combos, 0, combos);
  ctx.classTables.set(S, out);
  return out;
}

/**
 * The bound class of the POI {c, d} against S typed slots, from the slots' 4-bit match masks
 * (Σ_s m_s << 4s, see forwardMasks): each POI allele's state is the first slot allele position it
 * matches, else the unseen tier 2S (bound-classes.ts alleleState).
 */
function classOfMasks(idx: number, S: number): number {
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
}

/** One flat table of 4-bit match masks by genotype code for every POI-typed locus (see forwardMasks). */
function forwardMaskTable(models: readonly CompiledLocusModel[], ctx: ForwardContext): { flat: Uint8Array; offsets: Int32Array } {
  if (ctx.maskTable) return ctx.maskTable;
  const masks = forwardMasks(models, ctx);
  const offsets = new Int32Array(ctx.loci);
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
function forwardMasks(models: readonly CompiledLocusModel[], ctx: ForwardContext): (Uint8Array | undefined)[] {
  if (ctx.masks) return ctx.masks;
  const out: (Uint8Array | undefined)[] = [];
  for (let l = 0; l < ctx.loci; l++) {
    const c = ctx.c[l]!;
    if (c < 0) {
      out.push(undefined);
      continue;
    }
    const d = ctx.d[l]!;
    const n = models[l]!.n;
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
