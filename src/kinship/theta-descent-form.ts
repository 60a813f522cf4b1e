/**
 * θ > 0 closed form of a small loop-free family (siblings, sibships, half siblings, uncles and aunts,
 * grandparents, children, and their combinations): the same model as the general engine in joint
 * θ mode (kinship-cases README §2.3), without its sum over every untyped founder's alleles.
 *
 * Founder alleles form one Balding–Nichols sample (Balding & Nichols 1994, FSI 64:125), a Pólya urn:
 * the next allele copies each earlier draw with probability θ / (1 + (m − 1) θ) or is new, drawn
 * from p, with probability (1 − θ) / (1 + (m − 1) θ) (Blackwell & MacQueen 1973, Ann Stat 1:353).
 * Summing the copy choices, the probability of k draws a_1…a_k is a sum over set partitions π of
 * the draws (the blocks of draws that copy each other):
 *
 *   P(a_1…a_k) = Σ_π W(π) Π_{B ∈ π} p_{a_B} [all a_i of B equal],
 *   W(π) = (1 − θ)^{|π| − 1} θ^{k − |π|} Π_B (|B| − 1)! / Π_{m=1}^{k−1} (1 + (m − 1) θ),
 *
 * so Σ over the alleles of Π_i f_i(a_i) is Σ_π W(π) Π_B Σ_a p_a Π_{i ∈ B} f_i(a): one sum over one
 * allele per block. With the inheritance vector (which parental slot every meiosis copies, ½ each:
 * Thompson 1975), every typed person's ordered allele y traces back through untyped non-founders to
 * a founder slot, mutating on the way with the product of the transmitters' sex-specific matrices
 * (chain C): the slot of an untyped founder is a draw with factor C[a][y]; a typed founder's slot
 * or a typed non-founder's slot is a known allele z with factor C[z][y]. A slot no typed person
 * traces to is left out (the sample is exchangeable, so an unseen draw sums to 1). Typed founders'
 * alleles (and the POI's under H2, an extra founder) are draws with known alleles; a heterozygous
 * one counts both orders, a typed non-founder sums over its two orderings (README §2.1).
 *
 *   L = Σ_orderings Σ_v 2^{−meioses} Π(known factors) Σ_π W(π) Π_B Φ(B),
 *   Φ(B) = p_z Π_{y ∈ B} C[z][y] if B holds known alleles (all equal to z; else 0), Σ_a p_a Π_{y ∈ B} C[a][y] otherwise.
 *
 * The terms (v, π) are compiled once per family shape and θ and merged by their factors; the sums
 * Φ with one or two mutated alleles are tabled per locus (p·C and Σ_a p_a C[a][x] C'[a][y]). Past
 * {@link MAX_MEIOSES} meioses or {@link MAX_PARTITION_WORK} partitions, or with an untyped
 * non-founder who has two kept children (his one allele feeds two chains, which are then not
 * independent), the family is left to the peeling engine. The agreement with it is a property test (test/kinship/theta-descent-form.test.ts).
 */
import type { ClosedForm } from './closed-form';
import { multiply, vectorTimesMatrix } from './locus-kernels';
import type { CompiledLocusModel } from './locus-model';
import { SEX_FEMALE, type CompiledPedigree } from './pedigree';

/** Largest number of meioses enumerated (2^12 inheritance vectors). */
const MAX_MEIOSES = 12;
/** Largest number of (inheritance vector, partition) pairs compiled for one hypothesis. */
const MAX_PARTITION_WORK = 250_000;

