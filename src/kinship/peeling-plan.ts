/**
 * The plan of one peeling (Elston & Stewart 1971, Hum Hered 21:523; Lange & Elston 1975, Hum Hered
 * 25:95): the bipartite tree of persons and nuclear families, split into connected components, each
 * with a root and a post-order of family -> member messages. Cached per pedigree and typed pattern.
 *
 * Untyped persons without typed descendants are removed (their sum is 1), and an untyped founder
 * with exactly one child is marked DRAW: its pass distribution q = p·M replaces it (its
 * untransmitted allele sums out; kinship-cases README §2.1), so it costs one state instead of
 * n (n + 1) / 2.
 *
 * Loops (inbreeding or marriage loops) are broken as Lange & Elston (1975) describe: a membership
 * that would close a cycle in the person–family graph goes to a clone of the person (typed persons
 * are preferred as breakers); loop-breakers.ts fixes clone and original to the same genotype.
 */
import type { CompiledPedigree } from './pedigree';

/** Kinds of a person in a plan: removed, one known state, a belief over genotypes, an untyped founder's single draw. */
export const PRUNED = 0;
export const TYPED = 1;
export const DENSE = 2;
export const DRAW = 3;

export interface Family {
  readonly father: number;
  readonly mother: number;
  readonly children: Int32Array;
}

interface Step {
  readonly family: number;
  readonly target: number;
}

export interface ComponentPlan {
  readonly root: number;
  readonly steps: readonly Step[];
  readonly persons: Int32Array;
  /** Untyped founders summed under θ > 0 (only in plans made with fixed founders). */
  readonly untypedFounders: Int32Array;
  /** 1 for a founder with one child (one allele drawn), 2 for more children (a genotype drawn). */
  readonly founderDraws: Int32Array;
  readonly typedFounders: Int32Array;
  /** The unconnected part of the whole (unpruned) pedigree this component belongs to (θ "separate"). */
  readonly part: number;
}

export interface Plan {
  /** Per person, then per clone (indices from the pedigree size on). */
  readonly kind: Int8Array;
  readonly families: readonly Family[];
  readonly components: readonly ComponentPlan[];
  /** Persons plus loop-breaking clones. */
  readonly total: number;
  /** 1 for a founder of the pedigree (Hardy–Weinberg prior at θ = 0); clones are never founders. */
  readonly founder: Uint8Array;
  /** For clone k (index size + k), the person it copies. */
  readonly cloneOf: Int32Array;
  /** Untyped persons split to break loops: their genotype is summed over explicitly. */
  readonly breakers: Int32Array;
}

const planCache = new WeakMap<CompiledPedigree, Map<number | string, Plan>>();

export function getPlan(pedigree: CompiledPedigree, genotypes: Int32Array, fixFounders: boolean, forcedRoot: number): Plan {
  // A number key (typed mask bits, founder mode, forced root) for pedigrees of up to 30 persons.
  let key: number | string;
  if (pedigree.size <= 30) {
    let mask = 0;
    for (let i = 0; i < pedigree.size; i++) if (genotypes[2 * i]! >= 0) mask += 2 ** i;
    key = ((forcedRoot + 1) * 2 + (fixFounders ? 1 : 0)) * 2 ** 31 + mask;
  } else {
    key = `${fixFounders ? 'f' : 'p'}${forcedRoot}:`;
    for (let i = 0; i < pedigree.size; i++) key += genotypes[2 * i]! >= 0 ? '1' : '0';
  }
  let cache = planCache.get(pedigree);
  if (!cache) {
    cache = new Map();
    planCache.set(pedigree, cache);
  }
  let plan = cache.get(key);
  if (!plan) {
    plan = makePlan(pedigree, genotypes, fixFounders, forcedRoot);
    if (cache.size > 256) cache.clear();
    cache.set(key, plan);
  }
  return plan;
}

