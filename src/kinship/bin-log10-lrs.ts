/**
 * Puts one locus' LR law on a log10 grid, rounding every LR UP to the next grid point, so a sum
 * of binned loci is never below the true log10 LR and any exceedance read from it is an upper
 * bound (the "round to higher values" approximation of DNAprofiles, M. Kruijver,
 * github.com/mkruijver/DNAprofiles, src/distapprox.cpp method 2; Kruijver 2015, FSI: Genetics
 * 14:116, §3).
 */

/** One locus on the grid: the distinct grid points it reaches, ascending, and their probabilities. */
export interface BinnedLog10Lrs {
  /** Grid indices k (log10 LR ≤ k · step), strictly increasing. */
  readonly bins: Int32Array;
  readonly mass: Float64Array;
  /** Probability of the outcomes with LR = 0 (excluded without mutation): they reach no grid point. */
  readonly zeroMass: number;
}

/**
 * A coarser rounding for the outcomes below `belowLog10` (genotypes a relative excludes and only a
 * mutation explains, LR about 1e-3 to 1e-10): rounded up to multiples of `stepsPerCoarse` grid
 * steps, still upward, so the bound holds; it trades exactness on the paths through such loci
 * for fewer distinct outcomes per locus (the convolution's cost is proportional to their number).
 */
export interface CoarseTail {
  readonly belowLog10: number;
  readonly stepsPerCoarse: number;
}

/**
 * Bins the outcomes (log10 LR, probability) of one locus; outcomes of probability 0 are dropped,
 * and LR = 0 outcomes (log10 −Infinity) are counted in `zeroMass`.
 * @param stepLog10 grid step in log10 units (> 0).
 * @throws RangeError for a non-positive step or a NaN / +Infinity log10 LR with positive probability.
 */
export function binLog10Lrs(log10Lr: ArrayLike<number>, probability: ArrayLike<number>, stepLog10: number, coarse?: CoarseTail): BinnedLog10Lrs {
  if (!(stepLog10 > 0)) throw new RangeError(`grid step must be > 0, got ${stepLog10}`);
  if (coarse && !(Number.isInteger(coarse.stepsPerCoarse) && coarse.stepsPerCoarse >= 1)) {
    throw new RangeError(`stepsPerCoarse must be a positive integer, got ${coarse.stepsPerCoarse}`);
  }
  const coarseStep = coarse ? coarse.stepsPerCoarse * stepLog10 : 0;
  let lo = Infinity;
  let hi = -Infinity;
  let zeroMass = 0;
  const keys = new Float64Array(log10Lr.length);
  for (let g = 0; g < log10Lr.length; g++) {
    const p = probability[g]!;
    const y = log10Lr[g]!;
    if (!(p > 0)) continue;
    if (y === -Infinity) {
      zeroMass += p;
      keys[g] = NaN;
      continue;
    }
    if (!Number.isFinite(y)) throw new RangeError(`log10 LR must be finite or −Infinity, got ${y}`);
    const k = coarse && y < coarse.belowLog10 ? Math.ceil(y / coarseStep) * coarse.stepsPerCoarse : Math.ceil(y / stepLog10);
    keys[g] = k;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  if (lo > hi) return { bins: new Int32Array(0), mass: new Float64Array(0), zeroMass };
  const dense = new Float64Array(hi - lo + 1);
  let distinct = 0;
  for (let g = 0; g < log10Lr.length; g++) {
    const p = probability[g]!;
    const k = keys[g]!;
    if (!(p > 0) || Number.isNaN(k)) continue;
    if (dense[k - lo] === 0) distinct++;
    dense[k - lo] = dense[k - lo]! + p;
  }
  const bins = new Int32Array(distinct);
  const mass = new Float64Array(distinct);
  let j = 0;
  for (let i = 0; i < dense.length; i++) {
    if (dense[i]! === 0) continue;
    bins[j] = lo + i;
    mass[j] = dense[i]!;
    j++;
  }
  return { bins, mass, zeroMass };
}