/** One hypothesis compiled: its typed persons and merged terms. */
interface CompiledHypothesis {
  /** Typed non-founders, whose two orderings are summed. */
  readonly ordered: Int32Array;
  /** Typed founders (the POI under H2: index `size`), each counting twice when heterozygous. */
  readonly typedFounders: Int32Array;
  /** Chains as transmitter sexes from the founder down ('m' / 'f'). */
  readonly chains: readonly string[];
  /** Known factors: [source allele slot, target allele slot, chain] triples (allele slot = 2 · person + side). */
  readonly known: Int32Array;
  /** Blocks: typed allele slots and targets [allele slot, chain] pairs. */
  readonly blockTyped: readonly Int32Array[];
  readonly blockTargets: readonly Int32Array[];
  readonly termCoef: Float64Array;
  readonly termKnown: readonly Int32Array[];
  readonly termBlocks: readonly Int32Array[];
  /**
   * Allele slots of the typed founders when no founder is untyped: the partitions then sum to the
   * Balding–Nichols probability of those alleles drawn one after the other, which is used instead.
   */
  readonly typedSample: Int32Array | null;
}

interface HypothesisInput {
  readonly ped: CompiledPedigree;
  /** typed[i] for every pedigree member (the missing member included under H1). */
  readonly typed: ArrayLike<boolean>;
  /** An extra typed founder outside the pedigree (the POI under H2), at index ped.size. */
  readonly extraFounder: boolean;
  readonly theta: number;
}

/**
 * The closed form of a family at θ > 0, or null when it is beyond the enumeration limits (or has a
 * loop: the caller has checked the kept pedigree is a forest).
 * @param typed typed[i] when member i is typed (the missing member never).
 */
export function thetaDescentForm(
  ped: CompiledPedigree,
  missing: number,
  typed: ArrayLike<boolean>,
  model: CompiledLocusModel,
  theta: number,
): ClosedForm | null {
  const compiled = compiledPair(ped, missing, typed, theta);
  if (!compiled) return null;
  const size = ped.size;
  const h1 = new Evaluator(compiled.h1, model, size, theta);
  const h2 = new Evaluator(compiled.h2, model, size, theta);
  const alleles = new Int32Array(2 * (size + 1)).fill(-1);
  const pairOf = (g: Int32Array, c: number, d: number, out: Float64Array): void => {
    alleles.set(g.subarray(0, 2 * size));
    alleles[2 * missing] = c;
    alleles[2 * missing + 1] = d;
    out[0] = h1.likelihood(alleles);
    alleles[2 * missing] = -1;
    alleles[2 * missing + 1] = -1;
    alleles[2 * size] = c;
    alleles[2 * size + 1] = d;
    out[1] = h2.likelihood(alleles);
  };
  const typedMembers: number[] = [];
  for (let i = 0; i < size; i++) if (typed[i] && i !== missing) typedMembers.push(i);
  const form: ClosedForm = {
    pair: pairOf,
    all(g, l1, l2) {
      alleles.set(g.subarray(0, 2 * size));
      alleles[2 * size] = -1;
      alleles[2 * size + 1] = -1;
      h1.likelihoodsOver(missing, alleles, l1);
      h2.likelihoodsOver(size, alleles, l2);
    },
  };
  if (typedMembers.length === 1) {
    const member = typedMembers[0]!;
    const l1 = new Float64Array(model.genotypeCount);
    const l2 = new Float64Array(model.genotypeCount);
    form.relative = (c, d, out) => {
      alleles.fill(-1);
      alleles[2 * missing] = c;
      alleles[2 * missing + 1] = d;
      h1.likelihoodsOver(member, alleles, l1);
      alleles[2 * missing] = -1;
      alleles[2 * missing + 1] = -1;
      alleles[2 * size] = c;
      alleles[2 * size + 1] = d;
      h2.likelihoodsOver(member, alleles, l2);
      for (let g = 0; g < l1.length; g++) out[g] = l1[g]! / l2[g]!;
    };
  }
  return form;
}

const compiledCache = new WeakMap<CompiledPedigree, Map<string, { h1: CompiledHypothesis; h2: CompiledHypothesis } | null>>();

