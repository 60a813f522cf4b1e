/**
 * An independent, deliberately naive implementation of the likelihood model of
 * test/fixtures/kinship-cases/README.md §2, used as the reference in property tests: it sums,
 * over ALL genotypes of ALL untyped persons at once, the product of the founder probabilities
 * (Hardy–Weinberg, or the Balding–Nichols sequential sample over all founders for θ > 0) and all
 * transmission probabilities ½ (M[g1][x] + M[g2][x]). Exponential, so only for tiny cases.
 */
import type { Individual } from '../../../src/kinship';

export interface BruteForceLocus {
  readonly freqs: readonly number[];
  /** n × n row-major. */
  readonly male: ArrayLike<number>;
  readonly female: ArrayLike<number>;
}

export interface BruteForceOptions {
  readonly theta?: number;
  readonly thetaMode?: 'joint' | 'separate';
  /** Typed unrelated persons outside the pedigree (the POI under H2). */
  readonly extraFounders?: readonly (readonly [number, number])[];
}

export function bruteForceLikelihood(
  individuals: readonly Individual[],
  typed: ReadonlyMap<string, readonly [number, number]>,
  locus: BruteForceLocus,
  options: BruteForceOptions = {},
): number {
  const n = locus.freqs.length;
  const theta = options.theta ?? 0;
  const ids = individuals.map((i) => i.id);
  const index = new Map(ids.map((id, k) => [id, k]));
  const father = individuals.map((i) => (i.father ? index.get(i.father)! : -1));
  const mother = individuals.map((i) => (i.mother ? index.get(i.mother)! : -1));
  const genotypes: [number, number][] = [];
  for (let b = 0; b < n; b++) for (let a = 0; a <= b; a++) genotypes.push([a, b]);
  const untyped = ids.map((_, k) => k).filter((k) => !typed.has(ids[k]!));
  const assignment: [number, number][] = ids.map((id) => {
    const g = typed.get(id);
    return g ? [Math.min(g[0], g[1]), Math.max(g[0], g[1])] : [-1, -1];
  });
  const components = connectedComponents(individuals.length, father, mother);
  const extra = options.extraFounders ?? [];

  const transmit = (m: ArrayLike<number>, g: [number, number], x: number): number => 0.5 * (m[g[0] * n + x]! + m[g[1] * n + x]!);
  const founderProbability = (): number => {
    const founders = ids.map((_, k) => k).filter((k) => father[k] === -1);
    const samples: [number, number][][] = [];
    if (theta === 0 || options.thetaMode === 'separate') {
      for (const comp of components) samples.push(founders.filter((f) => comp.includes(f)).map((f) => assignment[f]!));
      for (const e of extra) samples.push([[e[0], e[1]]]);
    } else {
      samples.push([...founders.map((f) => assignment[f]!), ...extra.map((e) => [e[0], e[1]] as [number, number])]);
    }
    let prob = 1;
    for (const sample of samples) {
      const counts = new Array<number>(n).fill(0);
      let m = 0;
      const next = (a: number): number => {
        const pr = (counts[a]! * theta + (1 - theta) * locus.freqs[a]!) / (1 + (m - 1) * theta);
        counts[a]!++;
        m++;
        return pr;
      };
      for (const [a, b] of sample) prob *= (a === b ? 1 : 2) * next(a) * next(b);
    }
    return prob;
  };
  const jointProbability = (): number => {
    let prob = founderProbability();
    for (let c = 0; c < ids.length && prob > 0; c++) {
      if (father[c] === -1) continue;
      const f = assignment[father[c]!]!;
      const mo = assignment[mother[c]!]!;
      const [x, y] = assignment[c]!;
      const tx = transmit(locus.male, f, x);
      const sy = transmit(locus.female, mo, y);
      prob *= x === y ? tx * sy : tx * sy + transmit(locus.male, f, y) * transmit(locus.female, mo, x);
    }
    return prob;
  };
  let total = 0;
  const recurse = (k: number): void => {
    if (k === untyped.length) {
      total += jointProbability();
      return;
    }
    for (const g of genotypes) {
      assignment[untyped[k]!] = g;
      recurse(k + 1);
    }
  };
  recurse(0);
  return total;
}

function connectedComponents(size: number, father: number[], mother: number[]): number[][] {
  const parent = Array.from({ length: size }, (_, k) => k);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (let c = 0; c < size; c++) {
    if (father[c]! >= 0) parent[find(c)] = find(father[c]!);
    if (mother[c]! >= 0) parent[find(c)] = find(mother[c]!);
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < size; k++) {
    const r = find(k);
    groups.set(r, [...(groups.get(r) ?? []), k]);
  }
  return [...groups.values()];
}

/** Relative closeness that treats two exact zeros as equal. */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(actual), Math.abs(expected));
}
