import { binLog10Lrs } from '../../src/kinship';

describe('binLog10Lrs', () => {
  it('when log10 LRs fall between grid points, then each is rounded up and equal bins are merged', () => {
    // Step 0.1: 0.25 -> bin 3 (0.3), 0.3 -> bin 3, -0.05 -> bin 0 (−0.0), 1 -> bin 10.
    const b = binLog10Lrs([0.25, 0.3, -0.05, 1], [0.1, 0.2, 0.3, 0.4], 0.1);
    expect([...b.bins]).toEqual([0, 3, 10]);
    expect(b.mass[0]).toBeCloseTo(0.3, 15);
    expect(b.mass[1]).toBeCloseTo(0.3, 15);
    expect(b.mass[2]).toBeCloseTo(0.4, 15);
    expect(b.zeroMass).toBe(0);
  });

  it('when some genotypes are excluded (LR 0) or impossible (probability 0), then the first go to zeroMass and the second are dropped', () => {
    const b = binLog10Lrs([-Infinity, 0.5, 2], [0.25, 0.75, 0], 0.5);
    expect([...b.bins]).toEqual([1]);
    expect([...b.mass]).toEqual([0.75]);
    expect(b.zeroMass).toBe(0.25);
  });

  it('when a coarser rounding is asked below a log10 LR, then the outcomes below it are rounded up to its multiples and the others to the grid', () => {
    // Step 0.01, coarse 50 steps (0.5) below −2: −3.3 -> −3.0 (bin −300), −2.7 -> −2.5 (bin −250), −1.234 -> −1.23 (bin −123).
    const b = binLog10Lrs([-3.3, -2.7, -1.234], [0.2, 0.3, 0.5], 0.01, { belowLog10: -2, stepsPerCoarse: 50 });
    expect([...b.bins]).toEqual([-300, -250, -123]);
    expect([...b.mass]).toEqual([0.2, 0.3, 0.5]);
  });

  it('when the step or a log10 LR is invalid, then it throws a RangeError', () => {
    expect(() => binLog10Lrs([0], [1], 0)).toThrow(RangeError);
    expect(() => binLog10Lrs([NaN], [1], 0.1)).toThrow(RangeError);
    expect(() => binLog10Lrs([0], [1], 0.1, { belowLog10: -2, stepsPerCoarse: 0.5 })).toThrow(RangeError);
  });
});
