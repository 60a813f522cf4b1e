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
 *
 * Without mutation (M = I for both sexes) the alleles that no typed person carries are merged into
 * one allele with their summed frequency before anything else. This is exact: with M = I the
 * likelihood depends on an unobserved allele only through its frequency, and the Balding–Nichols
 * sample is closed under merging categories (a Pólya urn).
 *
 * Pedigrees with loops (marriage or inbreeding loops) are not supported: a KinshipError
 * `UNSUPPORTED_PEDIGREE` names them.
 */
import { KinshipError, KinshipLimitError } from './kinship-error';
import { buildModel, identityMatrix, type CompiledLocusModel } from './locus-model';
import { SEX_MALE, type CompiledPedigree } from './pedigree';

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
}

interface Plan {
  readonly kind: Int8Array;
  readonly families: readonly Family[];
  readonly components: readonly ComponentPlan[];
}

const planCache = new WeakMap<CompiledPedigree, Map<string, Plan>>();

/**
 * Likelihood of the genotypes at one locus.
 * @param genotypes two allele indices per person (index 2i, 2i+1 for person i), -1 for untyped.
 * @throws KinshipLimitError past the θ founder limit; KinshipError UNSUPPORTED_PEDIGREE for a loop.
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
  let m = model;
  const lumped = lumpUnobservedAlleles(model, genotypes, extra);
  if (lumped) {
    m = lumped.model;
    geno = lumped.genotypes;
    extra = lumped.extra;
  }
  if (theta === 0) {
    const plan = getPlan(pedigree, geno, false, -1);
    let total = 1;
    for (const comp of plan.components) {
      total *= peel(pedigree, plan, comp, geno, m, true, null);
      if (total === 0) return 0;
    }
    for (let k = 0; k < extra.length; k += 2) total *= hwProbability(m, extra[k]!, extra[k + 1]!);
    return total;
  }
  return thetaLikelihood(pedigree, geno, m, theta, mode, extra);
}

/**
 * For every genotype g of one untyped person, the likelihood of the data with that person fixed to
 * g (θ = 0): `out[genotypeIndex(a, b)]`. For the missing person of a reference family this is the
 * numerator of the LR of every possible found person at once.
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
  let others = 1;
  let target: ComponentPlan | undefined;
  for (const comp of plan.components) {
    if (comp.root === person) target = comp;
    else others *= peel(pedigree, plan, comp, genotypes, model, true, null);
  }
  if (target === undefined) {
    // The person was not pruned only if it is the forced root; a lone untyped person has HW beliefs.
    throw new KinshipError('INVALID_GENOTYPE', `${pedigree.ids[person]} is not part of the pedigree plan`);
  }
  peel(pedigree, plan, target, genotypes, model, true, out);
  if (others !== 1) for (let g = 0; g < out.length; g++) out[g] = out[g]! * others;
  return out;
}

const EMPTY = new Int32Array(0);

function hwProbability(m: CompiledLocusModel, a: number, b: number): number {
  const p = m.freqs;
  return a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!;
}

// ---------------------------------------------------------------------------------------------
// Allele lumping (no mutation only)

interface Lumped {
  readonly model: CompiledLocusModel;
  readonly genotypes: Int32Array;
  readonly extra: Int32Array;
}

function lumpUnobservedAlleles(model: CompiledLocusModel, genotypes: Int32Array, extra: Int32Array): Lumped | null {
  if (!model.maleIsIdentity || !model.femaleIsIdentity) return null;
  const n = model.n;
  const newIndex = new Int32Array(n).fill(-1);
  let observed = 0;
  const mark = (a: number): void => {
    if (a >= 0 && newIndex[a] === -1) newIndex[a] = observed++;
  };
  for (let k = 0; k < genotypes.length; k++) mark(genotypes[k]!);
  for (let k = 0; k < extra.length; k++) mark(extra[k]!);
  if (observed >= n - 1) return null;
  const freqs = new Float64Array(observed + 1);
  const alleles: string[] = new Array<string>(observed + 1);
  let other = 0;
  for (let a = 0; a < n; a++) {
    if (newIndex[a]! >= 0) {
      freqs[newIndex[a]!] = model.freqs[a]!;
      alleles[newIndex[a]!] = model.alleles[a]!;
    } else other += model.freqs[a]!;
  }
  freqs[observed] = other;
  alleles[observed] = '(other)';
  const size = observed + 1;
  const identity = identityMatrix(size);
  const lumpedModel = buildModel(model.name, alleles, freqs, identity, identity, model.femaleMutation, model.maleMutation, model.mutationLabel, () => -1);
  const remap = (src: Int32Array): Int32Array => {
    const out = new Int32Array(src.length);
    for (let k = 0; k < src.length; k++) out[k] = src[k]! < 0 ? -1 : newIndex[src[k]!]!;
    return out;
  };
  return { model: lumpedModel, genotypes: remap(genotypes), extra: remap(extra) };
}

// ---------------------------------------------------------------------------------------------
// Planning: pruning, families, components, root choice, peeling order

function getPlan(pedigree: CompiledPedigree, genotypes: Int32Array, fixFounders: boolean, forcedRoot: number): Plan {
  let key = fixFounders ? 'f' : 'p';
  key += String(forcedRoot);
  key += ':';
  for (let i = 0; i < pedigree.size; i++) key += genotypes[2 * i]! >= 0 ? '1' : '0';
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
  const kind = new Int8Array(size).fill(TYPED);
  const activeChildren = new Int32Array(size);
  for (let i = 0; i < size; i++) activeChildren[i] = ped.children[i]!.length;
  // Remove untyped persons without (remaining) children: their genotype sums to 1.
  const stack: number[] = [];
  for (let i = 0; i < size; i++) if (!typed[i] && activeChildren[i] === 0 && i !== forcedRoot) stack.push(i);
  while (stack.length > 0) {
    const u = stack.pop()!;
    kind[u] = PRUNED;
    for (const p of [ped.father[u]!, ped.mother[u]!]) {
      if (p >= 0 && --activeChildren[p]! === 0 && !typed[p] && p !== forcedRoot) stack.push(p);
    }
  }
  const isFounder = (i: number): boolean => ped.father[i]! < 0;
  for (let i = 0; i < size; i++) {
    if (kind[i] === PRUNED || typed[i]) continue;
    if (isFounder(i) && fixFounders) kind[i] = TYPED;
    else if (isFounder(i) && activeChildren[i] === 1 && i !== forcedRoot) kind[i] = DRAW;
    else kind[i] = DENSE;
  }
  // Nuclear families of the remaining persons.
  const families: Family[] = [];
  const familyKey = new Map<number, number>();
  const childFamily = new Int32Array(size).fill(-1);
  const parentFamilies: number[][] = Array.from({ length: size }, () => []);
  const kids: number[][] = [];
  for (let c = 0; c < size; c++) {
    if (kind[c] === PRUNED || isFounder(c)) continue;
    const f = ped.father[c]!;
    const m = ped.mother[c]!;
    const k = f * size + m;
    let idx = familyKey.get(k);
    if (idx === undefined) {
      idx = kids.length;
      familyKey.set(k, idx);
      kids.push([]);
      families.push({ father: f, mother: m, children: EMPTY });
      parentFamilies[f]!.push(idx);
      parentFamilies[m]!.push(idx);
    }
    kids[idx]!.push(c);
    childFamily[c] = idx;
  }
  for (let f = 0; f < families.length; f++) families[f] = { ...families[f]!, children: Int32Array.from(kids[f]!) };
  // Components and loop check on the bipartite person–family graph (a forest iff no loop).
  const parent = new Int32Array(size + families.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let f = 0; f < families.length; f++) {
    const fam = families[f]!;
    for (const member of [fam.father, fam.mother, ...fam.children]) {
      const a = find(member);
      const b = find(size + f);
      if (a === b) {
        throw new KinshipError(
          'UNSUPPORTED_PEDIGREE',
          `the pedigree has a loop through "${ped.ids[member]}" (inbreeding or marriage loop); loops are not supported`,
        );
      }
      parent[a] = b;
    }
  }
  const byComponent = new Map<number, number[]>();
  for (let i = 0; i < size; i++) {
    if (kind[i] === PRUNED) continue;
    const r = find(i);
    let list = byComponent.get(r);
    if (!list) byComponent.set(r, (list = []));
    list.push(i);
  }
  const familiesOf = (u: number): number[] => (childFamily[u]! >= 0 ? [childFamily[u]!, ...parentFamilies[u]!] : parentFamilies[u]!);
  const components: ComponentPlan[] = [];
  for (const persons of byComponent.values()) {
    const candidates = persons.includes(forcedRoot) ? [forcedRoot] : persons.filter((p) => kind[p] !== DRAW);
    let best = candidates[0]!;
    let bestCost = Infinity;
    for (const root of candidates) {
      const cost = planCost(root, families, familiesOf, kind);
      if (cost < bestCost) {
        bestCost = cost;
        best = root;
      }
    }
    const steps: Step[] = [];
    collectSteps(best, -1, families, familiesOf, steps);
    const untyped = persons.filter((p) => isFounder(p) && !typed[p]);
    components.push({
      root: best,
      steps,
      persons: Int32Array.from(persons),
      untypedFounders: Int32Array.from(untyped),
      founderDraws: Int32Array.from(untyped.map((p) => (activeChildren[p] === 1 ? 1 : 2))),
      typedFounders: Int32Array.from(persons.filter((p) => isFounder(p) && typed[p])),
    });
  }
  return { kind, families, components };
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

/** Rough operation count of peeling towards `root` (nominal n = 10 alleles, 55 genotypes). */
function planCost(root: number, families: readonly Family[], familiesOf: (u: number) => number[], kind: Int8Array): number {
  const G = 55;
  const N3 = 1000;
  const states = (p: number): number => (kind[p] === DENSE ? G : 1);
  let cost = kind[root] === DENSE ? G : 1;
  const visit = (u: number, from: number): void => {
    for (const f of familiesOf(u)) {
      if (f === from) continue;
      const fam = families[f]!;
      for (const v of membersOf(fam)) if (v !== u) visit(v, f);
      let denseChildren = 0;
      for (const c of fam.children) if (c !== u && kind[c] === DENSE) denseChildren++;
      const k = fam.children.length;
      const pairs = states(fam.father) * states(fam.mother);
      cost += pairs * (k + 1) + denseChildren * 2 * N3 + (kind[u] === DENSE && u !== fam.father && u !== fam.mother ? 2 * N3 : 0);
    }
  };
  visit(root, -1);
  return cost;
}

