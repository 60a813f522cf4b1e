import fc from 'fast-check';
import {
  compilePedigree, createMissingPersonLocusScorer, missingPersonLocusLr, type CompiledLocusModel,
  type GenotypePair,
} from '../../src/kinship';
import { compileSmallLocus, genotypeArray } from './support/engine';
import { arbGenotype, arbPedigree, arbSmallLocus, type SmallLocus } from './support/arbitraries';
import { relativeError } from './support/brute-force';
import { arbReferenceFamily, buildReferenceFamily } from './support/reference-families';

const modelOf = (locus: SmallLocus): CompiledLocusModel => compileSmallLocus(locus);

function expectSameLr(actual: number, expected: number): void {
  if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else expect(relativeError(actual, expected)).toBeLessThan(1e-10);
}

const arbTheta = fc.double({ min: 0.001, max: 0.3, noNaN: true });

describe('thetaDescentForm (through createMissingPersonLocusScorer at θ > 0)', () => {
  it('when a relationship-built family is typed at random and θ > 0, then the locus LR and status equal the peeling engine in joint mode to 1e-10', () => {
    const arb = fc
      .record({ family: arbReferenceFamily(3), locus: arbSmallLocus(2, 4), theta: arbTheta })
      .chain(({ family, locus, theta }) =>
        fc.record({
          family: fc.constant(family),
          locus: fc.constant(locus),
          theta: fc.constant(theta),
          genotypes: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 4 }), {
            minLength: family.relatives.length,
            maxLength: family.relatives.length,
          }),
          poi: arbGenotype(locus.alleles.length),
        }),
      );
    fc.assert(
      fc.property(arb, ({ family, locus, theta, genotypes, poi }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(family.individuals);
        const typed = new Map(family.relatives.flatMap((id, k) => (genotypes[k] ? [[id, genotypes[k]] as const] : [])));
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const actual = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model, theta).locus(g, poi);
        const expected = missingPersonLocusLr(ped, 'MP', Object.fromEntries(typed), poi, model, theta);
        expectSameLr(actual.LR, expected.LR);
        expect(actual.status).toBe(expected.status);
      }),
      { numRuns: 40 },
    );
  });
});

describe('thetaDescentForm relative tables and other pedigrees', () => {
  it.each([['fullSibling'], ['paternalGrandfather'], ['maternalAunt'], ['paternalUncle'], ['maternalHalfSibling']] as const)(
    'when a %s is the only typed relative and θ > 0, then the closed form is used and its table over every relative genotype equals the engine',
    (relationship) => {
      fc.assert(
        fc.property(arbSmallLocus(2, 4), arbGenotype(4), arbTheta, fc.constantFrom<'male' | 'female'>('male', 'female'), (locus, draw, theta, sex) => {
          const model = modelOf(locus);
          const n = model.n;
          const family = buildReferenceFamily(sex, [relationship]);
          const ped = compilePedigree(family.individuals);
          const relative = family.relatives[0]!;
          const mask = ped.ids.map((id) => id === relative);
          const poi: GenotypePair = [draw[0] % n, draw[1] % n];
          const scorer = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model, theta);
          expect(scorer.structure.kind).toBe('thetaDescent');
          const table = scorer.relativeTable(poi[0], poi[1]);
          for (let b = 0; b < n; b++) {
            for (let a = 0; a <= b; a++) {
              const expected = missingPersonLocusLr(ped, 'MP', { [relative]: [a, b] }, poi, model, theta);
              expectSameLr(table![(b * (b + 1)) / 2 + a]!, expected.LR);
            }
          }
        }),
        { numRuns: 25 },
      );
    },
  );

  it('when any loop-free pedigree has a random missing member and typed members and θ > 0, then the scorer equals the engine', () => {
    const arb = fc
      .record({ ped: arbPedigree(6), locus: arbSmallLocus(2, 3), theta: arbTheta })
      .chain(({ ped, locus, theta }) =>
        fc.record({
          ped: fc.constant(ped),
          locus: fc.constant(locus),
          theta: fc.constant(theta),
          missing: fc.nat({ max: ped.individuals.length - 1 }),
          genotypes: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 3 }), {
            minLength: ped.individuals.length,
            maxLength: ped.individuals.length,
          }),
          poi: arbGenotype(locus.alleles.length),
        }),
      );
    fc.assert(
      fc.property(arb, ({ ped: raw, locus, theta, missing, genotypes, poi }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(raw.individuals);
        const missingId = raw.individuals[missing]!.id;
        const typed = new Map(raw.individuals.flatMap((ind, k) => (genotypes[k] && k !== missing ? [[ind.id, genotypes[k]] as const] : [])));
        const g = genotypeArray(ped, typed);
        const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
        const actual = createMissingPersonLocusScorer(ped, missing, mask, model, theta).locus(g, poi);
        const expected = missingPersonLocusLr(ped, missingId, Object.fromEntries(typed), poi, model, theta);
        expectSameLr(actual.LR, expected.LR);
        expect(actual.status).toBe(expected.status);
      }),
      { numRuns: 25 },
    );
  });
});

describe('thetaDescentForm tables over every POI genotype', () => {
  it('when a family of full or half siblings is typed and θ > 0, then the LR table over every POI genotype equals the engine', () => {
    fc.assert(
      fc.property(
        arbSmallLocus(2, 4),
        arbTheta,
        fc.constantFrom<readonly ('fullSibling' | 'paternalHalfSibling' | 'maternalAunt')[]>(['fullSibling', 'fullSibling'], ['fullSibling', 'paternalHalfSibling'], ['maternalAunt']),
        fc.array(arbGenotype(4), { minLength: 2, maxLength: 2 }),
        (locus, theta, relationships, draws) => {
          const model = modelOf(locus);
          const n = model.n;
          const family = buildReferenceFamily('female', [...relationships]);
          const ped = compilePedigree(family.individuals);
          const typed = new Map(family.relatives.map((id, k) => [id, [draws[k]![0] % n, draws[k]![1] % n] as GenotypePair] as const));
          const g = genotypeArray(ped, typed);
          const mask = Array.from({ length: ped.size }, (_, i) => g[2 * i]! >= 0);
          const table = createMissingPersonLocusScorer(ped, ped.indexOf('MP'), mask, model, theta).lrTable(g);
          for (let d = 0; d < n; d++) {
            for (let c = 0; c <= d; c++) {
              const expected = missingPersonLocusLr(ped, 'MP', Object.fromEntries(typed), [c, d], model, theta);
              expectSameLr(table[(d * (d + 1)) / 2 + c]!, expected.LR);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
