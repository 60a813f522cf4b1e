/**
 * The law of a multi-locus log10 LR from its per-locus laws (loci independent, README §2.2: the
 * LR is the product over unlinked loci, so log10 LRs add and their laws convolve), on the log10
 * grid of bin-log10-lrs.ts. DNAprofiles (M. Kruijver, github.com/mkruijver/DNAprofiles,
 * R/lrdist.R `dists.product`, src/exactq.cpp) multiplies the exact per-locus events out, which is
 * exact but grows as the product of the per-locus event counts; on a grid the work is the grid
 * width times the per-locus event count (Kruijver 2015, FSI: Genetics 14:116, §3).
 *
 * Sums that cannot reach `minLog10Lr` even if every remaining locus took its largest value are
 * dropped as they appear (the branch-and-bound of Dørum et al. 2014, FSI: Genetics, "Exact
 * computation of the distribution of likelihood ratios with forensic applications", which
 * DNAprofiles' exactq.cpp sketches), so the grid spans only what can matter; the tail at or above `minLog10Lr` stays exact
 * for the binned loci.
 */
import type { BinnedLog10Lrs } from './bin-log10-lrs';

/** Upper tail of the binned sum K (K · step >= log10 LR) from `firstBin` up. */
export interface Log10LrTail {
  readonly stepLog10: number;
  /** The lowest grid index whose tail is resolved: sums below it were dropped. */
  readonly resolvedFromBin: number;
  /** Grid index of tail[0] (>= resolvedFromBin). */
  readonly firstBin: number;
  /** tail[i] = P(K >= firstBin + i); empty when no outcome reaches resolvedFromBin. */
  readonly tail: Float64Array;
}

/** Slack (in grid steps) for floating-point rounding of log10 LRs near a grid point. */
export const GRID_SLACK_STEPS = 1e-9;

/**
 * Convolves the binned loci, keeping the sums that can still reach `minLog10Lr`.
 * @param stepLog10 the grid step every locus was binned with.
 */
export function convolveLog10Lrs(loci: readonly BinnedLog10Lrs[], stepLog10: number, minLog10Lr: number): Log10LrTail {
  // + 0 turns the −0 of ceil(−1e-9) into 0.
  const resolvedFromBin = Math.ceil(minLog10Lr / stepLog10 - GRID_SLACK_STEPS) + 0;
  const empty: Log10LrTail = { stepLog10, resolvedFromBin, firstBin: resolvedFromBin, tail: new Float64Array(0) };
  const remainingMax = new Float64Array(loci.length + 1);
  for (let l = loci.length - 1; l >= 0; l--) {
    const bins = loci[l]!.bins;
    if (bins.length === 0) return empty;
    remainingMax[l] = remainingMax[l + 1]! + bins[bins.length - 1]!;
  }
  let lo = 0;
  let dist = Float64Array.of(1);
  for (let l = 0; l < loci.length; l++) {
    const { bins, mass } = loci[l]!;
    const last = bins.length - 1;
    const newLo = Math.max(lo + bins[0]!, resolvedFromBin - remainingMax[l + 1]!);
    const newHi = lo + dist.length - 1 + bins[last]!;
    if (newLo > newHi) return empty;
    const next = new Float64Array(newHi - newLo + 1);
    // One contiguous multiply-add per grid point of the locus (the inner loop has no branch).
    for (let j = 0; j <= last; j++) {
      const m = mass[j]!;
      const shift = lo + bins[j]! - newLo;
      const from = Math.max(0, -shift);
      const to = Math.min(dist.length, next.length - shift);
      for (let i = from; i < to; i++) next[i + shift] = next[i + shift]! + m * dist[i]!;
    }
    dist = next;
    lo = newLo;
  }
  const tail = new Float64Array(dist.length);
  let sum = 0;
  for (let i = dist.length - 1; i >= 0; i--) {
    sum += dist[i]!;
    tail[i] = sum;
  }
  return { stepLog10, resolvedFromBin, firstBin: lo, tail };
}
