/**
 * Evaluation of a compiled θ > 0 hypothesis at one locus (theta-descent-form.ts has the model): the
 * chains' mutation matrices, the tabled block sums Φ with one or two mutated alleles, running
 * products for blocks with more, and the Balding–Nichols sequence probability when no founder is
 * untyped.
 */
import { multiply, vectorTimesMatrix } from './locus-kernels';
import type { CompiledLocusModel } from './locus-model';
import type { CompiledHypothesis } from './theta-descent-terms';

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

/** Per-locus matrices of the chains of one compiled hypothesis, and its evaluation. */
export class Evaluator {
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
