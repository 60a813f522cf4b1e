import fc from 'fast-check';
import { chernoffExceedance, log10LrMoments, saddlepointExceedance } from '../../src/kinship';

/** 16 identical loci with LRs 7, 1.3 and 0.2: the exact tail by summing over the counts of each outcome. */
const LAW = { lr: [7, 1.3, 0.2], probability: [0.05, 0.35, 0.6] };
const LOCI = 16;

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function exactTail(log10Threshold: number): number {
  let total = 0;
  for (let a = 0; a <= LOCI; a++) {
    for (let b = 0; a + b <= LOCI; b++) {
      const c = LOCI - a - b;
      const log10Lr = a * Math.log10(7) + b * Math.log10(1.3) + c * Math.log10(0.2);
      if (log10Lr < log10Threshold) continue;
      total += (factorial(LOCI) / (factorial(a) * factorial(b) * factorial(c))) * 0.05 ** a * 0.35 ** b * 0.6 ** c;
    }
  }
  return total;
}

describe('saddlepointExceedance', () => {
  it('when 16 loci are summed, then the estimate is within a factor 2 of the exact tail where the Chernoff bound is 5 times too high or more', () => {
    // The exact tail of a sum of three-valued loci is a staircase; the estimate is a smooth curve
    // through it, so it is a factor away at the steps, not a fixed percentage.
    const moments = Array.from({ length: LOCI }, () => log10LrMoments(LAW.lr, LAW.probability));
    for (const x of [0, 1, 2, 3, 4]) {
      const exact = exactTail(x);
      const estimate = saddlepointExceedance(moments, x);
      expect(Math.abs(Math.log10(estimate / exact))).toBeLessThan(Math.log10(2));
      expect(chernoffExceedance(moments, x) / exact).toBeGreaterThan(5);
    }
  });

  it('when the threshold lies just beyond the mean log10 LR under H1, then the estimate read past λ = 1 is within a factor 2 of the exact tail and below the bound', () => {
    // Under H1 (weights P·LR) the 16 loci average about 4.2 in log10 LR; at 4.5 and 5 the
    // Chernoff minimiser is λ = 1 (Turing's 1/t), which overstates the tail.
    const moments = Array.from({ length: LOCI }, () => log10LrMoments(LAW.lr, LAW.probability));
    for (const x of [4.5, 5]) {
      const exact = exactTail(x);
      const estimate = saddlepointExceedance(moments, x);
      const bound = chernoffExceedance(moments, x);
      expect(Math.abs(Math.log10(estimate / exact))).toBeLessThan(Math.log10(2));
      expect(Math.abs(Math.log10(estimate / exact))).toBeLessThan(Math.abs(Math.log10(bound / exact)));
    }
  });

  it('when any loci and threshold are given, then the estimate is in [0, 1] and never above the Chernoff bound', () => {
    const arbLaw = fc
      .array(fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 })
      .map((pairs) => {
        const sum = pairs.reduce((s, [, p]) => s + p, 0);
        return { lr: pairs.map(([lr]) => lr), probability: pairs.map(([, p]) => p / sum) };
      });
    fc.assert(
      fc.property(fc.array(arbLaw, { minLength: 1, maxLength: 20 }), fc.double({ min: -3, max: 10, noNaN: true }), (laws, x) => {
        const moments = laws.map((l) => log10LrMoments(l.lr, l.probability));
        const estimate = saddlepointExceedance(moments, x);
        expect(estimate).toBeGreaterThanOrEqual(0);
        expect(estimate).toBeLessThanOrEqual(chernoffExceedance(moments, x));
      }),
    );
  });
});
