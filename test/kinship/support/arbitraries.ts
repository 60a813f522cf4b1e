/**
 * fast-check arbitraries for kinship properties: small loci (2–5 alleles, microvariants included)
 * with positive frequencies and any of the README §3 mutation models, and random loop-free
 * pedigrees built by operations that keep the person–family graph a tree.
 */
import fc from 'fast-check';
import type { Individual, MutationParameters, MutationSpec, Sex } from '../../../src/kinship';

/** Allele designations to pick from; all integers so that every model (incl. onestep) applies. */
const INTEGER_ALLELES = ['8', '9', '10', '11', '12', '13', '14'];
const MIXED_ALLELES = ['8', '9', '9.3', '10', '10.2', '11', '12'];

export interface SmallLocus {
  readonly alleles: string[];
  readonly weights: number[];
  readonly mutation: MutationSpec | undefined;
}

export function arbFrequencies(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((w) => {
    const sum = w.reduce((s, x) => s + x, 0);
    return w.map((x) => x / sum);
  });
}

/** 0 or a rate in [min, max]: subnormal rates (1e-320) only measure floating-point underflow. */
function arbRate(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constant(0), fc.double({ min, max, noNaN: true }));
}

function arbParameters(integerOnly: boolean, n: number): fc.Arbitrary<MutationParameters> {
  const rate = arbRate(1e-6, 0.3);
  return fc.oneof(
    fc.constant<MutationParameters>({ model: 'none' }),
    rate.map((r) => ({ model: 'equal' as const, rate: r })),
    // Proportional with α <= 1 needs rate <= Σ p(1-p); p >= 0.05/(n) keeps 0.04 safe for n <= 5.
    arbRate(1e-6, 0.04).map((r) => ({ model: 'proportional' as const, rate: r })),
    fc
      .record({ rate: arbRate(1e-6, 0.25), rate2: arbRate(1e-7, 0.05), range: fc.double({ min: 0.1, max: 0.9, noNaN: true }) })
      .map((r) => ({ model: 'stepwise' as const, ...r })),
    ...(integerOnly && n > 0 ? [rate.map((r) => ({ model: 'onestep' as const, rate: r }))] : []),
  );
}

export function arbMutation(integerOnly: boolean, n: number): fc.Arbitrary<MutationSpec | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    arbParameters(integerOnly, n),
    fc.record({ female: arbParameters(integerOnly, n), male: arbParameters(integerOnly, n) }),
  );
}

export function arbSmallLocus(minAlleles = 2, maxAlleles = 4): fc.Arbitrary<SmallLocus> {
  return fc
    .record({ n: fc.integer({ min: minAlleles, max: maxAlleles }), integerOnly: fc.boolean() })
    .chain(({ n, integerOnly }) =>
      fc.record({
        alleles: fc.shuffledSubarray(integerOnly ? INTEGER_ALLELES : MIXED_ALLELES, { minLength: n, maxLength: n }).map((a) => [...a].sort((x, y) => Number(x) - Number(y))),
        weights: arbFrequencies(n),
        mutation: arbMutation(integerOnly, n),
      }),
    );
}

export interface RandomPedigree {
  readonly individuals: Individual[];
}

type Op =
  | { kind: 'child'; of: number; newMate: boolean; sex: Sex }
  | { kind: 'parents'; of: number }
  | { kind: 'mate'; a: number; b: number; sex: Sex };

/**
 * A pedigree: starting from one or two persons, repeatedly give a person a child (with a new
 * founder mate, or with a mate they already have) or give a founder two new founder parents; these
 * keep the person–family graph a tree (no loop). With `loops`, a child of any man and any woman
 * already present may also be added (inbreeding and marriage loops).
 */
export function arbPedigree(maxPersons = 7, loops = false): fc.Arbitrary<RandomPedigree> {
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('child' as const), of: fc.nat(), newMate: fc.boolean(), sex: fc.constantFrom<Sex>('male', 'female') }),
    fc.record({ kind: fc.constant('parents' as const), of: fc.nat() }),
    ...(loops ? [fc.record({ kind: fc.constant('mate' as const), a: fc.nat(), b: fc.nat(), sex: fc.constantFrom<Sex>('male', 'female') })] : []),
  );
  return fc
    .record({ start: fc.array(fc.constantFrom<Sex>('male', 'female'), { minLength: 1, maxLength: 2 }), ops: fc.array(op, { minLength: 1, maxLength: 6 }) })
    .map(({ start, ops }) => {
      const people: { id: string; father: string | null; mother: string | null; sex: Sex }[] = start.map((sex, k) => ({ id: `P${k}`, father: null, mother: null, sex }));
      const mates = new Map<string, string[]>();
      let next = start.length;
      const add = (father: string | null, mother: string | null, sex: Sex): string => {
        const id = `P${next++}`;
        people.push({ id, father, mother, sex });
        return id;
      };
      for (const o of ops) {
        if (people.length >= maxPersons) break;
        if (o.kind === 'mate') {
          const men = people.filter((q) => q.sex === 'male');
          const women = people.filter((q) => q.sex === 'female');
          if (men.length > 0 && women.length > 0) add(men[o.a % men.length]!.id, women[o.b % women.length]!.id, o.sex);
          continue;
        }
        const x = people[o.of % people.length]!;
        if (o.kind === 'child') {
          const known = mates.get(x.id) ?? [];
          let mate = !o.newMate && known.length > 0 ? known[0]! : undefined;
          if (mate === undefined) {
            if (people.length + 2 > maxPersons) continue;
            mate = add(null, null, x.sex === 'male' ? 'female' : 'male');
            mates.set(x.id, [...known, mate]);
            mates.set(mate, [x.id]);
          }
          if (x.sex === 'male') add(x.id, mate, o.sex);
          else add(mate, x.id, o.sex);
        } else {
          const founder = people.find((p, k) => k >= o.of % people.length && p.father === null) ?? people.find((p) => p.father === null)!;
          if (people.length + 2 > maxPersons) continue;
          const f = add(null, null, 'male');
          const m = add(null, null, 'female');
          mates.set(f, [m]);
          mates.set(m, [f]);
          founder.father = f;
          founder.mother = m;
        }
      }
      return { individuals: people };
    });
}

/** A genotype (unordered pair of allele indices) over n alleles. */
export function arbGenotype(n: number): fc.Arbitrary<[number, number]> {
  return fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }));
}
