/**
 * P(LR >= x | H2) read from a binned tail (convolve-log10-lrs.ts), never below the exact value:
 * every per-locus LR was rounded up onto the grid, so the binned sum dominates the true log10 LR.
 * It is further capped by Turing's bound P(LR >= t | H2) <= 1/t (Good 1950, "Probability and the
 * Weighing of Evidence", after A. M. Turing; Kruijver 2015, FSI: Genetics 14:116, §2): E[LR | H2]
 * = Σ_g P(g | H2) · P(g | H1) / P(g | H2) = 1 at every locus, hence for the product, and Markov's
 * inequality gives the bound. Both are upper bounds of the same probability, so their minimum is.
 */
import { GRID_SLACK_STEPS, type Log10LrTail } from './convolve-log10-lrs';

/** The law of a family's LR for an unrelated found person, as an investigator's chart needs it. */
export interface UnrelatedLrDistribution {
  /** Grid step in log10 units: the largest error per locus of the rounding up. */
  readonly stepLog10: number;
  /** Exceedances are resolved from this log10 LR up; below it they read 1 (no better bound kept). */
  readonly minLog10Lr: number;
  /** Largest log10 LR an unrelated person can reach on the grid (−Infinity if none reaches minLog10Lr). */
  readonly maxLog10Lr: number;
  /** Loci where a relative is typed: the loci a fully typed found person is compared on. */
  readonly lociCompared: number;
  /** P(LR >= 10^log10Lr | the found person is unrelated), an upper bound (grid, then min with 1/LR). */
  exceedance(log10Lr: number): number;
  /** At most `maxPoints` (default 101) points (log10LR ascending, exceedance) for a chart. */
  points(maxPoints?: number): { log10LR: number[]; exceedance: number[] };
}

/** Wraps a binned tail as the distribution of an unrelated found person's LR. */
export function exceedanceDistribution(t: Log10LrTail, lociCompared: number): UnrelatedLrDistribution {
  const { stepLog10, resolvedFromBin, firstBin, tail } = t;
  const lastBin = firstBin + tail.length - 1;
  const minLog10Lr = resolvedFromBin * stepLog10;
  const gridBound = (x: number): number => {
    if (Number.isNaN(x)) return NaN;
    const k = Math.ceil(x / stepLog10 - GRID_SLACK_STEPS);
    if (k < resolvedFromBin) return 1;
    if (tail.length === 0 || k > lastBin) return 0;
    return tail[Math.max(0, k - firstBin)]!;
  };
  const exceedance = (x: number): number => Math.min(1, gridBound(x), 10 ** -x);
  return {
    stepLog10,
    minLog10Lr,
    maxLog10Lr: tail.length === 0 ? -Infinity : lastBin * stepLog10,
    lociCompared,
    exceedance,
    points(maxPoints = 101) {
      if (tail.length === 0) return { log10LR: [minLog10Lr], exceedance: [0] };
      const from = Math.min(resolvedFromBin, firstBin);
      const span = lastBin - from;
      const count = Math.max(2, Math.min(maxPoints, span + 1));
      const log10LR: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < count; i++) {
        const k = from + Math.round((i * span) / (count - 1));
        if (log10LR.length > 0 && k * stepLog10 === log10LR[log10LR.length - 1]) continue;
        log10LR.push(k * stepLog10);
        values.push(exceedance(k * stepLog10));
      }
      return { log10LR, exceedance: values };
    },
  };
}
