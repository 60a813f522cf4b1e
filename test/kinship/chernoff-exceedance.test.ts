import fc from 'fast-check';
import { chernoffExceedance, log10LrMoments, MOMENT_EXPONENTS } from '../../src/kinship';

/** A locus law with E[LR] = 1: probabilities p_g and LRs q_g / p_g for another law q. */
const arbLaw = fc
  .integer({ min: 2, max: 6 })
  .chain((n) => fc.tuple(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n })))
  .filter(([, q]) => q.some((x) => x > 0))
  .map(([p, q]) => {
    const sp = p.reduce((s, x) => s + x, 0);
    const sq = q.reduce((s, x) => s + x, 0);
    const probability = p.map((x) => x / sp);
    return { probability, lr: q.map((x, g) => x / sq / probability[g]!) };
  });

describe('chernoffExceedance', () => {
  it('when two loci have LR 10 with probability 0.05 (else 0.5), then the bound of P(LR >= 100) is the best λ of the hand formula', () => {
    // P(LR >= 100) = 0.05² = 0.0025 exactly; E[LR^λ] = 0.05 · 10^λ + 0.95 · 0.5^λ per locus.
    const law = { lr: [10, 0.5], probability: [0.05, 0.95] };
    const m = log10LrMoments(law.lr, law.probability);
    const bound = chernoffExceedance([m, m], 2);
    const atLambda = (l: number): number => (0.05 * 10 ** l + 0.95 * 0.5 ** l) ** 2 / 100 ** l;
    // The exponents run past 1 (λ = 4 here: a mass of 0.05 at LR 10 per locus is far from Turing's 1/t).
    const best = Math.min(...[...MOMENT_EXPONENTS].filter((l) => l > 0).map(atLambda));
    expect(bound).toBeCloseTo(best, 12);
    expect(bound).toBeGreaterThanOrEqual(0.0025);
  });

  it('when any laws with E[LR] = 1 are combined, then the bound is never below the exact exceedance nor above 1/LR', () => {
    fc.assert(
      fc.property(fc.array(arbLaw, { minLength: 1, maxLength: 3 }), fc.double({ min: -2, max: 4, noNaN: true }), (laws, x) => {
        let outcomes = [{ p: 1, lr: 1 }];
        for (const law of laws) outcomes = outcomes.flatMap((o) => law.lr.map((lr, g) => ({ p: o.p * law.probability[g]!, lr: o.lr * lr })));
        const exact = outcomes.reduce((s, o) => (o.lr >= 10 ** x ? s + o.p : s), 0);
        const bound = chernoffExceedance(laws.map((l) => log10LrMoments(l.lr, l.probability)), x);
        expect(bound).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
        expect(bound).toBeLessThanOrEqual(Math.min(1, 10 ** -x) * (1 + 1e-9));
      }),
    );
  });
});
