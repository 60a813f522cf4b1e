/**
 * Exact likelihood of the genotypes at one locus on a pedigree, by peeling (Elston & Stewart 1971,
 * Hum Hered 21:523; Lange & Elston 1975, Hum Hered 25:95) over the bipartite tree of persons and
 * nuclear families, with the model of test/fixtures/kinship-cases/README.md §2:
 *
 *   L = Σ over genotypes of untyped persons of Π_founders P(g_f) · Π_children P(g_c | g_father, g_mother)
 *
 * with Hardy–Weinberg founders at θ = 0, transmission P(child receives x from a parent {g1,g2}) =
 * ½ (M[g1][x] + M[g2][x]) with the parent's sex-specific mutation matrix, and both orders counted
 * for a heterozygous child.
 *
 * Peeling: the message of a nuclear family F to its member v (the member nearest the root) is
 * the sum over the other members' genotypes of the family's transmission factor times their own
 * beliefs. Each untyped person has n (n + 1) / 2 genotype states; typed persons have one. Before
 * peeling, untyped persons without typed descendants are removed (their sum is 1), and an untyped
 * founder with exactly one child is replaced by its pass distribution q = p·M (its untransmitted
 * allele sums out; README §2.1), so it costs one state instead of n (n + 1) / 2.
 *
 * θ > 0 (Balding & Nichols 1994, FSI 64:125; README §2.3): founder alleles are one sequential
 * sample, P(next = a) = (n_a θ + (1 − θ) p_a) / (1 + (m − 1) θ). Typed founders' alleles enter the
 * sample first; then every untyped founder is summed exactly over its alleles in the same sample
 * (an untyped founder with one child contributes one draw — the untransmitted allele marginalises
 * out because the sample is exchangeable — and a founder with more children a genotype), and for
 * each assignment the rest of the pedigree is peeled as at θ = 0. The stated limit is
 * {@link THETA_MAX_UNTYPED_FOUNDERS} untyped founders and {@link THETA_MAX_FOUNDER_STATES} joint
 * founder states per locus; past it a KinshipLimitError is thrown, never an approximation.
 * In "separate" mode each unconnected part of the pedigree as given (and each extra founder) is a
 * sample of its own.
 *
 * Without mutation (M = I for both sexes) the alleles that no typed person carries are merged into
 * one allele with their summed frequency before anything else. This is exact: with M = I the
 * likelihood depends on an unobserved allele only through its frequency, and the Balding–Nichols
 * sample is closed under merging categories (a Pólya urn).
 *
 * Loops (inbreeding or marriage loops) are broken as Lange & Elston (1975) describe: a membership
 * that would close a cycle in the person–family graph goes to a clone of the person, clone and
 * original are fixed to the same genotype, and that genotype is summed over when the person is
 * untyped (free when typed; typed persons are preferred as breakers). The stated limit is
 * {@link LOOP_MAX_BREAKER_STATES} joint genotype states of untyped breakers per locus.
 */
import { KinshipError, KinshipLimitError } from './kinship-error';
import { identityMatrix, type CompiledLocusModel } from './locus-model';
import type { CompiledPedigree } from './pedigree';

export type ThetaMode = 'joint' | 'separate';

export interface LikelihoodOptions {
  /** Balding–Nichols θ, 0 <= θ < 1 (default 0). */
  readonly theta?: number;
  /** README §2.3: one sample for the whole hypothesis ("joint", default) or one per unconnected part. */
  readonly thetaMode?: ThetaMode;
  /**
   * Typed persons outside the pedigree, unrelated to it and to each other, as allele-index pairs
   * (e.g. the POI under H2 of the missing-person mode). With θ > 0 in joint mode their alleles join
   * the pedigree's founder sample.
   */
  readonly extraFounders?: Int32Array;
}

/** Largest number of untyped founders summed jointly under θ > 0 (per sample, per locus). */
export const THETA_MAX_UNTYPED_FOUNDERS = 8;
/** Largest joint state space of those founders (alleles or genotypes) per sample and locus. */
export const THETA_MAX_FOUNDER_STATES = 2_097_152;

const PRUNED = 0;
const TYPED = 1;
const DENSE = 2;
const DRAW = 3;

interface Family {
  readonly father: number;
  readonly mother: number;
  readonly children: Int32Array;
}

interface Step {
  readonly family: number;
  readonly target: number;
}

