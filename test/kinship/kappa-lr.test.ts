import fc from 'fast-check';
import { KAPPA, kappaLr, type PairwiseRelationship } from '../../src/kinship';
import { arbGenotype, arbSmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { compileSmallLocus, enginePairLr } from './support/engine';

const RELATIONSHIPS: PairwiseRelationship[] = ['parentChild', 'fullSiblings', 'halfSiblings', 'grandparent', 'avuncular', 'firstCousins', 'unrelated'];

describe('kappaLr', () => {
  it('when there is no mutation, then the κ kernel equals the general engine for every relationship, at θ = 0 and θ > 0 (joint)', () => {
    fc.assert(
      fc.property(
        arbSmallLocus(2, 4).chain((locus) =>
          fc.record({
            model: fc.constant(compileSmallLocus(locus, false)),
            a: arbGenotype(locus.alleles.length),
            b: arbGenotype(locus.alleles.length),
            relationship: fc.constantFrom(...RELATIONSHIPS),
            theta: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.3, noNaN: true })),
          }),
        ),
        ({ model, a, b, relationship, theta }) => {
          const fast = kappaLr(model, KAPPA[relationship], a[0], a[1], b[0], b[1], theta);
          expect(relativeError(fast, enginePairLr(model, relationship, a, b, theta))).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('when A and B are swapped, then the κ LR is unchanged', () => {
    fc.assert(
      fc.property(arbSmallLocus(2, 5), fc.constantFrom(...RELATIONSHIPS), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (locus, rel, theta, w, x, y, z) => {
        const model = compileSmallLocus(locus, false);
        const n = model.n;
        const ab = kappaLr(model, KAPPA[rel], w % n, x % n, y % n, z % n, theta);
        const ba = kappaLr(model, KAPPA[rel], y % n, z % n, w % n, x % n, theta);
        expect(relativeError(ab, ba)).toBeLessThan(1e-12);
      }),
    );
  });

  it('when full siblings share 10/11 (p10 = 0.1, p11 = 0.2), then LR = (1 + p10 + p11 + 2 p10 p11) / (8 p10 p11); half siblings: (p10 + p11 + 4 p10 p11) / (8 p10 p11)', () => {
    const model = compileSmallLocus({ alleles: ['10', '11', '12'], weights: [0.1, 0.2, 0.7], mutation: undefined });
    const [pa, pb] = [0.1, 0.2];
    expect(relativeError(kappaLr(model, KAPPA.fullSiblings, 0, 1, 0, 1), (1 + pa + pb + 2 * pa * pb) / (8 * pa * pb))).toBeLessThan(1e-14);
    expect(relativeError(kappaLr(model, KAPPA.halfSiblings, 0, 1, 0, 1), (pa + pb + 4 * pa * pb) / (8 * pa * pb))).toBeLessThan(1e-14);
    expect(kappaLr(model, KAPPA.unrelated, 0, 1, 0, 1)).toBe(1);
  });

  it('when first cousins share one allele 10 (A 10/11, B 10/12), then LR = ¾ + ¼ · 1/(4 p10)', () => {
    const model = compileSmallLocus({ alleles: ['10', '11', '12'], weights: [0.1, 0.2, 0.7], mutation: undefined });
    expect(relativeError(kappaLr(model, KAPPA.firstCousins, 0, 1, 0, 2), 0.75 + 0.25 / (4 * 0.1))).toBeLessThan(1e-14);
  });
});
