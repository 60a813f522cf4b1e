import { binLog10Lrs, convolveLog10Lrs } from '../../src/kinship';

describe('convolveLog10Lrs', () => {
  it('when two loci are convolved, then the tail is the hand-computed sum law', () => {
    // Locus A: bins 0 (p 0.5), 1 (p 0.5); locus B: bins −1 (p 0.2), 2 (p 0.8), step 1.
    // Sums: −1 (0.1), 0 (0.1), 2 (0.4), 3 (0.4), so P(K >= −1) = 1, >= 0: 0.9, >= 1: 0.8, >= 2: 0.8, >= 3: 0.4.
    const a = binLog10Lrs([0, 1], [0.5, 0.5], 1);
    const b = binLog10Lrs([-1, 2], [0.2, 0.8], 1);
    const t = convolveLog10Lrs([a, b], 1, -5);
    expect(t.firstBin).toBe(-1);
    expect([...t.tail].map((x) => Number(x.toFixed(12)))).toEqual([1, 0.9, 0.8, 0.8, 0.4]);
  });

  it('when sums cannot reach the minimum even with the largest remaining values, then they are dropped and the tail above stays exact', () => {
    // Same loci with minimum 2: after locus A the sum needs >= 2 − 2 = 0 (both kept); the final window starts at 2.
    const a = binLog10Lrs([0, 1], [0.5, 0.5], 1);
    const b = binLog10Lrs([-1, 2], [0.2, 0.8], 1);
    const t = convolveLog10Lrs([a, b], 1, 2);
    expect(t.resolvedFromBin).toBe(2);
    expect(t.firstBin).toBe(2);
    expect([...t.tail].map((x) => Number(x.toFixed(12)))).toEqual([0.8, 0.4]);
  });

  it('when a locus has every outcome at LR 0, then nothing reaches any LR', () => {
    const excluded = binLog10Lrs([-Infinity], [1], 0.01);
    expect(convolveLog10Lrs([excluded], 0.01, 0).tail.length).toBe(0);
  });
});