function makePlan(ped: CompiledPedigree, genotypes: Int32Array, fixFounders: boolean, forcedRoot: number): Plan {
  const size = ped.size;
  const typed = new Uint8Array(size);
  for (let i = 0; i < size; i++) typed[i] = genotypes[2 * i]! >= 0 ? 1 : 0;
  const activeChildren = new Int32Array(size);
  for (let i = 0; i < size; i++) activeChildren[i] = ped.children[i]!.length;
  // Remove untyped persons without (remaining) children: their genotype sums to 1.
  const pruned = new Uint8Array(size);
  const stack: number[] = [];
  for (let i = 0; i < size; i++) if (!typed[i] && activeChildren[i] === 0 && i !== forcedRoot) stack.push(i);
  while (stack.length > 0) {
    const u = stack.pop()!;
    pruned[u] = 1;
    for (const p of [ped.father[u]!, ped.mother[u]!]) {
      if (p >= 0 && --activeChildren[p]! === 0 && !typed[p] && p !== forcedRoot) stack.push(p);
    }
  }
  const isFounder = (i: number): boolean => i < size && ped.father[i]! < 0;
  // Nuclear families of the remaining persons.
  const families: { father: number; mother: number; children: number[] }[] = [];
  const familyKey = new Map<number, number>();
  for (let c = 0; c < size; c++) {
    if (pruned[c] || isFounder(c)) continue;
    const key = ped.father[c]! * size + ped.mother[c]!;
    let idx = familyKey.get(key);
    if (idx === undefined) {
      idx = families.length;
      familyKey.set(key, idx);
      families.push({ father: ped.father[c]!, mother: ped.mother[c]!, children: [] });
    }
    families[idx]!.children.push(c);
  }
  // Loops: the person–family graph is a forest iff the pedigree has no loop. A membership that
  // would close a cycle goes to a clone of the person instead (loop breaking, Lange & Elston 1975);
  // clone and original are later fixed to the same genotype, summed over when the person is untyped.
  // Memberships of typed persons come last, so that loops are broken at typed persons (no sum) when possible.
  const memberships: { person: number; family: number; role: number }[] = [];
  families.forEach((fam, f) => {
    memberships.push({ person: fam.father, family: f, role: -1 }, { person: fam.mother, family: f, role: -2 });
    fam.children.forEach((c, k) => memberships.push({ person: c, family: f, role: k }));
  });
  memberships.sort((a, b) => typed[a.person]! - typed[b.person]!);
  const nodes = new Int32Array(size + memberships.length + families.length);
  for (let i = 0; i < nodes.length; i++) nodes[i] = i;
  const find = (x: number): number => {
    while (nodes[x] !== x) {
      nodes[x] = nodes[nodes[x]!]!;
      x = nodes[x]!;
    }
    return x;
  };
  const familyNode = (f: number): number => size + memberships.length + f;
  const cloneOf: number[] = [];
  const breakers = new Set<number>();
  for (const { person, family, role } of memberships) {
    let member = person;
    if (find(member) === find(familyNode(family))) {
      member = size + cloneOf.length;
      cloneOf.push(person);
      if (!typed[person]) breakers.add(person);
      const fam = families[family]!;
      if (role === -1) fam.father = member;
      else if (role === -2) fam.mother = member;
      else fam.children[role] = member;
    }
    nodes[find(member)] = find(familyNode(family));
  }
  const total = size + cloneOf.length;
  const kind = new Int8Array(total).fill(TYPED);
  const founder = new Uint8Array(total);
  for (let i = 0; i < size; i++) {
    founder[i] = isFounder(i) ? 1 : 0;
    if (pruned[i]) kind[i] = PRUNED;
    else if (typed[i] || breakers.has(i) || (founder[i] && fixFounders)) kind[i] = TYPED;
    else if (founder[i] && activeChildren[i] === 1 && i !== forcedRoot) kind[i] = DRAW;
    else kind[i] = DENSE;
  }
  const childFamily = new Int32Array(total).fill(-1);
  const parentFamilies: number[][] = Array.from({ length: total }, () => []);
  const frozen: Family[] = families.map((fam, f) => {
    parentFamilies[fam.father]!.push(f);
    parentFamilies[fam.mother]!.push(f);
    for (const c of fam.children) childFamily[c] = f;
    return { father: fam.father, mother: fam.mother, children: Int32Array.from(fam.children) };
  });
  const byComponent = new Map<number, number[]>();
  for (let i = 0; i < total; i++) {
    if (kind[i] === PRUNED) continue;
    const r = find(i);
    let list = byComponent.get(r);
    if (!list) byComponent.set(r, (list = []));
    list.push(i);
  }
  // Unconnected parts of the pedigree as given: pruning can split a part, but θ "separate" means the given parts.
  const partOf = new Int32Array(size);
  for (let i = 0; i < size; i++) partOf[i] = i;
  const findPart = (x: number): number => {
    while (partOf[x] !== x) x = partOf[x]!;
    return x;
  };
  for (let c = 0; c < size; c++) {
    for (const q of [ped.father[c]!, ped.mother[c]!]) if (q >= 0) partOf[findPart(c)] = findPart(q);
  }
  const familiesOf = (u: number): number[] => (childFamily[u]! >= 0 ? [childFamily[u]!, ...parentFamilies[u]!] : parentFamilies[u]!);
  const components: ComponentPlan[] = [];
  for (const persons of byComponent.values()) {
    const candidates = persons.includes(forcedRoot) ? [forcedRoot] : persons.filter((p) => kind[p] !== DRAW);
    let best = candidates[0]!;
    let bestCost = Infinity;
    for (const root of candidates) {
      const cost = planCost(root, frozen, familiesOf, kind);
      if (cost < bestCost) {
        bestCost = cost;
        best = root;
      }
    }
    const steps: Step[] = [];
    collectSteps(best, -1, frozen, familiesOf, steps);
    const untyped = persons.filter((p) => founder[p] && !typed[p]);
    const original = (p: number): number => (p < size ? p : cloneOf[p - size]!);
    components.push({
      root: best,
      steps,
      persons: Int32Array.from(persons),
      untypedFounders: Int32Array.from(untyped),
      founderDraws: Int32Array.from(untyped.map((p) => (activeChildren[p] === 1 ? 1 : 2))),
      typedFounders: Int32Array.from(persons.filter((p) => founder[p] && typed[p])),
      part: findPart(original(persons[0]!)),
    });
  }
  return {
    kind,
    families: frozen,
    components,
    total,
    founder,
    cloneOf: Int32Array.from(cloneOf),
    breakers: Int32Array.from([...breakers].sort((a, b) => a - b)),
  };
}