// ---------------------------------------------------------------------------------------------
// Peeling one component

/**
 * Peels one component towards its root. Founders carry Hardy–Weinberg priors when `founderPrior`
 * (θ = 0); with θ > 0 the founders are fixed by the caller and their probability is the
 * Balding–Nichols sample's. When `rootOut` is given, writes the root's belief per genotype index.
 */
function peel(
  ped: CompiledPedigree,
  plan: Plan,
  comp: ComponentPlan,
  geno: Int32Array,
  model: CompiledLocusModel,
  founderPrior: boolean,
  rootOut: Float64Array | null,
): number {
  const n = model.n;
  const kind = plan.kind;
  const weight = new Float64Array(ped.size);
  const dense: (Float64Array | undefined)[] = new Array(ped.size);
  const p = model.freqs;
  for (const i of comp.persons) {
    const founder = ped.father[i]! < 0;
    if (kind[i] === TYPED) {
      weight[i] = founder && founderPrior ? hwProbability(model, geno[2 * i]!, geno[2 * i + 1]!) : 1;
    } else if (kind[i] === DENSE) {
      const b = new Float64Array(n * n);
      if (founder) {
        for (let x = 0; x < n; x++) {
          for (let y = 0; y < n; y++) b[x * n + y] = x === y ? p[x]! * p[x]! : 2 * p[x]! * p[y]!;
        }
      } else b.fill(1);
      dense[i] = b;
    } else weight[i] = 1;
  }
  const ctx: PeelContext = { ped, kind, geno, weight, dense, model, n };
  for (const step of comp.steps) {
    const fam = plan.families[step.family]!;
    if (step.target === fam.father || step.target === fam.mother) messageToParent(ctx, fam, step.target);
    else messageToChild(ctx, fam, step.target);
    if (kind[step.target] === TYPED && weight[step.target] === 0) {
      if (rootOut) rootOut.fill(0);
      return 0;
    }
  }
  const root = comp.root;
  if (kind[root] !== DENSE) return weight[root]!;
  const b = dense[root]!;
  let total = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      total += b[x * n + y]!;
      if (rootOut) rootOut[(y * (y + 1)) / 2 + x] = b[x * n + y]!;
    }
  }
  return total;
}