function compiledPair(ped: CompiledPedigree, missing: number, typed: ArrayLike<boolean>, theta: number): { h1: CompiledHypothesis; h2: CompiledHypothesis } | null {
  const flags = Array.from({ length: ped.size }, (_, i) => !!typed[i] && i !== missing);
  const key = `${missing}|${theta}|${flags.map(Number).join('')}`;
  let byKey = compiledCache.get(ped);
  if (!byKey) {
    byKey = new Map();
    compiledCache.set(ped, byKey);
  }
  if (byKey.has(key)) return byKey.get(key)!;
  const withMissing = flags.slice();
  withMissing[missing] = true;
  const h1 = compileHypothesis({ ped, typed: withMissing, extraFounder: false, theta });
  const h2 = h1 && compileHypothesis({ ped, typed: flags, extraFounder: true, theta });
  const result = h1 && h2 ? { h1, h2 } : null;
  byKey.set(key, result);
  return result;
}

function compileHypothesis({ ped, typed, extraFounder, theta }: HypothesisInput): CompiledHypothesis | null {
  const size = ped.size;
  const kept = new Uint8Array(size);
  const stack: number[] = [];
  for (let i = 0; i < size; i++) if (typed[i]) stack.push(i);
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (kept[i]) continue;
    kept[i] = 1;
    if (ped.father[i]! >= 0) stack.push(ped.father[i]!, ped.mother[i]!);
  }
  const meiosis = new Int32Array(2 * size).fill(-1);
  let meioses = 0;
  const ordered: number[] = [];
  const typedFounders: number[] = [];
  for (let i = 0; i < size; i++) {
    if (!kept[i]) continue;
    if (ped.father[i]! >= 0) {
      meiosis[2 * i] = meioses++;
      meiosis[2 * i + 1] = meioses++;
      if (typed[i]) ordered.push(i);
    } else if (typed[i]) typedFounders.push(i);
  }
  if (extraFounder) typedFounders.push(size);
  if (meioses > MAX_MEIOSES) return null;
  // An untyped non-founder passing alleles to two kept children passes ONE allele of a slot to both
  // (one mutation event above it, not one per path): the chains would not be independent, so such
  // families are left to the peeling engine.
  for (let i = 0; i < size; i++) {
    if (!kept[i] || typed[i] || ped.father[i]! < 0) continue;
    if (ped.children[i]!.filter((c) => kept[c]).length > 1) return null;
  }
  const typedSlots: number[] = typedFounders.flatMap((f) => [2 * f, 2 * f + 1]);
  // Every kept untyped founder is reached by some trace, so without one no trace ends in a draw.
  let untypedFounder = false;
  for (let i = 0; i < size; i++) if (kept[i] && !typed[i] && ped.father[i]! < 0) untypedFounder = true;
  const chains: string[] = [];
  const chainId = (c: string): number => {
    let k = chains.indexOf(c);
    if (k < 0) k = chains.push(c) - 1;
    return k;
  };
  const knownIds = new Map<string, number>();
  const known: number[] = [];
  const blockIds = new Map<string, number>();
  const blockTyped: Int32Array[] = [];
  const blockTargets: Int32Array[] = [];
  const terms = new Map<string, { coef: number; known: number[]; blocks: number[] }>();
  const vectorWeight = 2 ** -meioses;
  let work = 0;
  for (let v = 0; v < 2 ** meioses; v++) {
    // Trace every typed non-founder's ordered allele to its source slot.
    const drawOf = new Map<number, number>();
    const drawTargets: number[][] = [];
    const knownHere: number[] = [];
    for (const t of ordered) {
      for (let side = 0; side < 2; side++) {
        let c = t;
        let s = side;
        let chain = '';
        for (;;) {
          const par = s === 0 ? ped.father[c]! : ped.mother[c]!;
          const slot = 2 * par + ((v >>> meiosis[2 * c + s]!) & 1);
          chain = (ped.sex[par] === SEX_FEMALE ? 'f' : 'm') + chain;
          if (typed[par]) {
            const k = `${slot},${2 * t + side},${chainId(chain)}`;
            let id = knownIds.get(k);
            if (id === undefined) {
              id = knownIds.size;
              knownIds.set(k, id);
              known.push(slot, 2 * t + side, chainId(chain));
            }
            knownHere.push(id);
            break;
          }
          if (ped.father[par]! < 0) {
            let draw = drawOf.get(slot);
            if (draw === undefined) {
              draw = drawTargets.length;
              drawOf.set(slot, draw);
              drawTargets.push([]);
            }
            drawTargets[draw]!.push(2 * t + side, chainId(chain));
            break;
          }
          c = par;
          s = slot & 1;
        }
      }
    }
    knownHere.sort((a, b) => a - b);
    if (!untypedFounder) {
      const termKey = `${knownHere.join(',')}|`;
      const term = terms.get(termKey);
      if (term) term.coef += vectorWeight;
      else terms.set(termKey, { coef: vectorWeight, known: knownHere, blocks: [] });
      continue;
    }
    // Draws: the typed founders' slots first, then the untyped founder slots reached.
    const k = typedSlots.length + drawTargets.length;
    const denominator = sampleDenominator(k, theta);
    forEachPartition(k, (labels, blocks) => {
      work++;
      const ids: number[] = [];
      const sizes = new Int32Array(blocks);
      for (let i = 0; i < k; i++) sizes[labels[i]!]!++;
      let weight = (1 - theta) ** (blocks - 1) * theta ** (k - blocks) / denominator;
      for (let b = 0; b < blocks; b++) for (let j = 2; j < sizes[b]!; j++) weight *= j;
      if (weight === 0) return;
      for (let b = 0; b < blocks; b++) {
        const typedIn: number[] = [];
        const targets: [number, number][] = [];
        for (let i = 0; i < k; i++) {
          if (labels[i] !== b) continue;
          if (i < typedSlots.length) typedIn.push(typedSlots[i]!);
          else {
            const list = drawTargets[i - typedSlots.length]!;
            for (let j = 0; j < list.length; j += 2) targets.push([list[j]!, list[j + 1]!]);
          }
        }
        targets.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        const key = `${typedIn.join(',')};${targets.map((x) => x.join(':')).join(',')}`;
        let id = blockIds.get(key);
        if (id === undefined) {
          id = blockIds.size;
          blockIds.set(key, id);
          blockTyped.push(Int32Array.from(typedIn));
          blockTargets.push(Int32Array.from(targets.flat()));
        }
        ids.push(id);
      }
      ids.sort((a, b) => a - b);
      const termKey = `${knownHere.join(',')}|${ids.join(',')}`;
      const term = terms.get(termKey);
      if (term) term.coef += vectorWeight * weight;
      else terms.set(termKey, { coef: vectorWeight * weight, known: knownHere, blocks: ids });
    });
    if (work > MAX_PARTITION_WORK) return null;
  }
  const list = [...terms.values()];
  return {
    ordered: Int32Array.from(ordered),
    typedFounders: Int32Array.from(typedFounders),
    chains,
    known: Int32Array.from(known),
    blockTyped,
    blockTargets,
    termCoef: Float64Array.from(list.map((t) => t.coef)),
    termKnown: list.map((t) => Int32Array.from(t.known)),
    termBlocks: list.map((t) => Int32Array.from(t.blocks)),
    typedSample: untypedFounder ? null : Int32Array.from(typedSlots),
  };
}