interface ComponentPlan {
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

interface Plan {
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

/** The parameters of one locus as the engine reads them: a CompiledLocusModel or its lumped form. */
interface EngineModel {
  readonly name: string;
  readonly n: number;
  readonly freqs: Float64Array;
  readonly male: Float64Array;
  readonly female: Float64Array;
  readonly qMale: Float64Array;
  readonly qFemale: Float64Array;
  readonly maleIsIdentity: boolean;
  readonly femaleIsIdentity: boolean;
}

/**
 * Likelihood of the genotypes at one locus.
 * @param genotypes two allele indices per person (index 2i, 2i+1 for person i), -1 for untyped.
 * @throws KinshipLimitError past the θ founder limit or the loop-breaker limit.
 */
export function pedigreeLikelihood(
  pedigree: CompiledPedigree,
  genotypes: Int32Array,
  model: CompiledLocusModel,
  options: LikelihoodOptions = {},
): number {
  const theta = options.theta ?? 0;
  const mode = options.thetaMode ?? 'joint';
  let extra = options.extraFounders ?? EMPTY;
  let geno = genotypes;
  let m: EngineModel = model;
  if (model.maleIsIdentity && model.femaleIsIdentity) {
    const lumped = lumpUnobservedAlleles(model, genotypes, extra);
    if (lumped !== null) {
      m = lumped.model;
      geno = lumped.genotypes;
      extra = lumped.extra;
    }
  }
  const ws = workspaceFor(m.n, pedigree.size);
  if (theta === 0) {
    const plan = getPlan(pedigree, geno, false, -1);
    let total = 1;
    if (plan.cloneOf.length === 0) {
      for (let c = 0; c < plan.components.length; c++) {
        total *= peel(ws, plan, plan.components[c]!, geno, m, true, null);
        if (total === 0) return 0;
      }
    } else {
      total = loopLikelihood(ws, pedigree, plan, extendForClones(plan, geno), m);
    }
    const p = m.freqs;
    for (let k = 0; k < extra.length; k += 2) {
      const a = extra[k]!;
      const b = extra[k + 1]!;
      total *= a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!;
    }
    return total;
  }
  return thetaLikelihood(ws, pedigree, geno, m, theta, mode, extra);
}

/**
 * For every genotype g of one untyped person, the likelihood of the data with that person fixed to
 * g (θ = 0): `out[genotypeIndex(a, b)]`. For the missing person of a reference family this is the
 * numerator of the LR of every possible found person at once.
 * @throws KinshipError INVALID_GENOTYPE when the person is typed.
 */
export function genotypeLikelihoods(
  pedigree: CompiledPedigree,
  genotypes: Int32Array,
  person: number,
  model: CompiledLocusModel,
): Float64Array {
  if (genotypes[2 * person]! >= 0) throw new KinshipError('INVALID_GENOTYPE', `${pedigree.ids[person]} must be untyped here`);
  const plan = getPlan(pedigree, genotypes, false, person);
  const out = new Float64Array(model.genotypeCount);
  if (plan.cloneOf.length > 0) {
    // With loops the person may itself be a loop breaker: fix each genotype in turn instead.
    const fixed = genotypes.slice();
    for (let b = 0; b < model.n; b++) {
      for (let a = 0; a <= b; a++) {
        fixed[2 * person] = a;
        fixed[2 * person + 1] = b;
        out[(b * (b + 1)) / 2 + a] = pedigreeLikelihood(pedigree, fixed, model);
      }
    }
    return out;
  }
  const ws = workspaceFor(model.n, pedigree.size);
  let others = 1;
  let target: ComponentPlan | undefined;
  for (const comp of plan.components) {
    if (comp.root === person) target = comp;
    else others *= peel(ws, plan, comp, genotypes, model, true, null);
  }
  peel(ws, plan, target!, genotypes, model, true, out);
  if (others !== 1) for (let g = 0; g < out.length; g++) out[g] = out[g]! * others;
  return out;
}

const EMPTY = new Int32Array(0);

// ---------------------------------------------------------------------------------------------
// Allele lumping (no mutation only)

interface Lumped {
  readonly model: EngineModel;
  readonly genotypes: Int32Array;
  readonly extra: Int32Array;
}

const identityCache = new Map<number, Float64Array>();

function cachedIdentity(n: number): Float64Array {
  let m = identityCache.get(n);
  if (!m) {
    m = identityMatrix(n);
    identityCache.set(n, m);
  }
  return m;
}

/** Merges the alleles no typed person carries into one (exact without mutation; see the file header). */
function lumpUnobservedAlleles(model: CompiledLocusModel, genotypes: Int32Array, extra: Int32Array): Lumped | null {
  const n = model.n;
  const newIndex = new Int32Array(n).fill(-1);
  let observed = 0;
  for (let k = 0; k < genotypes.length; k++) {
    const a = genotypes[k]!;
    if (a >= 0 && newIndex[a] === -1) newIndex[a] = observed++;
  }
  for (let k = 0; k < extra.length; k++) {
    const a = extra[k]!;
    if (a >= 0 && newIndex[a] === -1) newIndex[a] = observed++;
  }
  if (observed >= n - 1) return null;
  const freqs = new Float64Array(observed + 1);
  for (let a = 0; a < n; a++) {
    if (newIndex[a]! >= 0) freqs[newIndex[a]!] = model.freqs[a]!;
    else freqs[observed] = freqs[observed]! + model.freqs[a]!;
  }
  const identity = cachedIdentity(observed + 1);
  const lumpedGenotypes = new Int32Array(genotypes.length);
  for (let k = 0; k < genotypes.length; k++) lumpedGenotypes[k] = genotypes[k]! < 0 ? -1 : newIndex[genotypes[k]!]!;
  const lumpedExtra = new Int32Array(extra.length);
  for (let k = 0; k < extra.length; k++) lumpedExtra[k] = newIndex[extra[k]!]!;
  return {
    model: {
      name: model.name,
      n: observed + 1,
      freqs,
      male: identity,
      female: identity,
      qMale: freqs,
      qFemale: freqs,
      maleIsIdentity: true,
      femaleIsIdentity: true,
    },
    genotypes: lumpedGenotypes,
    extra: lumpedExtra,
  };
}

// ---------------------------------------------------------------------------------------------
// Planning: pruning, families, components, root choice, peeling order

function getPlan(pedigree: CompiledPedigree, genotypes: Int32Array, fixFounders: boolean, forcedRoot: number): Plan {
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

function membersOf(fam: Family): number[] {
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

// ---------------------------------------------------------------------------------------------
// Workspace: buffers reused across calls, so the peeling loops do not allocate. One per allele
// count n (and per thread: every worker has its own module instance).

const EMPTY_F64 = new Float64Array(0);

/** The states of a parent that is not the target: allele pairs (a = -1: pass distribution p) and weights. */
interface Side {
  count: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly w: Float64Array;
}

class Workspace {
  readonly G: number;
  readonly first: Side;
  readonly second: Side;
  weight = new Float64Array(16);
  readonly beliefs: Float64Array[] = [];
  typedCap = 8;
  typedCount = 0;
  typedA = new Int32Array(8);
  typedB = new Int32Array(8);
  typedW = new Float64Array(8);
  tA = new Float64Array(8);
  tB = new Float64Array(8);
  oA: Float64Array;
  oB: Float64Array;
  denseCount = 0;
  readonly denseC: Float64Array[] = [];
  readonly densePC: Float64Array[] = [];
  readonly denseCP: Float64Array[] = [];
  densePCP = new Float64Array(8);
  readonly joint: Float64Array;
  readonly tmp: Float64Array;
  readonly out: Float64Array;
  readonly tvec: Float64Array;
  readonly svec: Float64Array;
  readonly rowUsed: Uint8Array;
  /** Dense children in direct mode keep only their beliefs: K = t_iᵀ B s_j (few parent state pairs). */
  denseDirect = false;
  readonly denseBelief: Float64Array[] = [];
  rowsM: Float64Array = EMPTY_F64;
  rowsQ: Float64Array = EMPTY_F64;
  colsM: Float64Array = EMPTY_F64;
  colsQ: Float64Array = EMPTY_F64;
  readonly dt: Float64Array;
  readonly ds: Float64Array;

  constructor(readonly n: number) {
    this.G = (n * (n + 1)) / 2;
    this.first = { count: 0, a: new Int32Array(this.G), b: new Int32Array(this.G), w: new Float64Array(this.G) };
    this.second = { count: 0, a: new Int32Array(this.G), b: new Int32Array(this.G), w: new Float64Array(this.G) };
    this.oA = new Float64Array(this.typedCap * this.G);
    this.oB = new Float64Array(this.typedCap * this.G);
    this.joint = new Float64Array(n * n);
    this.tmp = new Float64Array(n * n);
    this.out = new Float64Array(n * n);
    this.tvec = new Float64Array(n);
    this.svec = new Float64Array(n);
    this.rowUsed = new Uint8Array(n);
    this.dt = new Float64Array(n);
    this.ds = new Float64Array(n);
  }

  belief(person: number): Float64Array {
    let b = this.beliefs[person];
    if (!b) {
      b = new Float64Array(this.n * this.n);
      this.beliefs[person] = b;
    }
    return b;
  }

  pushTyped(a: number, b: number, w: number): void {
    if (this.typedCount === this.typedCap) {
      const cap = this.typedCap * 2;
      const grow = <T extends Int32Array | Float64Array>(src: T, make: (k: number) => T): T => {
        const dst = make(cap);
        dst.set(src);
        return dst;
      };
      this.typedA = grow(this.typedA, (k) => new Int32Array(k));
      this.typedB = grow(this.typedB, (k) => new Int32Array(k));
      this.typedW = grow(this.typedW, (k) => new Float64Array(k));
      this.tA = new Float64Array(cap);
      this.tB = new Float64Array(cap);
      this.oA = new Float64Array(cap * this.G);
      this.oB = new Float64Array(cap * this.G);
      this.typedCap = cap;
    }
    this.typedA[this.typedCount] = a;
    this.typedB[this.typedCount] = b;
    this.typedW[this.typedCount++] = w;
  }

  /** The next dense child's matrices (C, pᵀC, C p), allocated once. */
  nextDense(): number {
    const d = this.denseCount++;
    if (d === this.denseC.length) {
      this.denseC.push(new Float64Array(this.n * this.n));
      this.densePC.push(new Float64Array(this.n));
      this.denseCP.push(new Float64Array(this.n));
      this.denseBelief.push(EMPTY_F64);
      if (d >= this.densePCP.length) {
        const grown = new Float64Array(this.densePCP.length * 2);
        grown.set(this.densePCP);
        this.densePCP = grown;
      }
    }
    return d;
  }
}

const workspaces = new Map<number, Workspace>();

function workspaceFor(n: number, persons: number): Workspace {
  let ws = workspaces.get(n);
  if (!ws) {
    ws = new Workspace(n);
    workspaces.set(n, ws);
  }
  if (ws.weight.length < persons) ws.weight = new Float64Array(persons * 2);
  return ws;
}

// ---------------------------------------------------------------------------------------------
// Peeling one component

/**
 * Peels one component towards its root. Founders carry Hardy–Weinberg priors when `founderPrior`
 * (θ = 0); with θ > 0 the founders are fixed by the caller and their probability is the
 * Balding–Nichols sample's. When `rootOut` is given, writes the root's belief per genotype index.
 */
function peel(
  ws: Workspace,
  plan: Plan,
  comp: ComponentPlan,
  geno: Int32Array,
  model: EngineModel,
  founderPrior: boolean,
  rootOut: Float64Array | null,
): number {
  const n = model.n;
  const kind = plan.kind;
  if (ws.weight.length < plan.total) ws.weight = new Float64Array(plan.total * 2);
  const weight = ws.weight;
  const p = model.freqs;
  const persons = comp.persons;
  for (let k = 0; k < persons.length; k++) {
    const i = persons[k]!;
    const founder = plan.founder[i] === 1;
    const ki = kind[i];
    if (ki === TYPED) {
      const a = geno[2 * i]!;
      const b = geno[2 * i + 1]!;
      weight[i] = founder && founderPrior ? (a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!) : 1;
    } else if (ki === DENSE) {
      const bel = ws.belief(i);
      if (founder) {
        for (let x = 0; x < n; x++) {
          for (let y = 0; y < n; y++) bel[x * n + y] = x === y ? p[x]! * p[x]! : 2 * p[x]! * p[y]!;
        }
      } else bel.fill(1);
    } else weight[i] = 1;
  }
  const steps = comp.steps;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s]!;
    const fam = plan.families[step.family]!;
    const target = step.target;
    if (target === fam.father || target === fam.mother) messageToParent(ws, kind, geno, model, fam, target);
    else messageToChild(ws, kind, geno, model, fam, target);
    if (kind[target] === TYPED && weight[target] === 0) {
      if (rootOut) rootOut.fill(0);
      return 0;
    }
  }
  const root = comp.root;
  if (kind[root] !== DENSE) return weight[root]!;
  const bel = ws.beliefs[root]!;
  let total = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const v = bel[x * n + y]!;
      total += v;
      if (rootOut) rootOut[(y * (y + 1)) / 2 + x] = v;
    }
  }
  return total;
}