interface PeelContext {
  readonly ped: CompiledPedigree;
  readonly kind: Int8Array;
  readonly geno: Int32Array;
  readonly weight: Float64Array;
  readonly dense: (Float64Array | undefined)[];
  readonly model: CompiledLocusModel;
  readonly n: number;
}

/** The states of a parent that is not the target: allele pairs (a = -1: pass distribution p) and weights. */
interface Side {
  count: number;
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

function sideOf(ctx: PeelContext, person: number): Side {
  const k = ctx.kind[person];
  if (k === TYPED) {
    return { count: 1, a: Int32Array.of(ctx.geno[2 * person]!), b: Int32Array.of(ctx.geno[2 * person + 1]!), w: Float64Array.of(ctx.weight[person]!) };
  }
  if (k === DRAW) return { count: 1, a: Int32Array.of(-1), b: Int32Array.of(-1), w: Float64Array.of(1) };
  const n = ctx.n;
  const bel = ctx.dense[person]!;
  const cap = (n * (n + 1)) / 2;
  const side: Side = { count: 0, a: new Int32Array(cap), b: new Int32Array(cap), w: new Float64Array(cap) };
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const w = bel[x * n + y]!;
      if (w === 0) continue;
      side.a[side.count] = x;
      side.b[side.count] = y;
      side.w[side.count++] = w;
    }
  }
  return side;
}