/** The Balding–Nichols probability of the alleles at these slots, drawn in order (module comment). */
function sequenceProbability(al: Int32Array, slots: Int32Array, p: Float64Array, theta: number, counts: Float64Array): number {
  let pr = 1;
  for (let i = 0; i < slots.length; i++) {
    const a = al[slots[i]!]!;
    pr *= i === 0 ? p[a]! : (counts[a]! * theta + (1 - theta) * p[a]!) / (1 + (i - 1) * theta);
    counts[a] = counts[a]! + 1;
  }
  for (let i = 0; i < slots.length; i++) counts[al[slots[i]!]!] = 0;
  return pr;
}

/** Π_{m=1}^{k−1} (1 + (m − 1) θ): the denominators of k sequential Balding–Nichols draws. */
function sampleDenominator(k: number, theta: number): number {
  let d = 1;
  for (let m = 1; m < k; m++) d *= 1 + (m - 1) * theta;
  return d;
}

/** Every set partition of k items, as restricted growth strings (labels[i] = block of item i). */
function forEachPartition(k: number, visit: (labels: Int32Array, blocks: number) => void): void {
  const labels = new Int32Array(k);
  const rec = (i: number, blocks: number): void => {
    if (i === k) {
      visit(labels, blocks);
      return;
    }
    for (let b = 0; b <= blocks; b++) {
      labels[i] = b;
      rec(i + 1, b === blocks ? blocks + 1 : blocks);
    }
  };
  rec(0, 0);
}

