import fc from 'fast-check';
import { log10UnreportedLrBound, searchPosteriors, UNREPORTED_BOUND_RISK } from '../../../src/services/matches/search-posteriors';

const policy = { thresholdLr: 10_000, priorInDatabase: 0.5, maxCandidates: 50 };

describe('log10UnreportedLrBound', () => {
  it('when few records are unreported, then the sure bound m·T is used; when many, the Cantelli bound T + N + √(N T (1 − α)/α)', () => {
    expect(10 ** log10UnreportedLrBound(1, 3, 10_000)).toBeCloseTo(10_000, 6);
    const n = 1_000_000;
    const cantelli = 10_000 + n + Math.sqrt((n * 10_000 * (1 - UNREPORTED_BOUND_RISK)) / UNREPORTED_BOUND_RISK);
    expect(10 ** log10UnreportedLrBound(n - 5, n, 10_000)).toBeCloseTo(cantelli, 0);
    expect(log10UnreportedLrBound(0, 10, 10_000)).toBe(-Infinity);
  });

  it('when N unrelated LRs with E[LR] = 1 are capped below T, then none of 200 simulated sums exceeds the bound (its risk α is 1 in 1,000)', () => {
    // A log-normal LR with mean 1 (μ = −σ²/2), as a log10 LR sum over loci roughly is.
    let seed = 7;
    const uniform = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const sigma = 3;
    const n = 2000;
    const t = 10_000;
    const bound = 10 ** log10UnreportedLrBound(n, n, t);
    let over = 0;
    for (let run = 0; run < 200; run++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const lr = Math.exp(-sigma * sigma / 2 + sigma * normal());
        if (lr < t) sum += lr;
      }
      if (sum > bound) over++;
    }
    expect(over).toBe(0);
  });
});

describe('searchPosteriors', () => {
  it('when two records compete and none is unreported, then P(i) = π LR_i / (π0 + Σ π LR_j), by hand', () => {
    const p = searchPosteriors({ log10Lrs: [6, 5] }, 2, policy);

    const pi = 0.25;
    const d = 0.5 + pi * 1e6 + pi * 1e5;
    expect(p[0]).toBeCloseTo((pi * 1e6) / d, 12);
    expect(p[1]).toBeCloseTo((pi * 1e5) / d, 12);
  });

  it('when the list was cut at maxCandidates, then the unreported records are bounded by its lowest LR, not the threshold', () => {
    const cut = searchPosteriors({ log10Lrs: [9, 8] }, 5, { ...policy, maxCandidates: 2 });

    const pi = 0.5 / 5;
    const unreported = Math.min(3 * 1e8, 1e8 + 5 + Math.sqrt((5 * 1e8 * (1 - UNREPORTED_BOUND_RISK)) / UNREPORTED_BOUND_RISK));
    const d = 0.5 + pi * (1e9 + 1e8) + pi * unreported;
    expect(cut[0]).toBeCloseTo((pi * 1e9) / d, 12);
  });

  it('when a reported family weighs twice the average, then its share of the prior doubles', () => {
    const p = searchPosteriors({ log10Lrs: [6], weights: [2] }, 1, policy);

    expect(p[0]).toBeCloseTo((0.5 * 1e6) / (0.5 + 0.5 * 1e6), 12);
    const weighted = searchPosteriors({ log10Lrs: [6, 6], weights: [2, 1] }, 2, policy);
    expect(weighted[0]! / weighted[1]!).toBeCloseTo(2, 12);
  });

  it('when records are searched, then posteriors lie in [0, 1], sum to at most 1, and fall as the database grows (a lower bound)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -5, max: 40, noNaN: true }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (log10Lrs, extra, prior) => {
        const n = log10Lrs.length;
        const p = searchPosteriors({ log10Lrs }, n + extra, { ...policy, priorInDatabase: prior });
        const bigger = searchPosteriors({ log10Lrs }, n + extra + 1000, { ...policy, priorInDatabase: prior });
        const sum = p.reduce((s, x) => s + x, 0);
        expect(sum).toBeLessThanOrEqual(1 + 1e-12);
        p.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(bigger[i]).toBeLessThanOrEqual(x * (1 + 1e-12));
        });
      },
    ));
  });
});
