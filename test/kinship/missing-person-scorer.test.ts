import fc from 'fast-check';
import {
  compileLocusModel, compilePedigree, createMissingPersonLocusScorer, fastMissingPersonLr, missingPersonLocusLr,
  missingPersonLocusTable, missingPersonLr, type CompiledLocusModel, type GenotypePair,
} from '../../src/kinship';
import { compileSmallLocus, genotypeArray } from './support/engine';
import { arbGenotype, arbPedigree, arbSmallLocus, type SmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { arbTypedReferenceFamily, buildReferenceFamily } from './support/reference-families';

const modelOf = (locus: SmallLocus): CompiledLocusModel => compileSmallLocus(locus);

function expectSameLr(actual: number, expected: number): void {
  if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else expect(relativeError(actual, expected)).toBeLessThan(1e-12);
}

function expectSameLog10(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThan(1e-11);
}

/** A relationship-built family, a locus, a random typed subset of the relatives and a POI. */
const arbFamilyCase = arbTypedReferenceFamily(4).chain((c) =>
  fc.record({ family: fc.constant(c.family), locus: fc.constant(c.locus), genotypes: fc.constant(c.genotypes), poi: fc.option(arbGenotype(c.locus.alleles.length), { nil: null, freq: 8 }) }),
);

describe('createMissingPersonLocusScorer', () => {
  it('when a relationship-built family is typed at random (with any mutation model), then the locus LR, log10 LR, status and compared flag equal the peeling engine', () => {
    fc.assert(
      fc.property(arbFamilyCase, ({ family, locus, genotypes, poi }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(family.individuals);
        const typed = new Map(family.relatives.flatMap((id, k) => (genotypes[k] ? [[id, genotypes[k]] as const] : [])));
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const actual = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model).locus(g, poi);
        const expected = missingPersonLocusLr(ped, 'MP', Object.fromEntries(typed), poi, model);
        expectSameLr(actual.LR, expected.LR);
        expectSameLog10(actual.log10LR, expected.log10LR);
        expect(actual.status).toBe(expected.status);
        expect(actual.compared).toBe(expected.compared);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    [['fullSibling', 'fullSibling']],
    [['fullSibling', 'paternalAunt']],
    [['paternalUncle']],
    [['maternalHalfSibling', 'paternalGrandmother']],
    [['child']],
    [['maternalGrandfather', 'maternalUncle']],
  ] as const)('when the relatives %j are all typed (or the listed subsets are), then every closed form they reach equals the engine', (relationships) => {
    fc.assert(
      fc.property(arbSmallLocus(2, 5), fc.array(arbGenotype(5), { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), (locus, draws, drop) => {
        const model = modelOf(locus);
        const n = model.n;
        const family = buildReferenceFamily('male', [...relationships]);
        const ped = compilePedigree(family.individuals);
        const typed = new Map(family.relatives.flatMap((id, k) => (drop[k] ? [] : [[id, [draws[k]![0] % n, draws[k]![1] % n] as GenotypePair] as const])));
        const poi: GenotypePair = [draws[2]![0] % n, draws[2]![1] % n];
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const actual = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model).locus(g, poi);
        const expected = missingPersonLocusLr(ped, 'MP', Object.fromEntries(typed), poi, model);
        expectSameLr(actual.LR, expected.LR);
        expect(actual.status).toBe(expected.status);
      }),
      { numRuns: 120 },
    );
  });

  it.each([
    ['fullSibling'], ['paternalGrandfather'], ['maternalGrandmother'], ['paternalAunt'], ['maternalUncle'], ['paternalHalfSibling'], ['maternalHalfSibling'],
  ] as const)('when a %s is the only typed relative, then the table over every relative genotype equals the engine for a fixed POI', (relationship) => {
    fc.assert(
      fc.property(arbSmallLocus(2, 5), arbGenotype(5), fc.constantFrom<'male' | 'female'>('male', 'female'), (locus, draw, sex) => {
        const model = modelOf(locus);
        const n = model.n;
        const family = buildReferenceFamily(sex, [relationship]);
        const ped = compilePedigree(family.individuals);
        const relative = family.relatives[0]!;
        const mask = ped.ids.map((id) => id === relative);
        const poi: GenotypePair = [draw[0] % n, draw[1] % n];
        const table = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model).relativeTable(poi[0], poi[1]);
        expect(table).not.toBeNull();
        for (let b = 0; b < n; b++) {
          for (let a = 0; a <= b; a++) {
            const expected = missingPersonLocusLr(ped, 'MP', { [relative]: [a, b] }, poi, model);
            expectSameLr(table![(b * (b + 1)) / 2 + a]!, expected.LR);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    [['father', 'fullSibling']], [['mother', 'fullSibling']], [['father', 'mother', 'fullSibling']],
  ] as const)('when %j are typed (a typed parent and one full sibling), then the full-sibling closed form tables every POI genotype as the engine does, under any mutation model', (relationships) => {
    fc.assert(
      fc.property(arbSmallLocus(2, 5), fc.array(arbGenotype(5), { minLength: 3, maxLength: 3 }), (locus, draws) => {
        const model = modelOf(locus);
        const n = model.n;
        const family = buildReferenceFamily('male', [...relationships]);
        const ped = compilePedigree(family.individuals);
        const typed = new Map(family.relatives.map((id, k) => [id, [draws[k]![0] % n, draws[k]![1] % n] as GenotypePair] as const));
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const scorer = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model);
        expect(scorer.structure.kind).toBe('fullSibling');
        const expected = missingPersonLocusTable(ped, 'MP', Object.fromEntries(typed), model);
        const actual = scorer.table(g);
        for (let i = 0; i < model.genotypeCount; i++) {
          expectSameLr(actual.lr[i]!, expected.lr[i]!);
          expect(actual.status[i]).toBe(expected.status[i]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('when the LR of every POI genotype is tabled (θ = 0), then each entry and status equals the engine table', () => {
    fc.assert(
      fc.property(arbFamilyCase, ({ family, locus, genotypes }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(family.individuals);
        const typed = new Map(family.relatives.flatMap((id, k) => (genotypes[k] ? [[id, genotypes[k]] as const] : [])));
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const actual = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model).table(g);
        const expected = missingPersonLocusTable(ped, 'MP', Object.fromEntries(typed), model);
        for (let i = 0; i < model.genotypeCount; i++) {
          expectSameLr(actual.lr[i]!, expected.lr[i]!);
          expect(actual.status[i]).toBe(expected.status[i]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('when one scorer tables the LRs of two families in turn into one reused array, then each table equals the engine table', () => {
    fc.assert(
      fc.property(arbFamilyCase, fc.array(fc.option(arbGenotype(5), { nil: undefined, freq: 4 }), { minLength: 4, maxLength: 4 }), ({ family, locus, genotypes }, second) => {
        const model = modelOf(locus);
        const ped = compilePedigree(family.individuals);
        const first = new Map(family.relatives.flatMap((id, k) => (genotypes[k] ? [[id, genotypes[k]] as const] : [])));
        const mask = Array.from({ length: ped.size }, (_, i) => genotypeArray(ped, first)[2 * i]! >= 0);
        // The second family: the same typed members, other genotypes within the locus' alleles.
        const other = new Map([...first.keys()].map((id, k) => {
          const pair = second[k] ?? first.get(id)!;
          return [id, [pair[0] % locus.alleles.length, pair[1] % locus.alleles.length] as GenotypePair] as const;
        }));
        const scorer = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model);
        const out = new Float64Array(model.genotypeCount);
        for (const typed of [first, other]) {
          const actual = scorer.lrTable(genotypeArray(ped, typed), out);
          const expected = missingPersonLocusTable(ped, 'MP', Object.fromEntries(typed), model);
          expect(actual).toBe(out);
          for (let i = 0; i < model.genotypeCount; i++) expectSameLr(actual[i]!, expected.lr[i]!);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('when any loop-free pedigree has a random missing member and typed members, then the scorer equals the engine', () => {
    const arb = fc
      .record({ ped: arbPedigree(7), locus: arbSmallLocus(2, 4) })
      .chain(({ ped, locus }) =>
        fc.record({
          ped: fc.constant(ped),
          locus: fc.constant(locus),
          missing: fc.nat({ max: ped.individuals.length - 1 }),
          genotypes: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 3 }), {
            minLength: ped.individuals.length,
            maxLength: ped.individuals.length,
          }),
          poi: arbGenotype(locus.alleles.length),
        }),
      );
    fc.assert(
      fc.property(arb, ({ ped: raw, locus, missing, genotypes, poi }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(raw.individuals);
        const missingId = raw.individuals[missing]!.id;
        const typed = new Map(raw.individuals.flatMap((ind, k) => (genotypes[k] && k !== missing ? [[ind.id, genotypes[k]] as const] : [])));
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const actual = createMissingPersonLocusScorer(ped, missing, mask, model).locus(g, poi);
        const expected = missingPersonLocusLr(ped, missingId, Object.fromEntries(typed), poi, model);
        expectSameLr(actual.LR, expected.LR);
        expect(actual.status).toBe(expected.status);
      }),
      { numRuns: 300 },
    );
  });

  it('when θ > 0 and only both parents or one parent is typed, then the trio and duo kernels equal the engine in joint mode', () => {
    fc.assert(
      fc.property(
        arbSmallLocus(2, 5),
        fc.double({ min: 0.001, max: 0.25, noNaN: true }),
        fc.constantFrom<readonly ('father' | 'mother')[]>(['father', 'mother'], ['father'], ['mother']),
        fc.constantFrom<'male' | 'female'>('male', 'female'),
        fc.array(arbGenotype(5), { minLength: 3, maxLength: 3 }),
        (locus, theta, parents, sex, draws) => {
          const model = modelOf(locus);
          const n = model.n;
          const family = buildReferenceFamily(sex, [...parents]);
          const ped = compilePedigree(family.individuals);
          const typed = new Map(family.relatives.map((id, k) => [id, [draws[k]![0] % n, draws[k]![1] % n] as GenotypePair] as const));
          const poi: GenotypePair = [draws[2]![0] % n, draws[2]![1] % n];
          const g = genotypeArray(ped, typed);
          const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
          const scorer = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model, theta);
          expect(scorer.structure.kind).toBe(parents.length === 2 ? 'thetaTrio' : 'thetaDuo');
          const actual = scorer.locus(g, poi);
          const expected = missingPersonLocusLr(ped, 'MP', Object.fromEntries(typed), poi, model, theta);
          expectSameLr(actual.LR, expected.LR);
          expect(actual.status).toBe(expected.status);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([
    [['fullSibling'], 'fullSibling'],
    [['fullSibling', 'fullSibling'], 'fullSiblingPair'],
    [['paternalGrandfather', 'paternalGrandmother'], 'separable'],
    [['maternalAunt'], 'separable'],
    [['paternalHalfSibling', 'maternalGrandfather'], 'separable'],
    [['child'], 'childDuo'],
    [['fullSibling', 'paternalAunt'], 'general'],
  ] as const)('when the typed relatives are %j, then the family is scored by the %s form', (relationships, kind) => {
    const family = buildReferenceFamily('female', [...relationships]);
    const ped = compilePedigree(family.individuals);
    const mask = ped.ids.map((id) => family.relatives.includes(id));
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.2, '7': 0.2, '8': 0.2, '9': 0.2, '9.3': 0.2 } });
    expect(createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model).structure.kind).toBe(kind);
  });

  it('when a child is the only typed relative under a non-stationary mutation model, then the LR is not the pairwise duo LR but the missing-person one', () => {
    // Under H2 the child's allele from the untyped missing parent is q = p·M, not p (README §2.1).
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.5, '7': 0.3, '8': 0.2 }, mutation: { model: 'equal', rate: 0.2 } });
    const family = buildReferenceFamily('male', ['child']);
    const ped = compilePedigree(family.individuals);
    const child = family.relatives[0]!;
    const typed = new Map([[child, [0, 1] as GenotypePair]]);
    const g = genotypeArray(ped, typed);
    const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
    const fast = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model).locus(g, [0, 2]);
    const engine = missingPersonLocusLr(ped, 'MP', { [child]: [0, 1] }, [0, 2], model);
    expectSameLr(fast.LR, engine.LR);
    const [qM, qF] = [model.qMale, model.qFemale];
    const t = (x: number): number => 0.5 * (model.male[0 * 3 + x]! + model.male[2 * 3 + x]!);
    const byHand = (t(0) * qF[1]! + t(1) * qF[0]!) / (qM[0]! * qF[1]! + qM[1]! * qF[0]!);
    expectSameLr(fast.LR, byHand);
  });
});

describe('fastMissingPersonLr', () => {
  it('when a family is scored over several loci, then the combined result equals missingPersonLr', () => {
    const family = buildReferenceFamily('male', ['paternalGrandfather', 'paternalGrandmother', 'maternalAunt']);
    const ped = compilePedigree(family.individuals);
    const models = ['TH01', 'TPOX', 'CSF1PO'].map((name) =>
      compileLocusModel({ name, frequencies: { '8': 0.3, '9': 0.25, '10': 0.25, '11': 0.2 }, mutation: { model: 'stepwise', rate: 0.01, rate2: 1e-5, range: 0.5 } }),
    );
    const typedAt: Record<string, GenotypePair>[] = [
      { PGF: [0, 1], PGM: [2, 3], maternalAunt2: [1, 1] },
      { PGF: [0, 0], maternalAunt2: [3, 2] },
      {},
    ];
    const poi: (GenotypePair | null)[] = [[1, 3], [0, 2], [1, 1]];
    const genotypes = typedAt.map((t) => genotypeArray(ped, new Map(Object.entries(t))));
    const actual = fastMissingPersonLr(ped, ped.indexOf('MP'), models, genotypes, poi, { prior: 0.5 });
    const expected = missingPersonLr(ped, 'MP', models.map((model, l) => ({ model, typedByPerson: typedAt[l]!, poi: poi[l]! })), { prior: 0.5 });
    expectSameLr(actual.LR, expected.LR);
    expect(actual.inconsistentLoci).toBe(expected.inconsistentLoci);
    expect(actual.lociCompared).toBe(expected.lociCompared);
    expectSameLr(actual.posterior!, expected.posterior!);
  });
});
