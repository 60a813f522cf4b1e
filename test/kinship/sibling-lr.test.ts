import fc from 'fast-check';
import { fullSiblingLr, halfSiblingLr, KAPPA, kappaLr, kinshipLocusLr, type Individual } from '../../src/kinship';
import { arbGenotype, arbSmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { compileSmallLocus, enginePairLr } from './support/engine';

const arbPair = arbSmallLocus(2, 5).chain((locus) =>
  fc.record({ locus: fc.constant(locus), a: arbGenotype(locus.alleles.length), b: arbGenotype(locus.alleles.length) }),
);

const MATERNAL_HALF_SIBLINGS: Individual[] = [
  { id: 'M', sex: 'female' }, { id: 'F1', sex: 'male' }, { id: 'F2', sex: 'male' },
  { id: 'A', father: 'F1', mother: 'M', sex: 'male' }, { id: 'B', father: 'F2', mother: 'M', sex: 'female' },
];

describe('fullSiblingLr / halfSiblingLr', () => {
  it('when full siblings are scored with any mutation model, then the closed form equals the general engine to a relative 1e-12', () => {
    fc.assert(
      fc.property(arbPair, ({ locus, a, b }) => {
        const model = compileSmallLocus(locus);
        expect(relativeError(fullSiblingLr(model, a[0], a[1], b[0], b[1]), enginePairLr(model, 'fullSiblings', a, b, 0))).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('when paternal or maternal half siblings are scored with any mutation model, then the closed form equals the general engine', () => {
    fc.assert(
      fc.property(arbPair, ({ locus, a, b }) => {
        const model = compileSmallLocus(locus);
        expect(relativeError(halfSiblingLr(model, 'male', a[0], a[1], b[0], b[1]), enginePairLr(model, 'halfSiblings', a, b, 0))).toBeLessThan(1e-12);
        const maternal = kinshipLocusLr(MATERNAL_HALF_SIBLINGS, [{ id: 'A' }, { id: 'B' }], { A: a, B: b }, model).LR;
        expect(relativeError(halfSiblingLr(model, 'female', a[0], a[1], b[0], b[1]), maternal)).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('when there is no mutation, then the sibling closed forms equal the κ kernel', () => {
    fc.assert(
      fc.property(arbPair, ({ locus, a, b }) => {
        const model = compileSmallLocus(locus, false);
        expect(relativeError(fullSiblingLr(model, a[0], a[1], b[0], b[1]), kappaLr(model, KAPPA.fullSiblings, a[0], a[1], b[0], b[1]))).toBeLessThan(1e-12);
        expect(relativeError(halfSiblingLr(model, 'male', a[0], a[1], b[0], b[1]), kappaLr(model, KAPPA.halfSiblings, a[0], a[1], b[0], b[1]))).toBeLessThan(1e-12);
      }),
    );
  });
});
