import fc from 'fast-check';
import { backoffDelayMs } from '../../src/hub';

describe('backoffDelayMs (exponential backoff, full jitter)', () => {
  it('when any attempt is retried, then the delay lies in [0, min(cap, base * 2^(attempt-1)))', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, baseMs, capMs, u) => {
        const delay = backoffDelayMs(attempt, { baseMs, capMs }, () => u);
        const window = Math.min(capMs, baseMs * 2 ** (attempt - 1));

        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.max(window, 1));
      },
    ));
  });

  it('when the random draw is the same, then a later attempt never waits less (the window doubles up to the cap)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, u) => {
      const policy = { baseMs: 100, capMs: 60_000 };

      expect(backoffDelayMs(attempt + 1, policy, () => u)).toBeGreaterThanOrEqual(backoffDelayMs(attempt, policy, () => u));
    }));
  });

  it('when the draw is near 1, then the delays follow 100, 200, 400, 800 ms until the 500 ms cap', () => {
    const near1 = () => 0.999999;
    const delays = [1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, { baseMs: 100, capMs: 500 }, near1));

    expect(delays).toEqual([99, 199, 399, 499, 499]);
  });
});