function fillSide(ws: Workspace, side: Side, kind: Int8Array, geno: Int32Array, person: number): void {
  const k = kind[person];
  if (k === TYPED) {
    side.count = 1;
    side.a[0] = geno[2 * person]!;
    side.b[0] = geno[2 * person + 1]!;
    side.w[0] = ws.weight[person]!;
    return;
  }
  if (k === DRAW) {
    side.count = 1;
    side.a[0] = -1;
    side.b[0] = -1;
    side.w[0] = 1;
    return;
  }
  const n = ws.n;
  const bel = ws.beliefs[person]!;
  let count = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const w = bel[x * n + y]!;
      if (w === 0) continue;
      side.a[count] = x;
      side.b[count] = y;
      side.w[count++] = w;
    }
  }
  side.count = count;
}

/**
 * Collects the children of a family other than `except` (or including it as a typed child of
 * weight 1): typed ones as allele pairs and weights; dense ones either directly (few parent state
 * pairs: K = t_iᵀ B s_j costs n² per pair) or as their evidence on the parents' pre-mutation
 * alleles, C = M_rows · B · M_colsᵀ (2 n³ once, then 4 lookups per pair), plus pᵀC / C p when a
 * side is a pass distribution.
 */
function fillChildTerms(
  ws: Workspace,
  kind: Int8Array,
  geno: Int32Array,
  model: EngineModel,
  fam: Family,
  except: number,
  includeExcept: boolean,
  rowsMale: boolean,
  pairs: number,
  needPC: boolean,
  needCP: boolean,
): void {
  ws.typedCount = 0;
  ws.denseCount = 0;
  const n = ws.n;
  ws.denseDirect = pairs < 2 * n;
  ws.rowsM = rowsMale ? model.male : model.female;
  ws.rowsQ = rowsMale ? model.qMale : model.qFemale;
  ws.colsM = rowsMale ? model.female : model.male;
  ws.colsQ = rowsMale ? model.qFemale : model.qMale;
  const children = fam.children;
  for (let k = 0; k < children.length; k++) {
    const c = children[k]!;
    if (c === except && !includeExcept) continue;
    if (kind[c] === TYPED) {
      ws.pushTyped(geno[2 * c]!, geno[2 * c + 1]!, c === except ? 1 : ws.weight[c]!);
      continue;
    }
    const d = ws.nextDense();
    if (ws.denseDirect) {
      ws.denseBelief[d] = ws.beliefs[c]!;
      continue;
    }
    const cm = ws.denseC[d]!;
    evidenceMatrix(ws, model, ws.beliefs[c]!, rowsMale, !rowsMale, cm);
    const p = model.freqs;
    if (needPC) {
      const pc = ws.densePC[d]!;
      pc.fill(0);
      for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) pc[v] = pc[v]! + p[u]! * cm[u * n + v]!;
      if (needCP) {
        let sum = 0;
        for (let v = 0; v < n; v++) sum += pc[v]! * p[v]!;
        ws.densePCP[d] = sum;
      }
    }
    if (needCP) {
      const cp = ws.denseCP[d]!;
      for (let u = 0; u < n; u++) {
        let sum = 0;
        for (let v = 0; v < n; v++) sum += cm[u * n + v]! * p[v]!;
        cp[u] = sum;
      }
    }
  }
}

