import fc from 'fast-check';
import { databasePosterior } from '../../src/kinship';

describe('databasePosterior', () => {
  it('when two families compete for one found person, then each posterior is its prior share times its LR over the whole sum', () => {
    // N = 2 families, priorInDatabase 0.5: π_0 = 0.5, π_1 = π_2 = 0.5 / 2 = 0.25.
    // LR_1 = 10,000, LR_2 = 1,000: denominator = 0.5 + 0.25 · 10,000 + 0.25 · 1,000 = 0.5 + 2,500 + 250 = 2,750.5.
    // P(family 1) = 2,500 / 2,750.5 ≈ 0.90893, P(family 2) = 250 / 2,750.5 ≈ 0.090893, P(neither) = 0.5 / 2,750.5 ≈ 0.00018.
    const r = databasePosterior({ log10Lrs: [4, 3], priorInDatabase: 0.5 });
    expect(r.posteriors[0]).toBeCloseTo(2500 / 2750.5, 14);
    expect(r.posteriors[1]).toBeCloseTo(250 / 2750.5, 14);
    expect(r.notInDatabase).toBeCloseTo(0.5 / 2750.5, 14);
    expect(r.screenedOut).toBe(0);
    expect(r.log10Denominator).toBeCloseTo(Math.log10(2750.5), 13);
  });

  it('when three more families were screened out with an LR bound of 100, then they share the denominator and the posteriors are lower bounds', () => {
    // N = 5, π_j = 0.5 / 5 = 0.1: denominator = 0.5 + 0.1 · 10,000 + 0.1 · 1,000 + 3 · 0.1 · 100 = 0.5 + 1,000 + 100 + 30 = 1,130.5.
    const r = databasePosterior({ log10Lrs: [4, 3], priorInDatabase: 0.5, screenedOut: { count: 3, maxLog10Lr: 2 } });
    expect(r.posteriors[0]).toBeCloseTo(1000 / 1130.5, 14);
    expect(r.posteriors[1]).toBeCloseTo(100 / 1130.5, 14);
    expect(r.notInDatabase).toBeCloseTo(0.5 / 1130.5, 14);
    expect(r.screenedOut).toBeCloseTo(30 / 1130.5, 14);
    // Their true LRs (here 0, 1 and 50, all <= 100) give the exact posterior, never below the bound's.
    const exact = databasePosterior({ log10Lrs: [4, 3, -Infinity, 0, Math.log10(50)], priorInDatabase: 0.5 });
    expect(exact.posteriors[0]).toBeGreaterThanOrEqual(r.posteriors[0]!);
    expect(exact.posteriors[1]).toBeGreaterThanOrEqual(r.posteriors[1]!);
  });

  it('when the screened-out records come with a bound on their LR sum, then that sum enters the denominator once', () => {
    // N = 4 (2 scored, 2 screened with Σ LR <= 10): π_j = 0.8 / 4 = 0.2, π_0 = 0.2.
    // denominator = 0.2 + 0.2 · 100 + 0.2 · 1 + 0.2 · 10 = 0.2 + 20 + 0.2 + 2 = 22.4.
    const r = databasePosterior({ log10Lrs: [2, 0], priorInDatabase: 0.8, screenedOut: { count: 2, log10LrSum: 1 } });
    expect(r.posteriors[0]).toBeCloseTo(20 / 22.4, 14);
    expect(r.screenedOut).toBeCloseTo(2 / 22.4, 14);
  });

  it('when LRs are far beyond double range, then the posteriors are still their ratios', () => {
    // log10 LRs 400 and 399: π_0 and the screened share are negligible, so the posteriors are 10/11 and 1/11
    // (to 12 digits: 10^(t − log10 denominator) with t ≈ 400 keeps about 13).
    const r = databasePosterior({ log10Lrs: [400, 399], priorInDatabase: 0.5, screenedOut: { count: 1_000_000, maxLog10Lr: 4 } });
    expect(r.posteriors[0]).toBeCloseTo(10 / 11, 12);
    expect(r.posteriors[1]).toBeCloseTo(1 / 11, 12);
    expect(r.notInDatabase).toBe(0);
  });

  it('when prior weights are given, then each family gets priorInDatabase times its share of the total weight', () => {
    // Weights 3 and 1 over 2 families, priorInDatabase 0.5: π_1 = 0.375, π_2 = 0.125, π_0 = 0.5.
    // LR_1 = LR_2 = 10: denominator = 0.5 + 3.75 + 1.25 = 5.5.
    const r = databasePosterior({ log10Lrs: [1, 1], priorInDatabase: 0.5, weights: [3, 1] });
    expect(r.posteriors[0]).toBeCloseTo(3.75 / 5.5, 14);
    expect(r.posteriors[1]).toBeCloseTo(1.25 / 5.5, 14);
  });

  it('when the prior or the data are impossible, then it throws a RangeError naming them', () => {
    expect(() => databasePosterior({ log10Lrs: [1], priorInDatabase: 1.5 })).toThrow(/priorInDatabase/);
    expect(() => databasePosterior({ log10Lrs: [NaN], priorInDatabase: 0.5 })).toThrow(/record 0/);
    expect(() => databasePosterior({ log10Lrs: [-Infinity], priorInDatabase: 1 })).toThrow(/exclude/);
    expect(() => databasePosterior({ log10Lrs: [], priorInDatabase: 0.5 })).toThrow(/at least one record/);
  });

  const arbSearch = fc.record({
    log10Lrs: fc.array(fc.oneof(fc.double({ min: -40, max: 400, noNaN: true }), fc.constant(-Infinity)), { minLength: 1, maxLength: 30 }),
    priorInDatabase: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
    screened: fc.integer({ min: 0, max: 10_000_000 }),
    bound: fc.double({ min: -10, max: 10, noNaN: true }),
  });

  it('when any search is evaluated, then every posterior is in [0, 1] and they sum to 1 with the not-in-database and screened shares', () => {
    fc.assert(
      fc.property(arbSearch, ({ log10Lrs, priorInDatabase, screened, bound }) => {
        const r = databasePosterior({ log10Lrs, priorInDatabase, screenedOut: { count: screened, maxLog10Lr: bound } });
        let sum = r.notInDatabase + r.screenedOut;
        for (const p of r.posteriors) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          sum += p;
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it('when one record\'s LR grows, then its posterior does not fall and no other posterior rises', () => {
    fc.assert(
      fc.property(arbSearch, fc.nat(), fc.double({ min: 0, max: 50, noNaN: true }), ({ log10Lrs, priorInDatabase, screened, bound }, pick, delta) => {
        const i = pick % log10Lrs.length;
        const input = { priorInDatabase, screenedOut: { count: screened, maxLog10Lr: bound } };
        const before = databasePosterior({ ...input, log10Lrs });
        const raised = log10Lrs.map((y, j) => (j === i ? (y === -Infinity ? -40 + delta : y + delta) : y));
        const after = databasePosterior({ ...input, log10Lrs: raised });
        expect(after.posteriors[i]!).toBeGreaterThanOrEqual(before.posteriors[i]! * (1 - 1e-12));
        for (let j = 0; j < log10Lrs.length; j++) if (j !== i) expect(after.posteriors[j]!).toBeLessThanOrEqual(before.posteriors[j]! * (1 + 1e-12) + 1e-300);
      }),
    );
  });
});
