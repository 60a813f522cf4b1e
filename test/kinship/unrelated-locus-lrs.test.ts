import fc from 'fast-check';
import {
  compileLocusModel, compilePedigree, createMissingPersonLocusScorer, genotypeIndex, unrelatedLocusLrs, type CompiledLocusModel,
  type GenotypePair, type Individual,
} from '../../src/kinship';
import { compileSmallLocus } from './support/engine';
import type { SmallLocus } from './support/arbitraries';
import { arbTypedReferenceFamily } from './support/reference-families';

const DUO: Individual[] = [
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'female' },
];

const modelOf = (locus: SmallLocus): CompiledLocusModel => compileSmallLocus(locus);

describe('unrelatedLocusLrs', () => {
  it('when a relationship-built family is typed at random (any mutation model, θ = 0), then every genotype carries the scorer\'s LR and its Hardy–Weinberg probability', () => {
    const arbCase = arbTypedReferenceFamily(3);
    fc.assert(
      fc.property(arbCase, ({ family, locus, genotypes }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(family.individuals);
        const missing = ped.indexOf('MP');
        const g = new Int32Array(2 * ped.size).fill(-1);
        family.relatives.forEach((id, k) => {
          const pair = genotypes[k];
          if (!pair) return;
          g[2 * ped.indexOf(id)] = Math.min(pair[0], pair[1]);
          g[2 * ped.indexOf(id) + 1] = Math.max(pair[0], pair[1]);
        });
        const typed = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const scorer = createMissingPersonLocusScorer(ped, missing, typed, model);
        const law = unrelatedLocusLrs(ped, missing, model, g);
        let total = 0;
        for (let b = 0; b < model.n; b++) {
          for (let a = 0; a <= b; a++) {
            const i = genotypeIndex(a, b);
            const expected = scorer.locus(g, [a, b]).LR;
            // NaN: the relatives alone are inconsistent without mutation (0 / 0), as in the scorer.
            if (expected > 0) expect(Math.abs(law.lr[i]! / expected - 1)).toBeLessThan(1e-12);
            else expect(law.lr[i]).toBe(expected);
            expect(law.probability[i]).toBe(model.genotypeFreqs[i]);
            total += law.probability[i]!;
          }
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-12);
        expect(law.compared).toBe(typed.some((t, i) => t && i !== missing));
      }),
      { numRuns: 200 },
    );
  });

  it('when θ > 0 for a duo, then the unrelated person is the next Balding–Nichols draw after the father\'s alleles', () => {
    const theta = 0.03;
    const p = [0.1, 0.2, 0.3, 0.4];
    const model = compileLocusModel({ name: 'D8S1179', frequencies: p.map((x, i) => [String(10 + i), x] as const) });
    const ped = compilePedigree(DUO);
    const father: GenotypePair = [1, 3];
    const g = Int32Array.of(father[0], father[1], -1, -1, -1, -1);
    const law = unrelatedLocusLrs(ped, 2, model, g, theta);
    // The father's alleles 1 and 3 were drawn first (m = 2), so the found person's {1, 3} is
    // 2 · (θ + (1−θ) p1)/(1 + θ) · (θ + (1−θ) p3)/(1 + 2θ) and {0, 2} is 2 · (1−θ) p0/(1 + θ) · (1−θ) p2/(1 + 2θ).
    const pFathers = (2 * ((theta + (1 - theta) * p[1]!) / (1 + theta)) * (theta + (1 - theta) * p[3]!)) / (1 + 2 * theta);
    const pOthers = (2 * (((1 - theta) * p[0]!) / (1 + theta)) * ((1 - theta) * p[2]!)) / (1 + 2 * theta);
    expect(law.probability[genotypeIndex(1, 3)]).toBeCloseTo(pFathers, 14);
    expect(law.probability[genotypeIndex(0, 2)]).toBeCloseTo(pOthers, 14);
    expect(law.probability.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    // README §2.3 check: a child {1, 2} of a father {1, 3} has LR (1 + 2θ) / (4 (θ + (1 − θ) p1)).
    expect(law.lr[genotypeIndex(1, 2)]).toBeCloseTo((1 + 2 * theta) / (4 * (theta + (1 - theta) * p[1]!)), 12);
    expect(law.lr[genotypeIndex(0, 2)]).toBe(0);
  });
});
