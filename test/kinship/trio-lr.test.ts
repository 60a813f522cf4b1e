import fc from 'fast-check';
import { trioLr } from '../../src/kinship';
import { arbGenotype, arbSmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { compileSmallLocus, engineTrioLr } from './support/engine';

describe('trioLr', () => {
  it('when any trio is scored with sex-specific mutation and θ, then the kernel equals the general engine to a relative 1e-12', () => {
    fc.assert(
      fc.property(
        arbSmallLocus(2, 5).chain((locus) =>
          fc.record({
            model: fc.constant(compileSmallLocus(locus)),
            father: arbGenotype(locus.alleles.length),
            mother: arbGenotype(locus.alleles.length),
            child: arbGenotype(locus.alleles.length),
            theta: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.3, noNaN: true })),
          }),
        ),
        ({ model, father, mother, child, theta }) => {
          const fast = trioLr(model, father[0], father[1], mother[0], mother[1], child[0], child[1], theta);
          expect(relativeError(fast, engineTrioLr(model, father, mother, child, theta))).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when the father is 10/10, the mother 11/12 and the child 10/11, then LR = 1/(4 p10 p11); with a 12/13 mother it is 0', () => {
    const model = compileSmallLocus({ alleles: ['10', '11', '12', '13'], weights: [0.1, 0.2, 0.3, 0.4], mutation: undefined });
    expect(relativeError(trioLr(model, 0, 0, 1, 2, 0, 1), 1 / (4 * 0.1 * 0.2))).toBeLessThan(1e-14);
    expect(trioLr(model, 0, 0, 2, 3, 0, 1)).toBe(0);
  });

  it('when θ > 0 and the child 10/11 has parents 10/10 and 11/12, then LR = P(child | parents) / P_BN(10, 11 | four parental alleles)', () => {
    const model = compileSmallLocus({ alleles: ['10', '11', '12', '13'], weights: [0.1, 0.2, 0.3, 0.4], mutation: undefined });
    const theta = 0.02;
    // Balding–Nichols after 10,10,11,12 (m = 4): P(10) = (2θ + (1−θ)p10)/(1+3θ); then (m = 5) P(11) = (θ + (1−θ)p11)/(1+4θ).
    const denominator = 2 * ((2 * theta + (1 - theta) * 0.1) / (1 + 3 * theta)) * ((theta + (1 - theta) * 0.2) / (1 + 4 * theta));
    expect(relativeError(trioLr(model, 0, 0, 1, 2, 0, 1, theta), 0.5 / denominator)).toBeLessThan(1e-14);
  });
});