function matrixOf(ctx: PeelContext, person: number): { m: Float64Array; q: Float64Array; identity: boolean } {
  const male = ctx.ped.sex[person] === SEX_MALE;
  const model = ctx.model;
  return male
    ? { m: model.male, q: model.qMale, identity: model.maleIsIdentity }
    : { m: model.female, q: model.qFemale, identity: model.femaleIsIdentity };
}

/**
 * Children of a family other than `except`, split into typed ones (allele pair, weight) and dense
 * ones (belief matrices), from the point of view of the two parent sides.
 */
interface ChildTerms {
  /** Typed children: allele pairs and weights. */
  readonly typedA: Int32Array;
  readonly typedB: Int32Array;
  readonly typedW: Float64Array;
  /** Dense children: C = M_rows · B · M_colsᵀ in pre-mutation allele space (rows: first side). */
  readonly denseC: Float64Array[];
}

function childTerms(ctx: PeelContext, fam: Family, except: number, includeTarget: boolean, rows: number, cols: number): ChildTerms {
  const tA: number[] = [];
  const tB: number[] = [];
  const tW: number[] = [];
  const denseC: Float64Array[] = [];
  for (const c of fam.children) {
    if (c === except && !includeTarget) continue;
    if (ctx.kind[c] === TYPED) {
      tA.push(ctx.geno[2 * c]!);
      tB.push(ctx.geno[2 * c + 1]!);
      tW.push(c === except ? 1 : ctx.weight[c]!);
    } else {
      denseC.push(evidenceMatrix(ctx, ctx.dense[c]!, rows, cols));
    }
  }
  return { typedA: Int32Array.from(tA), typedB: Int32Array.from(tB), typedW: Float64Array.from(tW), denseC };
}

/** C[u][v] = Σ_x Σ_y M_r[u][x] B[x][y] M_c[v][y]: a child's evidence on the parents' pre-mutation alleles. */
function evidenceMatrix(ctx: PeelContext, belief: Float64Array, rowsParent: number, colsParent: number): Float64Array {
  const n = ctx.n;
  const r = matrixOf(ctx, rowsParent);
  const c = matrixOf(ctx, colsParent);
  let t1 = belief;
  if (!c.identity) {
    t1 = new Float64Array(n * n);
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        const bxy = belief[x * n + y]!;
        if (bxy === 0) continue;
        for (let v = 0; v < n; v++) t1[x * n + v] = t1[x * n + v]! + bxy * c.m[v * n + y]!;
      }
    }
  }
  if (r.identity) return t1 === belief ? belief.slice() : t1;
  const out = new Float64Array(n * n);
  for (let u = 0; u < n; u++) {
    for (let x = 0; x < n; x++) {
      const mux = r.m[u * n + x]!;
      if (mux === 0) continue;
      for (let v = 0; v < n; v++) out[u * n + v] = out[u * n + v]! + mux * t1[x * n + v]!;
    }
  }
  return out;
}