/** Per-locus matrices of the chains of one compiled hypothesis, and its evaluation. */
class Evaluator {
  private readonly n: number;
  private readonly p: Float64Array;
  private readonly chain: Float64Array[];
  /** p·C per chain (a block with one mutated allele). */
  private readonly pass: Float64Array[];
  private readonly pairs = new Map<number, Float64Array>();
  private readonly knownValues: Float64Array;
  private readonly blockValues: Float64Array;
  private readonly ordered: Int32Array;

  private readonly counts: Float64Array;

  constructor(private readonly h: CompiledHypothesis, model: CompiledLocusModel, size: number, private readonly theta: number) {
    this.counts = new Float64Array(model.n);
    this.n = model.n;
    this.p = model.freqs;
    this.chain = h.chains.map((c) => chainMatrix(model, c));
    this.pass = this.chain.map((m) => vectorTimesMatrix(model.freqs, m, model.n));
    this.knownValues = new Float64Array(h.known.length / 3);
    this.blockValues = new Float64Array(h.blockTyped.length);
    this.ordered = new Int32Array(2 * (size + 1));
    this.products = productPlan(h);
    this.productValues = new Float64Array(this.products.nodes * model.n);
  }

  /** Plan of the blocks of three or more mutated alleles as running products (see productPlan). */
  private readonly products: ProductPlan;
  private readonly productValues: Float64Array;

  /** The likelihood with the given alleles (two per member, -1 untyped; the extra founder at the end). */
  likelihood(alleles: Int32Array): number {
    const h = this.h;
    let factor = 1;
    for (let i = 0; i < h.typedFounders.length; i++) {
      const f = h.typedFounders[i]!;
      if (alleles[2 * f] !== alleles[2 * f + 1]) factor *= 2;
    }
    const al = this.ordered;
    al.set(alleles);
    const T = h.ordered.length;
    let total = 0;
    for (let o = 0; o < 1 << T; o++) {
      let skip = false;
      for (let j = 0; j < T; j++) {
        const t = h.ordered[j]!;
        const a = alleles[2 * t]!;
        const b = alleles[2 * t + 1]!;
        if ((o >>> j) & 1) {
          if (a === b) {
            skip = true;
            break;
          }
          al[2 * t] = b;
          al[2 * t + 1] = a;
        } else {
          al[2 * t] = a;
          al[2 * t + 1] = b;
        }
      }
      if (!skip) total += this.orderedLikelihood(al);
    }
    if (h.typedSample) factor *= sequenceProbability(alleles, h.typedSample, this.p, this.theta, this.counts);
    return factor * total;
  }

  private orderedLikelihood(al: Int32Array): number {
    this.knownFactors(al);
    const plan = this.products;
    const { n, p } = this;
    const pv = this.productValues;
    // Node k: p_a Π C[a][y] over its targets, built from its parent (one target fewer) in one pass.
    for (let k = 0; k < plan.nodes; k++) {
      const m = this.chain[plan.chain[k]!]!;
      const y = al[plan.slot[k]!]!;
      const base = k * n;
      const parent = plan.parent[k]!;
      if (parent < 0) for (let a = 0; a < n; a++) pv[base + a] = p[a]! * m[a * n + y]!;
      else {
        const pb = parent * n;
        for (let a = 0; a < n; a++) pv[base + a] = pv[pb + a]! * m[a * n + y]!;
      }
    }
    for (let b = 0; b < this.blockValues.length; b++) {
      const node = plan.blockNode[b]!;
      if (node < 0) this.blockValues[b] = this.block(b, al);
      else {
        let v = 0;
        const base = node * n;
        for (let a = 0; a < n; a++) v += pv[base + a]!;
        this.blockValues[b] = v;
      }
    }
    return this.sumTerms();
  }

