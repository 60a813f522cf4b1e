/**
 * The Mendelian screen of `screened` segments (family-template.ts): a bit-parallel count of
 * inconsistent loci over allele bitsets, 32 families per word, loci in panel order (most diverse
 * first), with a per-word early exit once all 32 are past the allowed number of inconsistent loci;
 * the survivors are scored exactly. A locus is inconsistent when the POI {c, d} cannot have received
 * one allele from each typed parent (or share an allele with a typed child, or with the union of a
 * side's typed grandparents), Mendel's law of segregation.
 */
import type { ForwardContext, SegmentState } from './forward-context';

/** Screens rows [from, to) of a screened segment and scores the survivors exactly. */
export function scanScreened(segment: SegmentState, from: number, to: number, ctx: ForwardContext): void {
  const spec = segment.template.spec;
  const screen = spec.screen!;
  const maxInc = ctx.task.policy.maxInconsistentLoci;
  const L = ctx.loci;
  const loci: number[] = [];
  for (let l = 0; l < L; l++) if (ctx.c[l]! >= 0) loci.push(l);
  const nl = loci.length;
  const pat = screen.paternal;
  const mat = screen.maternal;
  const kids = screen.children;
  const usable = maxInc <= 6;
  for (const chunk of segment.chunks) {
    const [lo, hi] = chunk.rowsWithin(from, to);
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
        ctx.keep(segment, chunk, r);
      }
    }
  }
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