/** out[u][v] = Σ_x Σ_y M_r[u][x] B[x][y] M_c[v][y]: a child's evidence on the parents' pre-mutation alleles. */
function evidenceMatrix(ws: Workspace, model: EngineModel, belief: Float64Array, rowsMale: boolean, colsMale: boolean, out: Float64Array): void {
  const n = ws.n;
  const mr = rowsMale ? model.male : model.female;
  const mc = colsMale ? model.male : model.female;
  const rIdentity = rowsMale ? model.maleIsIdentity : model.femaleIsIdentity;
  const cIdentity = colsMale ? model.maleIsIdentity : model.femaleIsIdentity;
  const used = ws.rowUsed;
  let t1 = belief;
  if (!cIdentity) {
    t1 = rIdentity ? out : ws.tmp;
    t1.fill(0);
    for (let x = 0; x < n; x++) {
      used[x] = 0;
      for (let y = 0; y < n; y++) {
        const bxy = belief[x * n + y]!;
        if (bxy === 0) continue;
        used[x] = 1;
        for (let v = 0; v < n; v++) t1[x * n + v] = t1[x * n + v]! + bxy * mc[v * n + y]!;
      }
    }
    if (rIdentity) return;
  } else {
    if (rIdentity) {
      out.set(belief);
      return;
    }
    for (let x = 0; x < n; x++) {
      used[x] = 0;
      for (let y = 0; y < n; y++) {
        if (belief[x * n + y] !== 0) {
          used[x] = 1;
          break;
        }
      }
    }
  }
  out.fill(0);
  for (let x = 0; x < n; x++) {
    if (!used[x]) continue;
    for (let u = 0; u < n; u++) {
      const mux = mr[u * n + x]!;
      if (mux === 0) continue;
      for (let v = 0; v < n; v++) out[u * n + v] = out[u * n + v]! + mux * t1[x * n + v]!;
    }
  }
}