  private knownFactors(al: Int32Array): void {
    const { h, n } = this;
    const kv = this.knownValues;
    for (let i = 0, j = 0; j < h.known.length; i++, j += 3) {
      kv[i] = this.chain[h.known[j + 2]!]![al[h.known[j]!]! * n + al[h.known[j + 1]!]!]!;
    }
  }

  /** Φ of block b (module comment). */
  private block(b: number, al: Int32Array): number {
    const { h, n, p } = this;
    const typedIn = h.blockTyped[b]!;
    const targets = h.blockTargets[b]!;
    if (typedIn.length > 0) {
      const z = al[typedIn[0]!]!;
      let v = p[z]!;
      for (let i = 1; i < typedIn.length && v !== 0; i++) if (al[typedIn[i]!] !== z) v = 0;
      for (let i = 0; i < targets.length && v !== 0; i += 2) v *= this.chain[targets[i + 1]!]![z * n + al[targets[i]!]!]!;
      return v;
    }
    if (targets.length === 2) return this.pass[targets[1]!]![al[targets[0]!]!]!;
    if (targets.length === 4) return this.pairMatrix(targets[1]!, targets[3]!)[al[targets[0]!]! * n + al[targets[2]!]!]!;
    let v = 0;
    for (let a = 0; a < n; a++) {
      let w = p[a]!;
      for (let i = 0; i < targets.length && w !== 0; i += 2) w *= this.chain[targets[i + 1]!]![a * n + al[targets[i]!]!]!;
      v += w;
    }
    return v;
  }

  private sumTerms(): number {
    const h = this.h;
    const kv = this.knownValues;
    const bv = this.blockValues;
    let sum = 0;
    for (let t = 0; t < h.termCoef.length; t++) {
      let v = h.termCoef[t]!;
      const ks = h.termKnown[t]!;
      for (let i = 0; i < ks.length && v !== 0; i++) v *= kv[ks[i]!]!;
      const bs = h.termBlocks[t]!;
      for (let i = 0; i < bs.length && v !== 0; i++) v *= bv[bs[i]!]!;
      sum += v;
    }
    return sum;
  }

