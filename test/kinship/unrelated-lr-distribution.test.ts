import fc from 'fast-check';
import {
  compileLocusModel, compilePedigree, genotypeIndex, missingPersonLocusLr, unrelatedLrDistribution,
  type CompiledLocusModel, type CompiledPedigree, type GenotypePair, type Individual, type MutationSpec,
} from '../../src/kinship';
import { mulberry32 } from '../../src/matching';
import { arbFrequencies, arbMutation } from './support/arbitraries';

const DUO: Individual[] = [
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'female' },
];
const SIBLING: Individual[] = [...DUO, { id: 'S1', father: 'FA', mother: 'MO', sex: 'male' }];

function locus(name: string, freqs: readonly number[], mutation: MutationSpec | null = null): CompiledLocusModel {
  return compileLocusModel({ name, frequencies: freqs.map((p, i) => [String(10 + i), p] as const), mutation });
}

/** Three small loci: 4 × 5 × 3 alleles give 10 × 15 × 6 = 900 genotype combinations. */
function smallLoci(mutation: MutationSpec | null = null): CompiledLocusModel[] {
  return [
    locus('D8S1179', [0.1, 0.2, 0.3, 0.4], mutation),
    locus('D21S11', [0.05, 0.15, 0.25, 0.25, 0.3], mutation),
    locus('D7S820', [0.6, 0.3, 0.1], mutation),
  ];
}

interface Family {
  readonly ped: CompiledPedigree;
  readonly missing: number;
  readonly typed: readonly Record<string, GenotypePair>[];
}

function familyOf(individuals: Individual[], typed: readonly Record<string, GenotypePair>[]): Family {
  const ped = compilePedigree(individuals);
  return { ped, missing: ped.indexOf('MP'), typed };
}

function genotypeArrays(f: Family): Int32Array[] {
  return f.typed.map((t) => {
    const g = new Int32Array(2 * f.ped.size).fill(-1);
    for (const [id, [a, b]] of Object.entries(t)) {
      g[2 * f.ped.indexOf(id)] = Math.min(a, b);
      g[2 * f.ped.indexOf(id) + 1] = Math.max(a, b);
    }
    return g;
  });
}

/** Every genotype of every locus with its Hardy–Weinberg probability and the peeling engine's log10 LR. */
function exactLocusLaws(f: Family, models: readonly CompiledLocusModel[]): { p: number; y: number; a: number; b: number }[][] {
  return models.map((model, l) => {
    const law: { p: number; y: number; a: number; b: number }[] = [];
    for (let b = 0; b < model.n; b++) {
      for (let a = 0; a <= b; a++) {
        const y = missingPersonLocusLr(f.ped, 'MP', f.typed[l]!, [a, b], model).log10LR;
        law.push({ p: model.genotypeFreqs[genotypeIndex(a, b)]!, y, a, b });
      }
    }
    return law;
  });
}

/** The exact law of the summed log10 LR by enumerating every combination of genotypes. */
function enumerate(laws: { p: number; y: number }[][]): { p: number; y: number }[] {
  let acc = [{ p: 1, y: 0 }];
  for (const law of laws) acc = acc.flatMap((s) => law.map((o) => ({ p: s.p * o.p, y: s.y + o.y })));
  return acc;
}

function exactExceedance(outcomes: readonly { p: number; y: number }[], x: number): number {
  return outcomes.reduce((s, o) => (o.y >= x - 1e-12 ? s + o.p : s), 0);
}

const FAMILIES: Record<string, (models: CompiledLocusModel[]) => Family> = {
  'a duo (father typed)': () => familyOf(DUO, [{ FA: [1, 3] }, { FA: [0, 0] }, { FA: [1, 2] }]),
  'a trio': () => familyOf(DUO, [{ FA: [1, 3], MO: [0, 2] }, { FA: [0, 4], MO: [2, 2] }, { FA: [0, 1], MO: [0, 2] }]),
  'a full sibling': () => familyOf(SIBLING, [{ S1: [1, 3] }, { S1: [0, 4] }, { S1: [2, 2] }]),
};