/** Pass probability of allele x from a side state (a, b): ½ (M[a][x] + M[b][x]), or q[x] for a = -1. */
function pass(m: Float64Array, q: Float64Array, n: number, a: number, b: number, x: number): number {
  return a < 0 ? q[x]! : 0.5 * (m[a * n + x]! + m[b * n + x]!);
}

/** K = π_rowsᵀ C π_cols for dense child d and two side states (a = -1: π = p). */
function denseK(ws: Workspace, d: number, ra: number, rb: number, ca: number, cb: number): number {
  const n = ws.n;
  if (ws.denseDirect) {
    const t = ws.dt;
    const s = ws.ds;
    for (let x = 0; x < n; x++) {
      t[x] = pass(ws.rowsM, ws.rowsQ, n, ra, rb, x);
      s[x] = pass(ws.colsM, ws.colsQ, n, ca, cb, x);
    }
    const b = ws.denseBelief[d]!;
    let k = 0;
    for (let x = 0; x < n; x++) {
      if (t[x] === 0) continue;
      let row = 0;
      for (let y = 0; y < n; y++) row += b[x * n + y]! * s[y]!;
      k += t[x]! * row;
    }
    return k;
  }
  if (ra >= 0) {
    if (ca >= 0) {
      const c = ws.denseC[d]!;
      return 0.25 * (c[ra * n + ca]! + c[ra * n + cb]! + c[rb * n + ca]! + c[rb * n + cb]!);
    }
    const cp = ws.denseCP[d]!;
    return 0.5 * (cp[ra]! + cp[rb]!);
  }
  if (ca >= 0) {
    const pc = ws.densePC[d]!;
    return 0.5 * (pc[ca]! + pc[cb]!);
  }
  return ws.densePCP[d]!;
}

/** Other side's pass probabilities of each typed child's two alleles, per other-side state. */
function fillOtherPass(ws: Workspace, side: Side, m: Float64Array, q: Float64Array): void {
  const n = ws.n;
  const cnt = side.count;
  for (let c = 0; c < ws.typedCount; c++) {
    const xa = ws.typedA[c]!;
    const xb = ws.typedB[c]!;
    for (let j = 0; j < cnt; j++) {
      ws.oA[c * cnt + j] = pass(m, q, n, side.a[j]!, side.b[j]!, xa);
      ws.oB[c * cnt + j] = pass(m, q, n, side.a[j]!, side.b[j]!, xb);
    }
  }
}

/** Product over the family's children of their terms, for one state of each parent side. */
function childProduct(ws: Workspace, j: number, cnt: number, ra: number, rb: number, ca: number, cb: number, start: number): number {
  let prod = start;
  const typedA = ws.typedA;
  const typedB = ws.typedB;
  for (let c = 0; c < ws.typedCount && prod !== 0; c++) {
    const idx = c * cnt + j;
    prod *= typedA[c] === typedB[c]
      ? ws.typedW[c]! * ws.tA[c]! * ws.oA[idx]!
      : ws.typedW[c]! * (ws.tA[c]! * ws.oB[idx]! + ws.tB[c]! * ws.oA[idx]!);
  }
  for (let d = 0; d < ws.denseCount && prod !== 0; d++) prod *= denseK(ws, d, ra, rb, ca, cb);
  return prod;
}

function fillFirstPass(ws: Workspace, m: Float64Array, q: Float64Array, a: number, b: number): void {
  const n = ws.n;
  for (let c = 0; c < ws.typedCount; c++) {
    ws.tA[c] = pass(m, q, n, a, b, ws.typedA[c]!);
    ws.tB[c] = pass(m, q, n, a, b, ws.typedB[c]!);
  }
}

