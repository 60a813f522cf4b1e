import fc from 'fast-check';
import { duoLr } from '../../src/kinship';
import { arbGenotype, arbSmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { compileSmallLocus, engineDuoLr } from './support/engine';

const arbDuo = (withMutation: boolean) =>
  arbSmallLocus(2, 5).chain((locus) =>
    fc.record({
      model: fc.constant(compileSmallLocus(locus, withMutation)),
      parent: arbGenotype(locus.alleles.length),
      child: arbGenotype(locus.alleles.length),
      sex: fc.constantFrom('male' as const, 'female' as const),
      theta: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.3, noNaN: true })),
    }),
  );

describe('duoLr', () => {
  it('when any duo is scored with mutation and θ, then the kernel equals the general engine to a relative 1e-12', () => {
    fc.assert(
      fc.property(arbDuo(true), ({ model, parent, child, sex, theta }) => {
        const fast = duoLr(model, sex, parent[0], parent[1], child[0], child[1], theta);
        const exact = engineDuoLr(model, sex, parent, child, theta);
        expect(relativeError(fast, exact)).toBeLessThan(1e-12);
        expect(fast).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(fast)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('when there is no mutation, then swapping parent and child leaves the duo LR unchanged (any θ)', () => {
    fc.assert(
      fc.property(arbDuo(false), ({ model, parent, child, sex, theta }) => {
        const forward = duoLr(model, sex, parent[0], parent[1], child[0], child[1], theta);
        const backward = duoLr(model, sex, child[0], child[1], parent[0], parent[1], theta);
        expect(relativeError(forward, backward)).toBeLessThan(1e-12);
      }),
    );
  });

  it('when the mutation model is proportional (stationary and reversible), then the duo LR is still symmetric at θ = 0', () => {
    fc.assert(
      fc.property(arbDuo(false), fc.double({ min: 1e-6, max: 0.04, noNaN: true }), ({ model, parent, child, sex }, rate) => {
        const prop = compileSmallLocus({ alleles: [...model.alleles], weights: Array.from(model.freqs), mutation: { model: 'proportional', rate } });
        const forward = duoLr(prop, sex, parent[0], parent[1], child[0], child[1]);
        const backward = duoLr(prop, sex, child[0], child[1], parent[0], parent[1]);
        expect(relativeError(forward, backward)).toBeLessThan(1e-12);
      }),
    );
  });

  it('when the parent 10/11 and child 10/12 share allele 10, then LR = 1/(4 p10) without θ and (1 + 2θ)/(4 (θ + (1 − θ) p10)) with θ', () => {
    const model = compileSmallLocus({ alleles: ['10', '11', '12'], weights: [0.2, 0.3, 0.5], mutation: undefined });
    expect(relativeError(duoLr(model, 'male', 0, 1, 0, 2), 1 / (4 * 0.2))).toBeLessThan(1e-15);
    const theta = 0.05;
    expect(relativeError(duoLr(model, 'female', 0, 1, 0, 2, theta), (1 + 2 * theta) / (4 * (theta + (1 - theta) * 0.2)))).toBeLessThan(1e-14);
  });
});
