import fc from 'fast-check';
import {
  compileLocusModel, compilePedigree, genotypeIndex, genotypeLikelihoods, KinshipLimitError,
  pedigreeLikelihood, THETA_MAX_FOUNDER_STATES, type CompiledLocusModel, type Individual,
} from '../../src/kinship';
import { compileSmallLocus } from './support/engine';
import { arbGenotype, arbPedigree, arbSmallLocus, type SmallLocus } from './support/arbitraries';
import { bruteForceLikelihood, relativeError } from './support/brute-force';

const modelOf = (locus: SmallLocus): CompiledLocusModel => compileSmallLocus(locus);

function genotypeArrayOf(individuals: readonly Individual[], typed: ReadonlyMap<string, readonly [number, number]>): Int32Array {
  const out = new Int32Array(2 * individuals.length).fill(-1);
  individuals.forEach((ind, k) => {
    const g = typed.get(ind.id);
    if (g) [out[2 * k], out[2 * k + 1]] = [Math.min(...g), Math.max(...g)];
  });
  return out;
}

const bruteLocus = (m: CompiledLocusModel) => ({ freqs: Array.from(m.freqs), male: m.male, female: m.female });

/** A random pedigree, locus and typed subset whose exhaustive sum stays small. */
const arbCase = (maxPersons: number) =>
  fc
    .record({ ped: arbPedigree(maxPersons), locus: arbSmallLocus(2, 4) })
    .chain(({ ped, locus }) =>
      fc.record({
        ped: fc.constant(ped),
        locus: fc.constant(locus),
        typed: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 2 }), {
          minLength: ped.individuals.length,
          maxLength: ped.individuals.length,
        }),
      }),
    )
    .map(({ ped, locus, typed }) => ({
      individuals: ped.individuals,
      locus,
      typed: new Map(ped.individuals.flatMap((ind, k) => (typed[k] ? [[ind.id, typed[k]] as const] : []))),
    }))
    .filter(({ individuals, locus, typed }) => {
      const g = (locus.alleles.length * (locus.alleles.length + 1)) / 2;
      return typed.size > 0 && g ** (individuals.length - typed.size) <= 20000;
    });