/** Message of a nuclear family to one of its parents, multiplied into that parent's belief. */
function messageToParent(ws: Workspace, kind: Int8Array, geno: Int32Array, model: EngineModel, fam: Family, target: number): void {
  const n = ws.n;
  const targetMale = target === fam.father;
  const other = targetMale ? fam.mother : fam.father;
  const mt = targetMale ? model.male : model.female;
  const qt = targetMale ? model.qMale : model.qFemale;
  const mo = targetMale ? model.female : model.male;
  const qo = targetMale ? model.qFemale : model.qMale;
  const side = ws.second;
  fillSide(ws, side, kind, geno, other);
  const otherDraw = side.a[0]! < 0;
  const targetStates = kind[target] === TYPED ? 1 : ws.G;
  fillChildTerms(ws, kind, geno, model, fam, -1, false, targetMale, targetStates * side.count, false, otherDraw);
  fillOtherPass(ws, side, mo, qo);
  const cnt = side.count;
  if (kind[target] === TYPED) {
    const ga = geno[2 * target]!;
    const gb = geno[2 * target + 1]!;
    fillFirstPass(ws, mt, qt, ga, gb);
    let sum = 0;
    for (let j = 0; j < cnt; j++) sum += childProduct(ws, j, cnt, ga, gb, side.a[j]!, side.b[j]!, side.w[j]!);
    ws.weight[target] = ws.weight[target]! * sum;
    return;
  }
  const bel = ws.beliefs[target]!;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const cur = bel[x * n + y]!;
      if (cur === 0) continue;
      fillFirstPass(ws, mt, qt, x, y);
      let sum = 0;
      for (let j = 0; j < cnt; j++) sum += childProduct(ws, j, cnt, x, y, side.a[j]!, side.b[j]!, side.w[j]!);
      const v = cur * sum;
      bel[x * n + y] = v;
      bel[y * n + x] = v;
    }
  }
}

/** Message of a nuclear family to one of its children, multiplied into that child's belief. */
function messageToChild(ws: Workspace, kind: Int8Array, geno: Int32Array, model: EngineModel, fam: Family, target: number): void {
  const n = ws.n;
  const fs = ws.first;
  const ms = ws.second;
  fillSide(ws, fs, kind, geno, fam.father);
  fillSide(ws, ms, kind, geno, fam.mother);
  const targetTyped = kind[target] === TYPED;
  fillChildTerms(ws, kind, geno, model, fam, target, targetTyped, true, fs.count * ms.count, fs.a[0]! < 0, ms.a[0]! < 0);
  fillOtherPass(ws, ms, model.female, model.qFemale);
  const fcnt = fs.count;
  const mcnt = ms.count;
  if (targetTyped) {
    let total = 0;
    for (let i = 0; i < fcnt; i++) {
      const fa = fs.a[i]!;
      const fb = fs.b[i]!;
      fillFirstPass(ws, model.male, model.qMale, fa, fb);
      for (let j = 0; j < mcnt; j++) total += childProduct(ws, j, mcnt, fa, fb, ms.a[j]!, ms.b[j]!, fs.w[i]! * ms.w[j]!);
    }
    ws.weight[target] = ws.weight[target]! * total;
    return;
  }
  const bel = ws.beliefs[target]!;
  if (fcnt === 1 && mcnt === 1) {
    // One state per parent: P({x,y}) = W (t(x) s(y) + t(y) s(x)) with the two pass vectors.
    const fa = fs.a[0]!;
    const fb = fs.b[0]!;
    const ma = ms.a[0]!;
    const mb = ms.b[0]!;
    fillFirstPass(ws, model.male, model.qMale, fa, fb);
    const w = childProduct(ws, 0, 1, fa, fb, ma, mb, fs.w[0]! * ms.w[0]!);
    const t = ws.tvec;
    const s = ws.svec;
    for (let x = 0; x < n; x++) {
      t[x] = pass(model.male, model.qMale, n, fa, fb, x);
      s[x] = pass(model.female, model.qFemale, n, ma, mb, x);
    }
    for (let y = 0; y < n; y++) {
      for (let x = 0; x <= y; x++) {
        const v = bel[x * n + y]! * w * (x === y ? t[x]! * s[x]! : t[x]! * s[y]! + t[y]! * s[x]!);
        bel[x * n + y] = v;
        bel[y * n + x] = v;
      }
    }
    return;
  }
  const joint = ws.joint;
  joint.fill(0);
  const p = model.freqs;
  for (let i = 0; i < fcnt; i++) {
    const fa = fs.a[i]!;
    const fb = fs.b[i]!;
    fillFirstPass(ws, model.male, model.qMale, fa, fb);
    for (let j = 0; j < mcnt; j++) {
      const w = childProduct(ws, j, mcnt, fa, fb, ms.a[j]!, ms.b[j]!, fs.w[i]! * ms.w[j]!);
      if (w !== 0) addJoint(joint, n, p, w, fa, fb, ms.a[j]!, ms.b[j]!);
    }
  }
  // Post-mutation: A = M_maleᵀ · joint · M_female; P({x,y}) = A[x][y] + A[y][x], P({x,x}) = A[x][x].
  const a = transformJoint(ws, model);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const v = bel[x * n + y]! * (x === y ? a[x * n + x]! : a[x * n + y]! + a[y * n + x]!);
      bel[x * n + y] = v;
      bel[y * n + x] = v;
    }
  }
}