export function membersOf(fam: Family): number[] {
  return [fam.father, fam.mother, ...fam.children];
}

/** Post-order: every family's message is computed after those of the families below it. */
function collectSteps(u: number, fromFamily: number, families: readonly Family[], familiesOf: (u: number) => number[], steps: Step[]): void {
  for (const f of familiesOf(u)) {
    if (f === fromFamily) continue;
    for (const v of membersOf(families[f]!)) if (v !== u) collectSteps(v, f, families, familiesOf, steps);
    steps.push({ family: f, target: u });
  }
}

/**
 * Rough operation count of peeling towards `root` (nominal n = 10 alleles, 55 genotypes), following
 * the cases of messageToParent / messageToChild: parent state pairs times children, plus the
 * matrix work of dense children (n² per pair when few pairs, else 2 n³ once).
 */
function planCost(root: number, families: readonly Family[], familiesOf: (u: number) => number[], kind: Int8Array): number {
  const N = 10;
  const G = 55;
  const states = (p: number): number => (kind[p] === DENSE ? G : 1);
  let cost = kind[root] === DENSE ? G : 1;
  const visit = (u: number, from: number): void => {
    for (const f of familiesOf(u)) {
      if (f === from) continue;
      const fam = families[f]!;
      for (const v of membersOf(fam)) if (v !== u) visit(v, f);
      const toParent = u === fam.father || u === fam.mother;
      const pairs = toParent ? states(u) * states(u === fam.father ? fam.mother : fam.father) : states(fam.father) * states(fam.mother);
      let denseChildren = 0;
      for (const c of fam.children) if (c !== u && kind[c] === DENSE) denseChildren++;
      cost += pairs * (fam.children.length + 1) + denseChildren * Math.min(pairs * N * N, 2 * N * N * N);
      if (!toParent && kind[u] === DENSE) cost += pairs === 1 ? N * N : pairs * 4 + 2 * N * N * N;
    }
  };
  visit(root, -1);
  return cost;
}