  /**
   * The likelihood for every genotype of member r (out by genotype index), the other alleles as
   * given: a block without known alleles is tabled over r's ordered alleles once per ordering of
   * the others (a vector, or one n × n × n product for a block holding both of r's alleles), so
   * each genotype of r costs one pass over the terms instead of the blocks' sums over alleles.
   */
  likelihoodsOver(r: number, alleles: Int32Array, out: Float64Array): void {
    const { h, n, p } = this;
    const al = this.ordered;
    al.set(alleles);
    out.fill(0);
    const others = Array.from(h.ordered).filter((t) => t !== r);
    const rOrdered = Array.from(h.ordered).includes(r);
    let fixedFactor = 1;
    for (const f of h.typedFounders) if (f !== r && alleles[2 * f] !== alleles[2 * f + 1]) fixedFactor *= 2;
    const rFounder = Array.from(h.typedFounders).includes(r);
    const B = this.blockValues.length;
    const dense: (Float64Array | null)[] = new Array<Float64Array | null>(B).fill(null);
    const kind = new Int8Array(B);
    const w = new Float64Array(n);
    for (let o = 0; o < 1 << others.length; o++) {
      let skip = false;
      others.forEach((t, j) => {
        const a = alleles[2 * t]!;
        const b = alleles[2 * t + 1]!;
        const swap = ((o >>> j) & 1) === 1;
        if (swap && a === b) skip = true;
        al[2 * t] = swap ? b : a;
        al[2 * t + 1] = swap ? a : b;
      });
      if (skip) continue;
      for (let b = 0; b < B; b++) {
        kind[b] = -1;
        if (h.blockTyped[b]!.length > 0) continue;
        const targets = h.blockTargets[b]!;
        let r0 = -1;
        let r1 = -1;
        let fixedTargets = 0;
        for (let a = 0; a < n; a++) w[a] = p[a]!;
        for (let i = 0; i < targets.length; i += 2) {
          const slot = targets[i]!;
          if (slot >>> 1 === r) {
            if (slot === 2 * r) r0 = targets[i + 1]!;
            else r1 = targets[i + 1]!;
            continue;
          }
          fixedTargets++;
          const m = this.chain[targets[i + 1]!]!;
          const x = al[slot]!;
          for (let a = 0; a < n; a++) w[a] = w[a]! * m[a * n + x]!;
        }
        if (fixedTargets === 0 && (r0 < 0 || r1 < 0)) {
          // Only r's allele: the cached pass vector p·C.
          kind[b] = r0 >= 0 ? 1 : 2;
          dense[b] = this.pass[r0 >= 0 ? r0 : r1]!;
          continue;
        }
        if (fixedTargets === 0) {
          kind[b] = 3;
          dense[b] = this.pairMatrix(r0, r1);
          continue;
        }
        if (r0 < 0 && r1 < 0) {
          kind[b] = 0;
          let v = 0;
          for (let a = 0; a < n; a++) v += w[a]!;
          this.blockValues[b] = v;
        } else if (r0 < 0 || r1 < 0) {
          kind[b] = r0 >= 0 ? 1 : 2;
          const m = this.chain[r0 >= 0 ? r0 : r1]!;
          const vec = new Float64Array(n);
          for (let a = 0; a < n; a++) {
            const wa = w[a]!;
            if (wa === 0) continue;
            for (let y = 0; y < n; y++) vec[y] = vec[y]! + wa * m[a * n + y]!;
          }
          dense[b] = vec;
        } else {
          kind[b] = 3;
          const m0 = this.chain[r0]!;
          const m1 = this.chain[r1]!;
          const mat = new Float64Array(n * n);
          for (let a = 0; a < n; a++) {
            const wa = w[a]!;
            if (wa === 0) continue;
            for (let y0 = 0; y0 < n; y0++) {
              const wy = wa * m0[a * n + y0]!;
              if (wy === 0) continue;
              const row = y0 * n;
              for (let y1 = 0; y1 < n; y1++) mat[row + y1] = mat[row + y1]! + wy * m1[a * n + y1]!;
            }
          }
          dense[b] = mat;
        }
      }
      // Per term, the product of its blocks that do not hold r's alleles, once per ordering.
      const T = h.termCoef.length;
      const constant = new Float64Array(T);
      const dynamic: Int32Array[] = [];
      const changing: number[] = [];
      for (let b = 0; b < B; b++) if (kind[b] !== 0) changing.push(b);
      for (let t = 0; t < T; t++) {
        let v = h.termCoef[t]!;
        const rest: number[] = [];
        for (const b of h.termBlocks[t]!) {
          if (kind[b] === 0) v *= this.blockValues[b]!;
          else rest.push(b);
        }
        constant[t] = v;
        dynamic.push(Int32Array.from(rest));
      }
      const kv = this.knownValues;
      const bv = this.blockValues;
      const hasKnown = h.known.length > 0;
      for (let y = 0; y < n; y++) {
        for (let x = 0; x <= y; x++) {
          let total = 0;
          for (let swap = 0; swap < (rOrdered && x !== y ? 2 : 1); swap++) {
            const y0 = swap ? y : x;
            const y1 = swap ? x : y;
            al[2 * r] = y0;
            al[2 * r + 1] = y1;
            if (hasKnown) this.knownFactors(al);
            for (let i = 0; i < changing.length; i++) {
              const b = changing[i]!;
              const k = kind[b];
              bv[b] = k === -1 ? this.block(b, al) : k === 1 ? dense[b]![y0]! : k === 2 ? dense[b]![y1]! : dense[b]![y0 * n + y1]!;
            }
            for (let t = 0; t < T; t++) {
              let v = constant[t]!;
              if (v === 0) continue;
              if (hasKnown) {
                const ks = h.termKnown[t]!;
                for (let i = 0; i < ks.length; i++) v *= kv[ks[i]!]!;
              }
              const ds = dynamic[t]!;
              for (let i = 0; i < ds.length; i++) v *= bv[ds[i]!]!;
              total += v;
            }
          }
          const g = (y * (y + 1)) / 2 + x;
          if (h.typedSample) total *= sequenceProbability(al, h.typedSample, p, this.theta, this.counts);
          out[g] = out[g]! + fixedFactor * (rFounder && x !== y ? 2 : 1) * total;
        }
      }
    }
  }