/** Adds w · π_father ⊗ π_mother to the pre-mutation joint (a = -1: π = p). */
function addJoint(joint: Float64Array, n: number, p: Float64Array, w: number, fa: number, fb: number, ma: number, mb: number): void {
  if (fa >= 0 && ma >= 0) {
    const q = 0.25 * w;
    joint[fa * n + ma] = joint[fa * n + ma]! + q;
    joint[fa * n + mb] = joint[fa * n + mb]! + q;
    joint[fb * n + ma] = joint[fb * n + ma]! + q;
    joint[fb * n + mb] = joint[fb * n + mb]! + q;
  } else if (fa < 0 && ma < 0) {
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) joint[u * n + v] = joint[u * n + v]! + w * p[u]! * p[v]!;
  } else if (fa < 0) {
    for (let u = 0; u < n; u++) {
      const q = 0.5 * w * p[u]!;
      joint[u * n + ma] = joint[u * n + ma]! + q;
      joint[u * n + mb] = joint[u * n + mb]! + q;
    }
  } else {
    for (let v = 0; v < n; v++) {
      const q = 0.5 * w * p[v]!;
      joint[fa * n + v] = joint[fa * n + v]! + q;
      joint[fb * n + v] = joint[fb * n + v]! + q;
    }
  }
}

