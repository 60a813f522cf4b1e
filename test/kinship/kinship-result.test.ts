import fc from 'fast-check';
import { combineLocusLrs, locusLr, locusStatus, posteriorProbability } from '../../src/kinship';

const MAX_LOG10 = Math.log10(Number.MAX_VALUE);
const MIN_NORMAL_LOG10 = -307;
const MIN_LOG10 = Math.log10(Number.MIN_VALUE);

describe('combineLocusLrs', () => {
  it('when 40+ loci have huge or tiny likelihood ratios, then log10 LR is the exact sum and never overflows', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: 40, maxLength: 60 }), (logs) => {
        const loci = logs.map((l, k) => locusLr(`L${k}`, 10 ** l, 1, 10 ** l, true));
        const r = combineLocusLrs(loci);
        const expected = logs.reduce((s, l) => s + Math.log10(10 ** l), 0);
        expect(Math.abs(r.log10LR - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
        expect(Number.isFinite(r.log10LR)).toBe(true);
        // Within double range the LR itself is exact to 1e-9 in log10; past it, Infinity or 0. The
        // band next to each end of the range (where rounding decides) is left to the log10 check.
        if (expected < MAX_LOG10 - 1 && expected > MIN_NORMAL_LOG10) {
          expect(Math.abs(Math.log10(r.LR) - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
        } else if (expected > MAX_LOG10 + 1e-6) expect(r.LR).toBe(Infinity);
        else if (expected < MIN_LOG10 - 1) expect(r.LR).toBe(0);
      }),
    );
  });

  it('when 50 loci each have LR 1e10 with likelihoods of 1e-20, then log10 LR is 500 and the per-locus logs come from the likelihoods', () => {
    const loci = Array.from({ length: 50 }, (_, k) => locusLr(`L${k}`, 1e-20, 1e-30, 1e-20, true));
    const r = combineLocusLrs(loci);
    expect(r.log10LR).toBeCloseTo(500, 9);
    expect(r.LR).toBe(Infinity);
  });

  it('when a locus has LR 0, then the total is 0 with log10 −Infinity, and statuses are counted', () => {
    const r = combineLocusLrs([locusLr('A', 0.5, 0.25, 0.5, true), locusLr('B', 0, 0.1, 0, true), locusLr('C', 1e-6, 0.1, 0, false)]);
    expect([r.LR, r.log10LR, r.inconsistentLoci, r.lociCompared]).toEqual([0, -Infinity, 2, 2]);
    expect(r.loci.map((l) => l.status)).toEqual(['consistent', 'excluded', 'mutation']);
  });

  it('when both likelihoods are 0, then LR and log10 LR are NaN (reported as such, never as a number)', () => {
    const r = combineLocusLrs([locusLr('A', 0, 0, 0, true)]);
    expect([Number.isNaN(r.LR), Number.isNaN(r.log10LR)]).toEqual([true, true]);
  });
});

describe('locusStatus', () => {
  it.each([
    [0.1, 0.1, 'consistent'], [1e-5, 0, 'mutation'], [0, 0, 'excluded'],
  ] as const)('when L1 = %p with the model and %p without, then the status is %s', (l1, l1NoMutation, status) => {
    expect(locusStatus(l1, l1NoMutation)).toBe(status);
  });
});

describe('posteriorProbability', () => {
  it('when LR and prior are moderate, then the posterior is LR·π / (LR·π + 1 − π)', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (log10LR, prior) => {
        const lr = 10 ** log10LR;
        expect(posteriorProbability(log10LR, prior)).toBeCloseTo((lr * prior) / (lr * prior + 1 - prior), 12);
      }),
    );
  });

  it('when log10 LR is ±1000 or ±Infinity, then the posterior is 1 or 0 without NaN', () => {
    expect([posteriorProbability(1000, 1e-6), posteriorProbability(-1000, 0.5), posteriorProbability(Infinity, 0.5), posteriorProbability(-Infinity, 0.5)]).toEqual([1, 0, 1, 0]);
  });

  it('when the prior is outside (0, 1), then it is rejected', () => {
    expect(() => posteriorProbability(1, 0)).toThrow(RangeError);
  });
});
