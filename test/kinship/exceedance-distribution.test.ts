import { binLog10Lrs, convolveLog10Lrs, exceedanceDistribution } from '../../src/kinship';

describe('exceedanceDistribution', () => {
  it('when the grid tail is above 1/LR, then Turing\'s bound caps it', () => {
    // One locus: LR 100 with probability 0.5 (impossible for a true LR law, E[LR] = 50): the grid says
    // P(LR >= 100) = 0.5, Turing 0.01; the minimum of two upper bounds is reported.
    const t = convolveLog10Lrs([binLog10Lrs([2, -3], [0.5, 0.5], 0.01)], 0.01, 0);
    const d = exceedanceDistribution(t, 1);
    expect(d.exceedance(2)).toBeCloseTo(0.01, 15);
    expect(d.exceedance(0)).toBe(0.5);
    expect(d.exceedance(2.01)).toBe(0);
  });

  it('when a log10 LR is below the resolved minimum, then the exceedance reads 1 (no bound kept there)', () => {
    const t = convolveLog10Lrs([binLog10Lrs([0.5, -3], [0.2, 0.8], 0.01)], 0.01, 0);
    const d = exceedanceDistribution(t, 1);
    expect(d.minLog10Lr).toBe(0);
    expect(d.exceedance(-0.5)).toBe(1);
    expect(d.exceedance(0)).toBeCloseTo(0.2, 15);
  });
});