/** A = M_maleᵀ · joint · M_female, skipping the joint's empty rows. */
function transformJoint(ws: Workspace, model: EngineModel): Float64Array {
  const n = ws.n;
  const joint = ws.joint;
  const used = ws.rowUsed;
  for (let u = 0; u < n; u++) {
    used[u] = 0;
    for (let v = 0; v < n; v++) {
      if (joint[u * n + v] !== 0) {
        used[u] = 1;
        break;
      }
    }
  }
  let t = joint;
  if (!model.femaleIsIdentity) {
    t = ws.tmp;
    t.fill(0);
    const mm = model.female;
    for (let u = 0; u < n; u++) {
      if (!used[u]) continue;
      for (let v = 0; v < n; v++) {
        const w = joint[u * n + v]!;
        if (w === 0) continue;
        for (let y = 0; y < n; y++) t[u * n + y] = t[u * n + y]! + w * mm[v * n + y]!;
      }
    }
  }
  if (model.maleIsIdentity) return t;
  const out = ws.out;
  out.fill(0);
  const mf = model.male;
  for (let u = 0; u < n; u++) {
    if (!used[u]) continue;
    for (let x = 0; x < n; x++) {
      const w = mf[u * n + x]!;
      if (w === 0) continue;
      for (let y = 0; y < n; y++) out[x * n + y] = out[x * n + y]! + w * t[u * n + y]!;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loops: sum over the genotypes of the untyped loop breakers

/** Largest number of joint genotype states of untyped loop breakers per locus (G^breakers). */
export const LOOP_MAX_BREAKER_STATES = 1_000_000;

function checkBreakerStates(model: EngineModel, breakers: number): void {
  const states = ((model.n * (model.n + 1)) / 2) ** breakers;
  if (states > LOOP_MAX_BREAKER_STATES) {
    throw new KinshipLimitError(
      `locus ${model.name}: breaking the pedigree's loops needs ${breakers} untyped persons summed jointly (${states} genotype states); ` +
        `the exact limit is ${LOOP_MAX_BREAKER_STATES} states per locus`,
    );
  }
}

/** The genotype array extended with one pair per loop-breaking clone (filled by syncClones). */
function extendForClones(plan: Plan, geno: Int32Array): Int32Array {
  const work = new Int32Array(2 * plan.total).fill(-1);
  work.set(geno);
  return work;
}

function syncClones(plan: Plan, size: number, work: Int32Array): void {
  for (let k = 0; k < plan.cloneOf.length; k++) {
    const o = plan.cloneOf[k]!;
    work[2 * (size + k)] = work[2 * o]!;
    work[2 * (size + k) + 1] = work[2 * o + 1]!;
  }
}

/** θ = 0 with loops: components without clones once, the others summed over the breakers' genotypes. */
function loopLikelihood(ws: Workspace, ped: CompiledPedigree, plan: Plan, work: Int32Array, model: EngineModel): number {
  checkBreakerStates(model, plan.breakers.length);
  let total = 1;
  const looped: ComponentPlan[] = [];
  for (const comp of plan.components) {
    if (comp.persons.some((p) => p >= ped.size)) looped.push(comp);
    else total *= peel(ws, plan, comp, work, model, true, null);
  }
  if (total === 0) return 0;
  return total * sumOverBreakers(ws, ped, plan, looped, work, model, true, Array.from(plan.breakers), 0);
}

function sumOverBreakers(
  ws: Workspace,
  ped: CompiledPedigree,
  plan: Plan,
  comps: readonly ComponentPlan[],
  work: Int32Array,
  model: EngineModel,
  founderPrior: boolean,
  breakers: readonly number[],
  k: number,
): number {
  if (k === breakers.length) {
    syncClones(plan, ped.size, work);
    let l = 1;
    for (const comp of comps) {
      l *= peel(ws, plan, comp, work, model, founderPrior, null);
      if (l === 0) return 0;
    }
    return l;
  }
  const b = breakers[k]!;
  const n = model.n;
  let total = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      work[2 * b] = x;
      work[2 * b + 1] = y;
      total += sumOverBreakers(ws, ped, plan, comps, work, model, founderPrior, breakers, k + 1);
    }
  }
  work[2 * b] = -1;
  work[2 * b + 1] = -1;
  return total;
}

// ---------------------------------------------------------------------------------------------
// θ > 0: exact sum over the untyped founders' alleles in the Balding–Nichols sample

function thetaLikelihood(
  ws: Workspace,
  ped: CompiledPedigree,
  geno: Int32Array,
  model: EngineModel,
  theta: number,
  mode: ThetaMode,
  extra: Int32Array,
): number {
  // Untyped founders are fixed per assignment, so the peeling plan treats them as typed.
  const plan = getPlan(ped, geno, true, -1);
  const work = extendForClones(plan, geno);
  const components = plan.components;
  const samples: { comps: readonly ComponentPlan[]; extra: Int32Array }[] = [];
  if (mode === 'joint') samples.push({ comps: components, extra });
  else {
    const parts = new Map<number, ComponentPlan[]>();
    for (const comp of components) parts.set(comp.part, [...(parts.get(comp.part) ?? []), comp]);
    for (const comps of parts.values()) samples.push({ comps, extra: EMPTY });
    for (let k = 0; k < extra.length; k += 2) samples.push({ comps: [], extra: extra.subarray(k, k + 2) });
  }
  let total = 1;
  for (const sample of samples) {
    total *= new FounderSample(ws, ped, plan, sample.comps, work, model, theta).likelihood(sample.extra);
    if (total === 0) return 0;
  }
  return total;
}

/** One Balding–Nichols sample: typed founders first, then an exact sum over the untyped ones. */
class FounderSample {
  private readonly counts: Float64Array;
  private drawn = 0;
  private readonly founders: number[] = [];
  private readonly draws: number[] = [];
  /** Loop breakers that are not founders (founders are already summed as founders). */
  private readonly nonFounderBreakers: number[];

  constructor(
    private readonly ws: Workspace,
    private readonly ped: CompiledPedigree,
    private readonly plan: Plan,
    private readonly comps: readonly ComponentPlan[],
    private readonly work: Int32Array,
    private readonly model: EngineModel,
    private readonly theta: number,
  ) {
    this.counts = new Float64Array(model.n);
    this.nonFounderBreakers = Array.from(plan.breakers).filter((b) => plan.founder[b] === 0);
    checkBreakerStates(model, this.nonFounderBreakers.length);
    for (const comp of comps) {
      for (let k = 0; k < comp.untypedFounders.length; k++) {
        this.founders.push(comp.untypedFounders[k]!);
        this.draws.push(comp.founderDraws[k]!);
      }
    }
  }

  likelihood(extra: Int32Array): number {
    const { model, work } = this;
    let typedPart = 1;
    for (const comp of this.comps) {
      for (const f of comp.typedFounders) typedPart *= this.drawGenotype(work[2 * f]!, work[2 * f + 1]!);
    }
    for (let k = 0; k < extra.length; k += 2) typedPart *= this.drawGenotype(extra[k]!, extra[k + 1]!);
    const n = model.n;
    const G = (n * (n + 1)) / 2;
    let states = 1;
    for (const d of this.draws) states *= d === 1 ? n : G;
    if (this.founders.length > THETA_MAX_UNTYPED_FOUNDERS || states > THETA_MAX_FOUNDER_STATES) {
      throw new KinshipLimitError(
        `locus ${model.name}: θ > 0 with ${this.founders.length} untyped founders needs ${states} founder states; ` +
          `the exact limit is ${THETA_MAX_UNTYPED_FOUNDERS} founders and ${THETA_MAX_FOUNDER_STATES} states per locus`,
      );
    }
    return typedPart * this.sum(0);
  }

  /** README §2.3: P(next = a) = (n_a θ + (1 − θ) p_a) / (1 + (m − 1) θ); the allele joins the sample. */
  private draw(a: number): number {
    const pr = (this.counts[a]! * this.theta + (1 - this.theta) * this.model.freqs[a]!) / (1 + (this.drawn - 1) * this.theta);
    this.counts[a] = this.counts[a]! + 1;
    this.drawn++;
    return pr;
  }

  private undraw(a: number): void {
    this.counts[a] = this.counts[a]! - 1;
    this.drawn--;
  }

  /** A heterozygous genotype counts both orders (README §2.3). */
  private drawGenotype(a: number, b: number): number {
    return (a === b ? 1 : 2) * this.draw(a) * this.draw(b);
  }

  private sum(k: number): number {
    const { work } = this;
    if (k === this.founders.length) {
      if (this.plan.cloneOf.length > 0) return sumOverBreakers(this.ws, this.ped, this.plan, this.comps, work, this.model, false, this.nonFounderBreakers, 0);
      let l = 1;
      for (const comp of this.comps) {
        l *= peel(this.ws, this.plan, comp, work, this.model, false, null);
        if (l === 0) return 0;
      }
      return l;
    }
    const f = this.founders[k]!;
    const n = this.model.n;
    let total = 0;
    if (this.draws[k] === 1) {
      // One child: only the transmitted allele matters; the other marginalises out (exchangeability).
      for (let a = 0; a < n; a++) {
        const pr = this.draw(a);
        work[2 * f] = a;
        work[2 * f + 1] = a;
        total += pr * this.sum(k + 1);
        this.undraw(a);
      }
    } else {
      for (let b = 0; b < n; b++) {
        for (let a = 0; a <= b; a++) {
          const pr = this.drawGenotype(a, b);
          work[2 * f] = a;
          work[2 * f + 1] = b;
          total += pr * this.sum(k + 1);
          this.undraw(b);
          this.undraw(a);
        }
      }
    }
    work[2 * f] = -1;
    work[2 * f + 1] = -1;
    return total;
  }
}
