import fc from 'fast-check';
import {
  describeMutation, microvariantGroup, MutationModelError, effectiveMutation, mutationMatrix, resolveMutation, type MutationSpec,
} from '../../src/kinship';
import { arbMutation, arbSmallLocus } from './support/arbitraries';

const row = (m: Float64Array, n: number, i: number): number[] => Array.from(m.subarray(i * n, i * n + n));

describe('mutationMatrix', () => {
  it('when any model is built over any allele list, then every entry is in [0, 1] and every row sums to 1', () => {
    fc.assert(
      fc.property(arbSmallLocus(1, 5), fc.constantFrom('female' as const, 'male' as const), (locus, sex) => {
        const m = mutationMatrix(resolveMutation(locus.mutation, sex), locus.alleles, locus.weights);
        const n = locus.alleles.length;
        for (let i = 0; i < n; i++) {
          const r = row(m, n, i);
          expect(r.every((x) => x >= 0 && x <= 1)).toBe(true);
          expect(Math.abs(r.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when the model is proportional, then the expected mutation rate Σ p_i (1 − M[i][i]) equals the rate and p·M = p', () => {
    fc.assert(
      fc.property(arbSmallLocus(2, 5), fc.double({ min: 1e-6, max: 0.04, noNaN: true }), (locus, rate) => {
        const n = locus.alleles.length;
        const m = mutationMatrix({ model: 'proportional', rate, rate2: 0, range: 0 }, locus.alleles, locus.weights);
        const p = locus.weights;
        const expected = p.reduce((s, pi, i) => s + pi * (1 - m[i * n + i]!), 0);
        // 1 − M[i][i] cancels to within one ulp of 1 (about 1.1e-16), which for a rate near 1e-6 is
        // already 1e-10 of it: the bound is relative plus that absolute rounding floor.
        expect(Math.abs(expected - rate)).toBeLessThan(1e-10 * rate + 1e-15);
        for (let x = 0; x < n; x++) expect(Math.abs(p.reduce((s, pi, i) => s + pi * m[i * n + x]!, 0) - p[x]!)).toBeLessThan(1e-14);
      }),
    );
  });

  it('when the model is equal with rate 0.002 over 5 alleles, then M[i][i] = 0.998 and M[i][j] = 0.002 / 4', () => {
    const m = mutationMatrix({ model: 'equal', rate: 0.002, rate2: 0, range: 0 }, ['8', '9', '10', '11', '12'], [0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(row(m, 5, 2)).toEqual([0.0005, 0.0005, 0.998, 0.0005, 0.0005]);
  });

  it('when the README §3 D22S1045 example is built (stepwise 0.003, range 0.5), then M[15][16] = 0.003 · 0.5 / 1.625 and M[15][15] = 0.997', () => {
    const alleles = ['11', '12', '14', '15', '16', '17', '18', '19'];
    const m = mutationMatrix({ model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 }, alleles, alleles.map(() => 1 / 8));
    const i15 = alleles.indexOf('15');
    expect(m[i15 * 8 + alleles.indexOf('16')]).toBeCloseTo((0.003 * 0.5) / 1.625, 17);
    expect(m[i15 * 8 + i15]).toBe(1 - 0.003);
    // 15 → 12 is 3 steps although 13 is not listed.
    expect(m[i15 * 8 + alleles.indexOf('12')]).toBeCloseTo((0.003 * 0.5 ** 3) / 1.625, 17);
  });

  it('when stepwise alleles include microvariants, then jumps between groups share rate2 and steps stay within a group', () => {
    const alleles = ['9', '9.3', '10', '10.3'];
    const m = mutationMatrix({ model: 'stepwise', rate: 0.01, rate2: 0.001, range: 0.5 }, alleles, [0.25, 0.25, 0.25, 0.25]);
    // Row of 9: same group {10} gets all of rate; other group {9.3, 10.3} shares rate2.
    expect(row(m, 4, 0)).toEqual([1 - 0.01 - 0.001, 0.0005, 0.01, 0.0005]);
    // An allele alone in its group keeps 1 − rate2.
    const lone = mutationMatrix({ model: 'stepwise', rate: 0.01, rate2: 0.001, range: 0.5 }, ['9', '10', '9.3'], [0.4, 0.4, 0.2]);
    expect(lone[2 * 3 + 2]).toBe(1 - 0.001);
    expect([microvariantGroup(9.3), microvariantGroup(10.3), microvariantGroup(9), microvariantGroup(9.5), microvariantGroup(10.5)]).toEqual([3, 3, 0, 5, 5]);
  });

  it('when the model is onestep, then only neighbours one repeat away get rate / |N_i| and an isolated allele keeps 1', () => {
    const m = mutationMatrix({ model: 'onestep', rate: 0.004, rate2: 0, range: 0 }, ['8', '9', '10', '13'], [0.25, 0.25, 0.25, 0.25]);
    expect(row(m, 4, 1)).toEqual([0.002, 0.996, 0.002, 0]);
    expect(row(m, 4, 3)).toEqual([0, 0, 0, 1]);
    expect(() => mutationMatrix({ model: 'onestep', rate: 0.004, rate2: 0, range: 0 }, ['8', '9.3'], [0.5, 0.5], 'TH01')).toThrow(/integer alleles/);
  });

  it('when a stepwise or onestep model meets an allele without a repeat number (OL, a fragment length), then the locus gets the equal model with the same rate', () => {
    const rate = 0.002;
    const equal = mutationMatrix({ model: 'equal', rate, rate2: 0, range: 0 }, ['326', '330', '331'], [0.2, 0.3, 0.5]);

    expect(mutationMatrix({ model: 'stepwise', rate, rate2: 1e-6, range: 0.5 }, ['326', '330', '331'], [0.2, 0.3, 0.5], 'D17S906')).toEqual(equal);
    expect(mutationMatrix({ model: 'onestep', rate, rate2: 0, range: 0 }, ['326', '330', '331'], [0.2, 0.3, 0.5], 'D17S906')).toEqual(equal);
    expect(Array.from(mutationMatrix({ model: 'stepwise', rate, rate2: 0, range: 0.5 }, ['8', 'OL'], [0.5, 0.5], 'FGA'))).toEqual([1 - rate, rate, rate, 1 - rate]);
  });

  it('when the effective model of a locus is asked, then only stepwise and onestep over a non-repeat name change, to equal with the same rate', () => {
    const stepwise = { model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 } as const;

    expect(effectiveMutation(stepwise, ['9', '9.3', '10'])).toBe(stepwise);
    expect(effectiveMutation(stepwise, ['252', '256'])).toEqual({ model: 'equal', rate: 0.003, rate2: 0, range: 0 });
    const proportional = { model: 'proportional', rate: 0.003, rate2: 0, range: 0 } as const;
    expect(effectiveMutation(proportional, ['252', '256'])).toBe(proportional);
  });
});

describe('resolveMutation', () => {
  it('when a sex object overrides some fields, then the others come from the enclosing object (README §3)', () => {
    const spec: MutationSpec = { model: 'stepwise', rate2: 1e-6, range: 0.5, female: { rate: 0.001 }, male: { rate: 0.004 } };
    expect(resolveMutation(spec, 'female')).toEqual({ model: 'stepwise', rate: 0.001, rate2: 1e-6, range: 0.5 });
    expect(resolveMutation(spec, 'male')).toEqual({ model: 'stepwise', rate: 0.004, rate2: 1e-6, range: 0.5 });
  });

  it('when the spec is absent or "none", then there is no mutation', () => {
    expect(resolveMutation(undefined, 'male').model).toBe('none');
    expect(resolveMutation({ model: 'none' }, 'female').model).toBe('none');
  });

  it.each([
    [{ model: 'equal' }, /"rate" is required/],
    [{ model: 'stepwise', rate: 0.002 }, /"range" is required/],
    [{ rate: 0.002 }, /"model" is missing/],
    [{ model: 'equal', rate: 1.5 }, /rate must be a number in \[0, 1\]/],
    [{ model: 'stepwise', rate: 0.6, rate2: 0.6, range: 0.5 }, /rate \+ rate2/],
    [{ model: 'stepwise', rate: 0.1, range: 0 }, /range must be a number > 0/],
  ] as const)('when the spec is %j, then a MutationModelError explains it', (spec, message) => {
    expect(() => resolveMutation(spec as MutationSpec, 'male')).toThrow(MutationModelError);
    expect(() => resolveMutation(spec as MutationSpec, 'male')).toThrow(message);
  });

  it('when any generated spec resolves, then both sexes get a known model', () => {
    fc.assert(
      fc.property(arbMutation(true, 3), (spec) => {
        for (const sex of ['female', 'male'] as const) expect(['none', 'equal', 'proportional', 'stepwise', 'onestep']).toContain(resolveMutation(spec, sex).model);
      }),
    );
  });
});

describe('describeMutation', () => {
  it.each([
    [undefined, 'none'],
    [{ model: 'equal', rate: 0.002 }, 'equal(rate=0.002)'],
    [{ model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 }, 'stepwise(rate=0.003,rate2=1e-06,range=0.5)'],
    [{ female: { model: 'equal', rate: 0.001 }, male: { model: 'stepwise', rate: 0.004, rate2: 1e-6, range: 0.5 } }, 'female:equal(rate=0.001);male:stepwise(rate=0.004,rate2=1e-06,range=0.5)'],
    [{ model: 'stepwise', rate2: 1e-6, range: 0.1, female: { rate: 0.00004 }, male: { rate: 0.0004 } }, 'female:stepwise(rate=4e-05,rate2=1e-06,range=0.1);male:stepwise(rate=0.0004,rate2=1e-06,range=0.1)'],
  ] as const)('when the spec is %j, then the summary reads %s (README §4)', (spec, text) => {
    expect(describeMutation(spec as MutationSpec | undefined)).toBe(text);
  });
});