describe('pedigreeLikelihood', () => {
  it('when any loop-free pedigree is typed at random (θ = 0), then the likelihood equals the exhaustive sum over untyped genotypes', () => {
    fc.assert(
      fc.property(arbCase(7), ({ individuals, locus, typed }) => {
        const model = modelOf(locus);
        const ped = compilePedigree(individuals);
        const actual = pedigreeLikelihood(ped, genotypeArrayOf(individuals, typed), model);
        const expected = bruteForceLikelihood(individuals, typed, bruteLocus(model));
        expect(relativeError(actual, expected)).toBeLessThan(1e-10);
      }),
      { numRuns: 150 },
    );
  });

  it('when θ > 0 (joint or separate) with an extra unrelated founder, then the likelihood equals the exhaustive Balding–Nichols sum', () => {
    fc.assert(
      fc.property(
        arbCase(5),
        fc.double({ min: 0.001, max: 0.3, noNaN: true }),
        fc.constantFrom<'joint' | 'separate'>('joint', 'separate'),
        fc.option(arbGenotype(2), { nil: undefined }),
        ({ individuals, locus, typed }, theta, thetaMode, extra) => {
          const model = modelOf(locus);
          const ped = compilePedigree(individuals);
          const extraFounders = extra ? [extra] : [];
          const actual = pedigreeLikelihood(ped, genotypeArrayOf(individuals, typed), model, {
            theta,
            thetaMode,
            extraFounders: Int32Array.from(extraFounders.flatMap((e) => [Math.min(...e), Math.max(...e)])),
          });
          const expected = bruteForceLikelihood(individuals, typed, bruteLocus(model), { theta, thetaMode, extraFounders });
          expect(relativeError(actual, expected)).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('when the persons are listed in another order and alleles are written the other way round, then the likelihood is the same', () => {
    fc.assert(
      fc.property(arbCase(7), fc.integer({ min: 1, max: 1_000_000 }), ({ individuals, locus, typed }, seed) => {
        const model = modelOf(locus);
        const shuffled = [...individuals].sort((a, b) => ((hash(a.id, seed) - hash(b.id, seed)) || a.id.localeCompare(b.id)));
        const swapped = new Map([...typed].map(([id, [a, b]]) => [id, [b, a] as const]));
        const original = pedigreeLikelihood(compilePedigree(individuals), genotypeArrayOf(individuals, typed), model);
        const reordered = pedigreeLikelihood(compilePedigree(shuffled), genotypeArrayOf(shuffled, swapped), model);
        expect(relativeError(reordered, original)).toBeLessThan(1e-12);
      }),
    );
  });

  it('when a mutation rate is zero, then the likelihood equals that of the no-mutation model; a tiny rate only moves it slightly', () => {
    fc.assert(
      fc.property(arbCase(6), fc.constantFrom('equal', 'proportional', 'stepwise') , ({ individuals, locus, typed }, name) => {
        const frequencies = locus.alleles.map((a, i) => [a, locus.weights[i]!] as const);
        const none = compileLocusModel({ name: 'D3S1358', frequencies });
        const zero = compileLocusModel({ name: 'D3S1358', frequencies, mutation: { model: name as 'equal', rate: 0, rate2: 0, range: 0.5 } });
        const tiny = compileLocusModel({ name: 'D3S1358', frequencies, mutation: { model: name as 'equal', rate: 1e-13, rate2: 0, range: 0.5 } });
        const ped = compilePedigree(individuals);
        const geno = genotypeArrayOf(individuals, typed);
        const base = pedigreeLikelihood(ped, geno, none);
        expect(pedigreeLikelihood(ped, geno, zero)).toBe(base);
        const perturbed = pedigreeLikelihood(ped, geno, tiny);
        if (base > 0) expect(relativeError(perturbed, base)).toBeLessThan(1e-9);
        else expect(perturbed).toBeLessThan(1e-9);
      }),
    );
  });

  it('when one person is left untyped, then genotypeLikelihoods gives, for every genotype, the likelihood with that person fixed to it', () => {
    fc.assert(
      fc.property(arbCase(6), fc.nat(), ({ individuals, locus, typed }, pick) => {
        const model = modelOf(locus);
        const ped = compilePedigree(individuals);
        const person = pick % individuals.length;
        const id = individuals[person]!.id;
        const rest = new Map([...typed].filter(([k]) => k !== id));
        const table = genotypeLikelihoods(ped, genotypeArrayOf(individuals, rest), person, model);
        for (let b = 0; b < model.n; b++) {
          for (let a = 0; a <= b; a++) {
            const fixed = pedigreeLikelihood(ped, genotypeArrayOf(individuals, new Map([...rest, [id, [a, b] as const]])), model);
            expect(relativeError(table[genotypeIndex(a, b)]!, fixed)).toBeLessThan(1e-10);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('when a pedigree has inbreeding or marriage loops (θ = 0 or θ > 0), then the likelihood equals the exhaustive sum', () => {
    const arbLooped = fc
      .record({ ped: arbPedigree(6, true), locus: arbSmallLocus(2, 3) })
      .chain(({ ped, locus }) =>
        fc.record({
          ped: fc.constant(ped),
          locus: fc.constant(locus),
          typed: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 2 }), { minLength: ped.individuals.length, maxLength: ped.individuals.length }),
          theta: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.2, noNaN: true })),
        }),
      )
      .filter(({ ped, typed }) => typed.some((t) => t) && typed.filter((t) => !t).length <= 4);
    fc.assert(
      fc.property(arbLooped, ({ ped, locus, typed, theta }) => {
        const individuals = ped.individuals;
        const typedMap = new Map(individuals.flatMap((ind, k) => (typed[k] ? [[ind.id, typed[k]] as const] : [])));
        const model = modelOf(locus);
        const actual = pedigreeLikelihood(compilePedigree(individuals), genotypeArrayOf(individuals, typedMap), model, { theta });
        const expected = bruteForceLikelihood(individuals, typedMap, bruteLocus(model), { theta });
        expect(relativeError(actual, expected)).toBeLessThan(1e-10);
      }),
      { numRuns: 150 },
    );
  });

  it('when a half-brother and half-sister (father 6/6) have a child typed 6/7, then L = p6² · ½ (1 + p6) · p7', () => {
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.3, '7': 0.7 } });
    const individuals: Individual[] = [
      { id: 'F', sex: 'male' }, { id: 'M1', sex: 'female' }, { id: 'M2', sex: 'female' },
      { id: 'A', father: 'F', mother: 'M1', sex: 'male' }, { id: 'B', father: 'F', mother: 'M2', sex: 'female' },
      { id: 'C', father: 'A', mother: 'B', sex: 'male' },
    ];
    const typed = new Map([['C', [0, 1] as const], ['F', [0, 0] as const]]);
    const actual = pedigreeLikelihood(compilePedigree(individuals), genotypeArrayOf(individuals, typed), model);
    // A and B each carry F's 6 and an allele of their own mother; each passes 6 with ½ (1 + p6) and 7 with ½ p7,
    // so P(C = 6/7 | F) = 2 · ½ (1 + p6) · ½ p7, times P(F = 6/6) = p6².
    const [p6, p7] = [0.3, 0.7];
    expect(relativeError(actual, p6 ** 2 * 0.5 * (1 + p6) * p7)).toBeLessThan(1e-14);
  });

  it('when θ > 0 and the untyped founders need more states than the stated limit, then a KinshipLimitError is thrown instead of an approximation', () => {
    const alleles = Array.from({ length: 40 }, (_, k) => [String(k + 5), 1 / 40] as const);
    const model = compileLocusModel({ name: 'SE33', frequencies: alleles, mutation: { model: 'equal', rate: 0.002 } });
    // Full siblings: two untyped founders with two children each → (40·41/2)² = 672,400 states; a third founder pushes it past the limit.
    const ped = compilePedigree([
      { id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'A', father: 'F', mother: 'M', sex: 'male' },
      { id: 'B', father: 'F', mother: 'M', sex: 'male' }, { id: 'W', sex: 'female' }, { id: 'C', father: 'A', mother: 'W', sex: 'male' },
      { id: 'D', father: 'A', mother: 'W', sex: 'male' },
    ]);
    const geno = new Int32Array(14).fill(-1);
    geno.set([0, 1], 6);
    geno.set([1, 2], 10);
    geno.set([2, 3], 12);
    expect((40 * 41 / 2) ** 3).toBeGreaterThan(THETA_MAX_FOUNDER_STATES);
    expect(() => pedigreeLikelihood(ped, geno, model, { theta: 0.01 })).toThrow(KinshipLimitError);
    expect(() => pedigreeLikelihood(ped, geno, model, { theta: 0.01 })).toThrow(/SE33.*limit/);
  });
});

function hash(id: string, seed: number): number {
  let h = seed;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
  return h;
}
