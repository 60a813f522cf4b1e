/**
 * The terms of the θ > 0 closed form of one hypothesis (theta-descent-form.ts has the model): every
 * inheritance vector traces the typed persons' alleles to founder slots, and every set partition
 * of the founder draws (Pólya urn of the Balding–Nichols sample) becomes a weighted term; equal
 * terms are merged, so a family shape and θ are compiled once.
 */
import { SEX_FEMALE, type CompiledPedigree } from './pedigree';

/** Largest number of meioses enumerated (2^12 inheritance vectors). */
const MAX_MEIOSES = 12;
/** Largest number of (inheritance vector, partition) pairs compiled for one hypothesis. */
const MAX_PARTITION_WORK = 250_000;

/** One hypothesis compiled: its typed persons and merged terms. */
export interface CompiledHypothesis {
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

export interface HypothesisInput {
  readonly ped: CompiledPedigree;
  /** typed[i] for every pedigree member (the missing member included under H1). */
  readonly typed: ArrayLike<boolean>;
  /** An extra typed founder outside the pedigree (the POI under H2), at index ped.size. */
  readonly extraFounder: boolean;
  readonly theta: number;
}

/**
 * Compiles one hypothesis: its typed persons, the chains their alleles trace through, and the
 * merged (inheritance vector, partition) terms; null past the enumeration limits, or when an
 * untyped non-founder passes alleles to two kept children (the chains would not be independent).
 */
export function compileHypothesis({ ped, typed, extraFounder, theta }: HypothesisInput): CompiledHypothesis | null {
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