describe('unrelatedLrDistribution', () => {
  for (const [name, build] of Object.entries(FAMILIES)) {
    for (const mutation of [null, { model: 'equal', rate: 0.002 } as const, { model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 } as const]) {
      it(`when ${name} (mutation ${mutation?.model ?? 'none'}) is enumerated over all 900 genotype combinations, then the grid exceedance is never below the exact one and within the grid error of it`, () => {
        const models = smallLoci(mutation);
        const f = build(models);
        const step = 0.01;
        const outcomes = enumerate(exactLocusLaws(f, models));
        const d = unrelatedLrDistribution(f.ped, f.missing, models, genotypeArrays(f), { stepLog10: step, minLog10Lr: -3 });
        const xs = [...new Set(outcomes.map((o) => o.y).filter((y) => y >= -3)), -2.5, 0, 0.37, 1, 2.123];
        for (const x of xs) {
          const exact = exactExceedance(outcomes, x);
          const grid = d.exceedance(x);
          expect(grid).toBeGreaterThanOrEqual(exact - 1e-12);
          // Each of the 3 loci was rounded up by less than one step.
          expect(grid).toBeLessThanOrEqual(Math.max(exactExceedance(outcomes, x - 3 * step), 10 ** -x) + 1e-12);
        }
      });
    }
  }

  it('when unrelated persons are simulated from the frequencies for a duo, then the share with LR >= x agrees with the grid exceedance within Monte Carlo error', () => {
    const models = smallLoci({ model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 });
    const f = FAMILIES['a duo (father typed)']!(models);
    const laws = exactLocusLaws(f, models);
    const step = 0.01;
    const d = unrelatedLrDistribution(f.ped, f.missing, models, genotypeArrays(f), { stepLog10: step });
    const random = mulberry32(20261207);
    const draw = (model: CompiledLocusModel): number => {
      let u = random();
      for (let i = 0; i < model.n; i++) if ((u -= model.freqs[i]!) < 0) return i;
      return model.n - 1;
    };
    const n = 40_000;
    const sums = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      let y = 0;
      models.forEach((model, l) => {
        const a = draw(model);
        const b = draw(model);
        y += laws[l]!.find((o) => o.a === Math.min(a, b) && o.b === Math.max(a, b))!.y;
      });
      sums[s] = y;
    }
    const share = (x: number): number => sums.reduce((c, y) => (y >= x ? c + 1 : c), 0) / n;
    for (const x of [0, 0.5, 1, 1.5, 2]) {
      const p = d.exceedance(x);
      const sigma = Math.sqrt(Math.max(p, 1 / n) * (1 - p) / n);
      expect(share(x)).toBeLessThanOrEqual(p + 4 * sigma);
      expect(share(x - 3 * step)).toBeGreaterThanOrEqual(p - 4 * sigma);
    }
  });

  it('when a locus has no typed relative, then it neither changes the distribution nor counts as compared', () => {
    const models = smallLoci();
    const f = FAMILIES['a duo (father typed)']!(models);
    const full = unrelatedLrDistribution(f.ped, f.missing, models, genotypeArrays(f));
    const g = genotypeArrays(f);
    g[1]!.fill(-1);
    const partial = unrelatedLrDistribution(f.ped, f.missing, models, g);
    const withoutLocus = unrelatedLrDistribution(f.ped, f.missing, [models[0]!, models[2]!], [g[0]!, g[2]!]);
    expect(full.lociCompared).toBe(3);
    expect(partial.lociCompared).toBe(2);
    for (const x of [0, 0.5, 1, 1.5]) expect(partial.exceedance(x)).toBe(withoutLocus.exceedance(x));
  });

  it('when the chart points are read, then they run from the resolved minimum up with non-increasing exceedances', () => {
    const models = smallLoci();
    const f = FAMILIES['a trio']!(models);
    const d = unrelatedLrDistribution(f.ped, f.missing, models, genotypeArrays(f));
    const { log10LR, exceedance } = d.points(20);
    expect(log10LR.length).toBeLessThanOrEqual(20);
    expect(log10LR[0]).toBe(0);
    expect(log10LR[log10LR.length - 1]).toBeCloseTo(d.maxLog10Lr, 12);
    for (let i = 1; i < log10LR.length; i++) {
      expect(log10LR[i]!).toBeGreaterThan(log10LR[i - 1]!);
      expect(exceedance[i]!).toBeLessThanOrEqual(exceedance[i - 1]!);
    }
    expect(d.exceedance(d.maxLog10Lr + 0.01)).toBe(0);
  });
});

describe('unrelatedLrDistribution properties', () => {
  const arbDuo = fc
    .record({ loci: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 2, max: 5 }) })
    .chain(({ loci, n }) =>
      fc.record({
        freqs: fc.array(arbFrequencies(n), { minLength: loci, maxLength: loci }),
        mutation: arbMutation(true, n),
        father: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { minLength: loci, maxLength: loci }),
        xs: fc.array(fc.double({ min: -1, max: 6, noNaN: true }), { minLength: 2, maxLength: 6 }),
      }),
    );

  it('when any duo is calibrated, then every exceedance is in [0, 1], non-increasing in the LR and at most 1/LR', () => {
    fc.assert(
      fc.property(arbDuo, ({ freqs, mutation, father, xs }) => {
        const models = freqs.map((p, l) => locus(['D8S1179', 'D21S11', 'D7S820'][l]!, p, mutation ?? null));
        const f = familyOf(DUO, father.map((g) => ({ FA: g })));
        const d = unrelatedLrDistribution(f.ped, f.missing, models, genotypeArrays(f), { minLog10Lr: -1 });
        const sorted = [...xs].sort((a, b) => a - b);
        let previous = 1;
        for (const x of sorted) {
          const e = d.exceedance(x);
          expect(e).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(1);
          expect(e).toBeLessThanOrEqual(10 ** -x);
          expect(e).toBeLessThanOrEqual(previous);
          previous = e;
        }
      }),
      { numRuns: 150 },
    );
  });
});