/** Pass probability of allele x from a side state (a, b): ½ (M[a][x] + M[b][x]), or q[x] for a = -1. */
function pass(m: Float64Array, q: Float64Array, n: number, a: number, b: number, x: number): number {
  return a < 0 ? q[x]! : 0.5 * (m[a * n + x]! + m[b * n + x]!);
}

/** K = π_rᵀ C π_c for a dense child's evidence matrix and two side states (a = -1: π = p). */
function denseTerm(c: Float64Array, p: Float64Array, n: number, ra: number, rb: number, ca: number, cb: number): number {
  if (ra >= 0 && ca >= 0) return 0.25 * (c[ra * n + ca]! + c[ra * n + cb]! + c[rb * n + ca]! + c[rb * n + cb]!);
  let sum = 0;
  if (ra < 0 && ca < 0) {
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) sum += p[u]! * c[u * n + v]! * p[v]!;
    return sum;
  }
  if (ra < 0) {
    for (let u = 0; u < n; u++) sum += p[u]! * (c[u * n + ca]! + c[u * n + cb]!);
    return 0.5 * sum;
  }
  for (let v = 0; v < n; v++) sum += (c[ra * n + v]! + c[rb * n + v]!) * p[v]!;
  return 0.5 * sum;
}

/** Message of a nuclear family to one of its parents, multiplied into that parent's belief. */
function messageToParent(ctx: PeelContext, fam: Family, target: number): void {
  const n = ctx.n;
  const other = target === fam.father ? fam.mother : fam.father;
  const side = sideOf(ctx, other);
  const mt = matrixOf(ctx, target);
  const mo = matrixOf(ctx, other);
  const terms = childTerms(ctx, fam, -1, false, target, other);
  const nt = terms.typedA.length;
  // Other side's pass probabilities of each typed child's two alleles, per other-side state.
  const oA = new Float64Array(nt * side.count);
  const oB = new Float64Array(nt * side.count);
  for (let c = 0; c < nt; c++) {
    for (let j = 0; j < side.count; j++) {
      oA[c * side.count + j] = pass(mo.m, mo.q, n, side.a[j]!, side.b[j]!, terms.typedA[c]!);
      oB[c * side.count + j] = pass(mo.m, mo.q, n, side.a[j]!, side.b[j]!, terms.typedB[c]!);
    }
  }
  const p = ctx.model.freqs;
  const tA = new Float64Array(nt);
  const tB = new Float64Array(nt);
  const messageFor = (ga: number, gb: number): number => {
    for (let c = 0; c < nt; c++) {
      tA[c] = pass(mt.m, mt.q, n, ga, gb, terms.typedA[c]!);
      tB[c] = pass(mt.m, mt.q, n, ga, gb, terms.typedB[c]!);
    }
    let sum = 0;
    for (let j = 0; j < side.count; j++) {
      let prod = side.w[j]!;
      for (let c = 0; c < nt && prod !== 0; c++) {
        const idx = c * side.count + j;
        prod *= terms.typedA[c] === terms.typedB[c]
          ? terms.typedW[c]! * tA[c]! * oA[idx]!
          : terms.typedW[c]! * (tA[c]! * oB[idx]! + tB[c]! * oA[idx]!);
      }
      for (let d = 0; d < terms.denseC.length && prod !== 0; d++) {
        prod *= denseTerm(terms.denseC[d]!, p, n, ga, gb, side.a[j]!, side.b[j]!);
      }
      sum += prod;
    }
    return sum;
  };
  if (ctx.kind[target] === TYPED) {
    ctx.weight[target] = ctx.weight[target]! * messageFor(ctx.geno[2 * target]!, ctx.geno[2 * target + 1]!);
    return;
  }
  const bel = ctx.dense[target]!;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const cur = bel[x * n + y]!;
      if (cur === 0) continue;
      const v = cur * messageFor(x, y);
      bel[x * n + y] = v;
      bel[y * n + x] = v;
    }
  }
}