  /** Σ_a p_a C1[a][x] C2[a][y] as an n × n matrix (computed once per chain pair). */
  private pairMatrix(c1: number, c2: number): Float64Array {
    const key = c1 * 4096 + c2;
    let m = this.pairs.get(key);
    if (!m) {
      const { n, p } = this;
      const a1 = this.chain[c1]!;
      const a2 = this.chain[c2]!;
      m = new Float64Array(n * n);
      for (let a = 0; a < n; a++) {
        for (let x = 0; x < n; x++) {
          const w = p[a]! * a1[a * n + x]!;
          if (w === 0) continue;
          for (let y = 0; y < n; y++) m[x * n + y] = m[x * n + y]! + w * a2[a * n + y]!;
        }
      }
      this.pairs.set(key, m);
    }
    return m;
  }
}

/**
 * The blocks without known alleles and with three or more targets, as a forest of running
 * products: node k multiplies its parent's vector (the same targets but the last) by one more
 * C[a][y], so blocks sharing targets share the work (a family with six mutated alleles has 63
 * blocks but each costs one vector product instead of one per target).
 */
interface ProductPlan {
  readonly nodes: number;
  readonly parent: Int32Array;
  readonly slot: Int32Array;
  readonly chain: Int32Array;
  /** Node of each block, -1 for blocks evaluated directly. */
  readonly blockNode: Int32Array;
}

function productPlan(h: CompiledHypothesis): ProductPlan {
  const ids = new Map<string, number>();
  const parent: number[] = [];
  const slot: number[] = [];
  const chain: number[] = [];
  const nodeOf = (targets: Int32Array, count: number): number => {
    const key = Array.from(targets.subarray(0, 2 * count)).join(',');
    let id = ids.get(key);
    if (id !== undefined) return id;
    const up = count > 1 ? nodeOf(targets, count - 1) : -1;
    id = parent.length;
    parent.push(up);
    slot.push(targets[2 * count - 2]!);
    chain.push(targets[2 * count - 1]!);
    ids.set(key, id);
    return id;
  };
  const blockNode = h.blockTargets.map((targets, b) => (h.blockTyped[b]!.length === 0 && targets.length >= 6 ? nodeOf(targets, targets.length / 2) : -1));
  return { nodes: parent.length, parent: Int32Array.from(parent), slot: Int32Array.from(slot), chain: Int32Array.from(chain), blockNode: Int32Array.from(blockNode) };
}

const chainCache = new WeakMap<CompiledLocusModel, Map<string, Float64Array>>();

/** The product of the transmitters' matrices, founder first (cached per model). */
function chainMatrix(model: CompiledLocusModel, sexes: string): Float64Array {
  let byModel = chainCache.get(model);
  if (!byModel) {
    byModel = new Map();
    chainCache.set(model, byModel);
  }
  let m = byModel.get(sexes);
  if (!m) {
    const first = sexes[0] === 'f' ? model.female : model.male;
    m = sexes.length === 1 ? first : multiply(chainMatrix(model, sexes.slice(0, -1)), sexes.endsWith('f') ? model.female : model.male, model.n);
    byModel.set(sexes, m);
  }
  return m;
}
