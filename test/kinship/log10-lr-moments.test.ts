import fc from 'fast-check';
import { MOMENT_EXPONENTS, log10LrMoments } from '../../src/kinship';

describe('log10LrMoments', () => {
  it('when a locus has LRs 4, 0.5 and 0 with probabilities 0.1, 0.6 and 0.3, then E[LR^½] and E[LR] are the hand-computed sums', () => {
    // E[LR^½] = 0.1 · 2 + 0.6 · √0.5 = 0.2 + 0.42426… ; E[LR] = 0.4 + 0.3 = 0.7.
    const m = log10LrMoments([4, 0.5, 0], [0.1, 0.6, 0.3]);
    const half = MOMENT_EXPONENTS.indexOf(0.5);
    expect(m[half]).toBeCloseTo(Math.log10(0.2 + 0.6 * Math.SQRT1_2), 13);
    expect(m[MOMENT_EXPONENTS.indexOf(1)]).toBeCloseTo(Math.log10(0.7), 13);
  });

  it('when every outcome has LR 0, then every moment is log10 0', () => {
    expect([...log10LrMoments([0, 0], [0.5, 0.5])]).toEqual(Array(MOMENT_EXPONENTS.length).fill(-Infinity));
  });
});

describe('log10LrMoments against the direct sum', () => {
  it('when LRs and probabilities are drawn at random, then every moment equals log10 Σ p · LR^λ computed with Math.pow to 1e-12', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1, noNaN: true })), fc.double({ min: -30, max: 30, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 60 }),
        (outcomes) => {
          const probability = outcomes.map(([p]) => p);
          const lr = outcomes.map(([, log10, excluded]) => (excluded ? 0 : 10 ** log10));
          const m = log10LrMoments(lr, probability);
          MOMENT_EXPONENTS.forEach((lambda, j) => {
            const direct = Math.log10(outcomes.reduce((s, _, g) => s + (probability[g]! > 0 && lr[g]! > 0 ? probability[g]! * lr[g]! ** lambda : 0), 0));
            if (direct === -Infinity) expect(m[j]).toBe(-Infinity);
            else expect(Math.abs(m[j]! - direct)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(direct)));
          });
        },
      ),
    );
  });
});
