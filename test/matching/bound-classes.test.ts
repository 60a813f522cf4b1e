import fc from 'fast-check';
import { compilePedigree, createMissingPersonLocusScorer, missingPersonLocusLr } from '../../src/kinship';
import { alleleState, boundClassCount, classOfStates, INCONSISTENT, LEVEL_LOG2, levelAtLeast } from '../../src/matching/bound-classes';
import { canonicalFamily, classifyTemplate } from '../../src/matching/family-template';
import { LocusPanel } from '../../src/matching/locus-panel';
import { SearchState } from '../../src/matching/search-executor';
import { arbMutation } from '../kinship/support/arbitraries';
import { buildReferenceFamily, type Relationship } from '../kinship/support/reference-families';
import { mulberry32 } from '../../src/matching';
import { makeTable, MINIMUM_FREQUENCY, randomPerson } from './support/world';

describe('levelAtLeast', () => {
  it('when any positive LR is stored, then its level bounds it from above and the level below does not', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-30, max: 1e30, noNaN: true }), (lr) => {
        const level = levelAtLeast(lr);
        expect(2 ** LEVEL_LOG2[level]!).toBeGreaterThanOrEqual(lr);
        if (level > 0 && level < 127) expect(2 ** LEVEL_LOG2[level - 1]!).toBeLessThan(lr);
      }),
      { numRuns: 2000 },
    );
  });

  it('when the LR is 0, huge or infinite, then it is stored as level 0 or as unbounded', () => {
    expect(levelAtLeast(0)).toBe(0);
    expect(LEVEL_LOG2[levelAtLeast(1e9)]).toBe(Infinity);
    expect(LEVEL_LOG2[levelAtLeast(Infinity)]).toBe(Infinity);
  });
});

describe('bound tables', () => {
  const SHAPES: Relationship[][] = [
    ['fullSibling', 'fullSibling'], ['paternalAunt', 'paternalUncle'], ['paternalGrandfather', 'paternalAunt'],
    ['fullSibling', 'maternalGrandmother'], ['maternalHalfSibling', 'paternalHalfSibling'], ['fullSibling', 'fullSibling', 'paternalUncle'],
  ];

  it('when bounds are computed for families without a screen, then for every POI genotype the exact LR is at most the bound of its class, and flagged classes hold only inconsistent genotypes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.constantFrom(...SHAPES), arbMutation(true, 6), (seed, relationships, mutation) => {
        const random = mulberry32(seed);
        const table = makeTable(random, 3, 6);
        const panel = new LocusPanel({ table, mutation: () => mutation ?? null, minimumFrequency: MINIMUM_FREQUENCY });
        const family = buildReferenceFamily('male', relationships);
        const canonical = canonicalFamily({ individuals: family.individuals, missing: 'MP', typed: family.relatives });
        const template = classifyTemplate(0, canonical, 0);
        expect(template.kind).toBe('bound');
        const genotypes = new Map(canonical.slotIds.map((id) => [id, randomPerson({ table, random })]));
        const L = panel.size;
        const codes = new Uint16Array(canonical.slots.length * L);
        canonical.slotIds.forEach((id, s) => codes.set(panel.encode(genotypes.get(id)!), s * L));
        const state = new SearchState();
        state.apply({ version: 1, panel: panel.spec(), segments: [], found: [] });
        const levels = state.bounds({ kind: 'bounds', version: 1, template, codes })[0]!;
        const models = panel.models();
        const K = boundClassCount(canonical.slots.length);
        models.forEach((model, l) => {
          const positions = canonical.slotIds.flatMap((id) => {
            const g = genotypes.get(id)![model.name]!;
            const [a, b] = [model.indexOf(g[0]!), model.indexOf(g[1]!)];
            return [Math.min(a, b), Math.max(a, b)];
          });
          const typedByPerson = Object.fromEntries(canonical.slotIds.map((id, s) => [id, [positions[2 * s]!, positions[2 * s + 1]!] as const]));
          for (let y = 0; y < model.n; y++) {
            for (let x = 0; x <= y; x++) {
              const result = missingPersonLocusLr(family.individuals, 'MP', typedByPerson, [x, y], model);
              const exact = result.LR;
              // NaN: the relatives alone are impossible without mutation (0/0); never a candidate.
              if (Number.isNaN(exact)) continue;
              const k = classOfStates(alleleState(x, positions), alleleState(y, positions));
              const byte = levels[l * K + k]!;
              expect(exact).toBeLessThanOrEqual(2 ** LEVEL_LOG2[byte]!);
              if (byte & INCONSISTENT) expect(result.status).not.toBe('consistent');
            }
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('when there is no mutation, then the bound of a class is within one rounding step of every genotype in it (the classes are exact)', () => {
    const random = mulberry32(3);
    const table = makeTable(random, 2, 6);
    const panel = new LocusPanel({ table, mutation: () => null, minimumFrequency: MINIMUM_FREQUENCY });
    const family = buildReferenceFamily('female', ['fullSibling', 'fullSibling']);
    const ped = compilePedigree(family.individuals);
    const model = panel.models()[0]!;
    const positions = [0, 1, 1, 2];
    const typed = ped.ids.map((id) => family.relatives.includes(id));
    const g = new Int32Array(2 * ped.size).fill(-1);
    family.relatives.forEach((id, s) => {
      g[2 * ped.indexOf(id)] = positions[2 * s]!;
      g[2 * ped.indexOf(id) + 1] = positions[2 * s + 1]!;
    });
    const table2 = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), typed, model).table(g).lr;
    const byClass = new Map<number, number[]>();
    for (let y = 0; y < model.n; y++) {
      for (let x = 0; x <= y; x++) {
        const k = classOfStates(alleleState(x, positions), alleleState(y, positions));
        byClass.set(k, [...(byClass.get(k) ?? []), table2[(y * (y + 1)) / 2 + x]!]);
      }
    }
    for (const values of byClass.values()) {
      const max = Math.max(...values);
      for (const v of values) expect(max === 0 ? v : v / max).toEqual(max === 0 ? 0 : expect.closeTo(1, 12));
    }
  });
});
