import { MOMENT_EXPONENTS, log10LrMoments } from '../../src/kinship';

describe('log10LrMoments', () => {
  it('when a locus has LRs 4, 0.5 and 0 with probabilities 0.1, 0.6 and 0.3, then E[LR^½] and E[LR] are the hand-computed sums', () => {
    // E[LR^½] = 0.1 · 2 + 0.6 · √0.5 = 0.2 + 0.42426… ; E[LR] = 0.4 + 0.3 = 0.7.
    const m = log10LrMoments([4, 0.5, 0], [0.1, 0.6, 0.3]);
    const half = MOMENT_EXPONENTS.indexOf(0.5);
    expect(m[half]).toBeCloseTo(Math.log10(0.2 + 0.6 * Math.SQRT1_2), 13);
    expect(m[MOMENT_EXPONENTS.length - 1]).toBeCloseTo(Math.log10(0.7), 13);
  });

  it('when every outcome has LR 0, then every moment is log10 0', () => {
    expect([...log10LrMoments([0, 0], [0.5, 0.5])]).toEqual(Array(MOMENT_EXPONENTS.length).fill(-Infinity));
  });
});