/** Message of a nuclear family to one of its children, multiplied into that child's belief. */
function messageToChild(ctx: PeelContext, fam: Family, target: number): void {
  const n = ctx.n;
  const fs = sideOf(ctx, fam.father);
  const ms = sideOf(ctx, fam.mother);
  const mf = matrixOf(ctx, fam.father);
  const mm = matrixOf(ctx, fam.mother);
  const targetTyped = ctx.kind[target] === TYPED;
  const terms = childTerms(ctx, fam, target, targetTyped, fam.father, fam.mother);
  const nt = terms.typedA.length;
  const oA = new Float64Array(nt * ms.count);
  const oB = new Float64Array(nt * ms.count);
  for (let c = 0; c < nt; c++) {
    for (let j = 0; j < ms.count; j++) {
      oA[c * ms.count + j] = pass(mm.m, mm.q, n, ms.a[j]!, ms.b[j]!, terms.typedA[c]!);
      oB[c * ms.count + j] = pass(mm.m, mm.q, n, ms.a[j]!, ms.b[j]!, terms.typedB[c]!);
    }
  }
  const p = ctx.model.freqs;
  const tA = new Float64Array(nt);
  const tB = new Float64Array(nt);
  // Pre-mutation joint distribution of (paternal, maternal) passed alleles, weighted (dense target only).
  const joint = targetTyped ? null : new Float64Array(n * n);
  let total = 0;
  for (let i = 0; i < fs.count; i++) {
    const fa = fs.a[i]!;
    const fb = fs.b[i]!;
    for (let c = 0; c < nt; c++) {
      tA[c] = pass(mf.m, mf.q, n, fa, fb, terms.typedA[c]!);
      tB[c] = pass(mf.m, mf.q, n, fa, fb, terms.typedB[c]!);
    }
    for (let j = 0; j < ms.count; j++) {
      let prod = fs.w[i]! * ms.w[j]!;
      for (let c = 0; c < nt && prod !== 0; c++) {
        const idx = c * ms.count + j;
        prod *= terms.typedA[c] === terms.typedB[c]
          ? terms.typedW[c]! * tA[c]! * oA[idx]!
          : terms.typedW[c]! * (tA[c]! * oB[idx]! + tB[c]! * oA[idx]!);
      }
      for (let d = 0; d < terms.denseC.length && prod !== 0; d++) {
        prod *= denseTerm(terms.denseC[d]!, p, n, fa, fb, ms.a[j]!, ms.b[j]!);
      }
      if (prod === 0) continue;
      if (joint) addJoint(joint, n, p, prod, fa, fb, ms.a[j]!, ms.b[j]!);
      else total += prod;
    }
  }
  if (!joint) {
    ctx.weight[target] = ctx.weight[target]! * total;
    return;
  }
  // Post-mutation: A = M_fatherᵀ · joint · M_mother; P({x,y}) = A[x][y] + A[y][x], P({x,x}) = A[x][x].
  const a = transformJoint(joint, n, mf, mm);
  const bel = ctx.dense[target]!;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const v = bel[x * n + y]! * (x === y ? a[x * n + x]! : a[x * n + y]! + a[y * n + x]!);
      bel[x * n + y] = v;
      bel[y * n + x] = v;
    }
  }
}

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

function transformJoint(
  joint: Float64Array,
  n: number,
  mf: { m: Float64Array; identity: boolean },
  mm: { m: Float64Array; identity: boolean },
): Float64Array {
  let t = joint;
  if (!mm.identity) {
    t = new Float64Array(n * n);
    for (let u = 0; u < n; u++) {
      for (let v = 0; v < n; v++) {
        const w = joint[u * n + v]!;
        if (w === 0) continue;
        for (let y = 0; y < n; y++) t[u * n + y] = t[u * n + y]! + w * mm.m[v * n + y]!;
      }
    }
  }
  if (mf.identity) return t;
  const out = new Float64Array(n * n);
  for (let u = 0; u < n; u++) {
    for (let x = 0; x < n; x++) {
      const w = mf.m[u * n + x]!;
      if (w === 0) continue;
      for (let y = 0; y < n; y++) out[x * n + y] = out[x * n + y]! + w * t[u * n + y]!;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// θ > 0: exact sum over the untyped founders' alleles in the Balding–Nichols sample

function thetaLikelihood(
  ped: CompiledPedigree,
  geno: Int32Array,
  model: CompiledLocusModel,
  theta: number,
  mode: ThetaMode,
  extra: Int32Array,
): number {
  // Untyped founders are fixed per assignment, so the peeling plan treats them as typed.
  const fixedPlan = getPlan(ped, geno, true, -1);
  const work = geno.slice();
  const components = fixedPlan.components;
  const samples: { comps: ComponentPlan[]; extra: Int32Array }[] =
    mode === 'joint'
      ? [{ comps: [...components], extra }]
      : [
          ...components.map((c) => ({ comps: [c], extra: EMPTY })),
          ...Array.from({ length: extra.length / 2 }, (_, k) => ({ comps: [] as ComponentPlan[], extra: extra.subarray(2 * k, 2 * k + 2) })),
        ];
  let total = 1;
  for (const sample of samples) {
    total *= sampleLikelihood(ped, fixedPlan, sample.comps, sample.extra, work, model, theta);
    if (total === 0) return 0;
  }
  return total;
}

function sampleLikelihood(
  ped: CompiledPedigree,
  plan: Plan,
  comps: readonly ComponentPlan[],
  extra: Int32Array,
  work: Int32Array,
  model: CompiledLocusModel,
  theta: number,
): number {
  const n = model.n;
  const p = model.freqs;
  const counts = new Float64Array(n);
  let drawn = 0;
  const draw = (a: number): number => {
    const pr = (counts[a]! * theta + (1 - theta) * p[a]!) / (1 + (drawn - 1) * theta);
    counts[a] = counts[a]! + 1;
    drawn++;
    return pr;
  };
  const undraw = (a: number): void => {
    counts[a] = counts[a]! - 1;
    drawn--;
  };
  const drawGenotype = (a: number, b: number): number => (a === b ? 1 : 2) * draw(a) * draw(b);
  let typedPart = 1;
  for (const comp of comps) for (const f of comp.typedFounders) typedPart *= drawGenotype(work[2 * f]!, work[2 * f + 1]!);
  for (let k = 0; k < extra.length; k += 2) typedPart *= drawGenotype(extra[k]!, extra[k + 1]!);
  const founders: number[] = [];
  const draws: number[] = [];
  for (const comp of comps) {
    comp.untypedFounders.forEach((f, k) => {
      founders.push(f);
      draws.push(comp.founderDraws[k]!);
    });
  }
  const G = (n * (n + 1)) / 2;
  let states = 1;
  for (const d of draws) states *= d === 1 ? n : G;
  if (founders.length > THETA_MAX_UNTYPED_FOUNDERS || states > THETA_MAX_FOUNDER_STATES) {
    throw new KinshipLimitError(
      `${model.name}: θ > 0 with ${founders.length} untyped founders needs ${states} founder states per locus; ` +
        `the exact limit is ${THETA_MAX_UNTYPED_FOUNDERS} founders and ${THETA_MAX_FOUNDER_STATES} states`,
    );
  }
  const leaf = (): number => {
    let l = 1;
    for (const comp of comps) {
      l *= peel(ped, plan, comp, work, model, false, null);
      if (l === 0) return 0;
    }
    return l;
  };
  if (founders.length === 0) return typedPart * leaf();
  const recurse = (k: number): number => {
    if (k === founders.length) return leaf();
    const f = founders[k]!;
    let sum = 0;
    if (draws[k] === 1) {
      for (let a = 0; a < n; a++) {
        const pr = draw(a);
        work[2 * f] = a;
        work[2 * f + 1] = a;
        sum += pr * recurse(k + 1);
        undraw(a);
      }
    } else {
      for (let b = 0; b < n; b++) {
        for (let a = 0; a <= b; a++) {
          const pr = drawGenotype(a, b);
          work[2 * f] = a;
          work[2 * f + 1] = b;
          sum += pr * recurse(k + 1);
          undraw(b);
          undraw(a);
        }
      }
    }
    work[2 * f] = -1;
    work[2 * f + 1] = -1;
    return sum;
  };
  return typedPart * recurse(0);
}
