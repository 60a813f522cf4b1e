/**
 * Which closed form computes the missing-person LR of a reference family at one locus, from the
 * pedigree and which members are typed there. Everything the closed forms of
 * missing-person-kernels.ts assume is checked here; any other family is `general` (the peeling
 * engine). The model is that of the engine (kinship-cases README §2).
 *
 * Reduction (exact): an untyped member who is neither an ancestor of the missing person nor of a
 * typed member has no typed descendant, so his genotype sums out (Σ of probabilities = 1) and he is
 * dropped. At θ = 0 a part of the family not connected to the missing person multiplies L1 and L2
 * by the same factor, so it does not change the LR.
 *
 * Separable families (θ = 0): if, with the missing person removed, the father's and the mother's
 * parts of the reduced pedigree are disconnected and the missing person has no typed descendant,
 * the two parental sides are independent given nothing about the missing person, so
 *
 *   LR(g) = Σ over orderings (x_p, x_m) of g of π_pat(x_p) π_mat(x_m) / HW(g)
 *
 * where π_s(x) is the probability that the parent on side s passes x to the missing person given
 * the typed members of that side (the missing person's genotype as two ordered transmissions, as
 * in README §2.1; L2 = P(family) · HW(g) because the POI is an unrelated founder under H2).
 */
import type { CompiledPedigree } from './pedigree';

/** One parental side of a separable family; `parent` is the missing person's father or mother. */
export type FamilySide =
  /** The parent is typed: the rest of the side is independent of the missing person given him. */
  | { readonly kind: 'typed'; readonly parent: number }
  /** Nothing typed on the side: π is the parent's pass vector from its untyped ancestry. */
  | { readonly kind: 'prior'; readonly parent: number }
  /** Only grandparents typed (one or both); an untyped grandparent passes from its own ancestry. */
  | {
      readonly kind: 'grandparents';
      readonly parent: number;
      readonly grandfather: number;
      readonly grandmother: number;
      readonly grandfatherTyped: boolean;
      readonly grandmotherTyped: boolean;
    }
  /** One typed full sibling of the parent (an uncle or aunt); both grandparents untyped. */
  | { readonly kind: 'avuncular'; readonly parent: number; readonly relative: number; readonly grandfather: number; readonly grandmother: number }
  /** One typed other child of the (untyped) parent, a half sibling, whose other parent is untyped. */
  | { readonly kind: 'halfSibling'; readonly parent: number; readonly relative: number; readonly otherParent: number };

export type FamilyStructure =
  | { readonly kind: 'separable'; readonly father: number; readonly mother: number; readonly paternal: FamilySide; readonly maternal: FamilySide }
  /**
   * One typed full sibling; each parent untyped (any untyped ancestry) or typed (then nothing
   * above it matters: its relatives are independent of the children given its genotype).
   */
  | {
      readonly kind: 'fullSibling';
      readonly father: number;
      readonly mother: number;
      readonly sibling: number;
      readonly fatherTyped: boolean;
      readonly motherTyped: boolean;
    }
  /** Two typed full siblings; both parents untyped founders. */
  | { readonly kind: 'fullSiblingPair'; readonly father: number; readonly mother: number; readonly siblings: readonly [number, number] }
  /** The missing person is a founder with one typed child, whose other parent is untyped. */
  | { readonly kind: 'childDuo'; readonly child: number; readonly partner: number }
  /** θ > 0: exactly the two parents typed, both founders, nothing else typed (trioLr). */
  | { readonly kind: 'thetaTrio'; readonly father: number; readonly mother: number }
  /** θ > 0: exactly one parent typed, both parents founders, nothing else typed (duoLr). */
  | { readonly kind: 'thetaDuo'; readonly parent: number; readonly other: number }
  /** θ > 0: any other loop-free family, by its founder sample and inheritance vectors (theta-descent-form.ts). */
  | { readonly kind: 'thetaDescent'; readonly typed: number }
  /** No typed member is related to a missing person who is a founder: LR = 1. */
  | { readonly kind: 'unrelated' }
  | { readonly kind: 'general' };

const GENERAL: FamilyStructure = Object.freeze({ kind: 'general' });

/**
 * The structure of a family at one locus.
 * @param typed typed[i] is true when member i is typed at the locus (the missing member never).
 */
export function analyzeMissingPersonFamily(ped: CompiledPedigree, missing: number, typed: ArrayLike<boolean>, theta = 0): FamilyStructure {
  const size = ped.size;
  const keep = new Uint8Array(size);
  const stack: number[] = [missing];
  for (let i = 0; i < size; i++) if (typed[i] && i !== missing) stack.push(i);
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (keep[i]) continue;
    keep[i] = 1;
    if (ped.father[i]! >= 0) stack.push(ped.father[i]!);
    if (ped.mother[i]! >= 0) stack.push(ped.mother[i]!);
  }
  if (!isForest(ped, keep)) return GENERAL;
  const father = ped.father[missing]!;
  const mother = ped.mother[missing]!;
  const isTyped = (i: number): boolean => i >= 0 && !!typed[i];
  const isFounder = (i: number): boolean => ped.father[i]! < 0;

  if (theta > 0) return thetaStructure(ped, keep, missing, isTyped, isFounder);

  const component = components(ped, keep, missing);
  const typedIn = (c: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < size; i++) if (keep[i] && i !== missing && component[i] === c && isTyped(i)) out.push(i);
    return out;
  };
  const children: number[] = [];
  for (const c of ped.children[missing]!) if (keep[c]) children.push(c);

  if (father < 0) {
    if (children.length === 0) return { kind: 'unrelated' };
    if (children.length !== 1) return GENERAL;
    const child = children[0]!;
    const partner = ped.father[child] === missing ? ped.mother[child]! : ped.father[child]!;
    const related = typedIn(component[child]!);
    if (related.length !== 1 || related[0] !== child || isTyped(partner)) return GENERAL;
    return { kind: 'childDuo', child, partner };
  }
  if (children.length > 0) return GENERAL;

  const cf = component[father]!;
  const cm = component[mother]!;
  if (cf === cm) {
    const related = typedIn(cf).filter((i) => i !== father && i !== mother);
    if (!related.every((s) => ped.father[s] === father && ped.mother[s] === mother)) return GENERAL;
    if (related.length === 1) {
      return { kind: 'fullSibling', father, mother, sibling: related[0]!, fatherTyped: isTyped(father), motherTyped: isTyped(mother) };
    }
    if (related.length === 2 && isFounder(father) && isFounder(mother) && !isTyped(father) && !isTyped(mother)) {
      return { kind: 'fullSiblingPair', father, mother, siblings: [related[0]!, related[1]!] };
    }
    return GENERAL;
  }
  const paternal = sideOf(ped, father, typedIn(cf), isTyped);
  const maternal = sideOf(ped, mother, typedIn(cm), isTyped);
  if (!paternal || !maternal) return GENERAL;
  return { kind: 'separable', father, mother, paternal, maternal };
}

function sideOf(ped: CompiledPedigree, parent: number, related: readonly number[], isTyped: (i: number) => boolean): FamilySide | undefined {
  if (isTyped(parent)) return { kind: 'typed', parent };
  if (related.length === 0) return { kind: 'prior', parent };
  const gf = ped.father[parent]!;
  const gm = ped.mother[parent]!;
  if (gf >= 0 && related.every((r) => r === gf || r === gm)) {
    return { kind: 'grandparents', parent, grandfather: gf, grandmother: gm, grandfatherTyped: isTyped(gf), grandmotherTyped: isTyped(gm) };
  }
  if (related.length !== 1) return undefined;
  const r = related[0]!;
  if (gf >= 0 && ped.father[r] === gf && ped.mother[r] === gm && !isTyped(gf) && !isTyped(gm)) {
    return { kind: 'avuncular', parent, relative: r, grandfather: gf, grandmother: gm };
  }
  if (ped.father[r] === parent || ped.mother[r] === parent) {
    const otherParent = ped.father[r] === parent ? ped.mother[r]! : ped.father[r]!;
    return { kind: 'halfSibling', parent, relative: r, otherParent };
  }
  return undefined;
}

function thetaStructure(
  ped: CompiledPedigree,
  keep: Uint8Array,
  missing: number,
  isTyped: (i: number) => boolean,
  isFounder: (i: number) => boolean,
): FamilyStructure {
  const kept: number[] = [];
  for (let i = 0; i < ped.size; i++) if (keep[i]) kept.push(i);
  const typedKept = kept.filter(isTyped);
  const father = ped.father[missing]!;
  const mother = ped.mother[missing]!;
  if (typedKept.length === 0) return father < 0 ? { kind: 'unrelated' } : { kind: 'thetaDescent', typed: 0 };
  if (father < 0 || kept.length !== 3 || !isFounder(father) || !isFounder(mother)) return { kind: 'thetaDescent', typed: typedKept.length };
  if (typedKept.length === 2) return { kind: 'thetaTrio', father, mother };
  const parent = typedKept[0]!;
  return { kind: 'thetaDuo', parent, other: parent === father ? mother : father };
}

/** Connected components of the kept members with the missing person removed (parent–child edges). */
function components(ped: CompiledPedigree, keep: Uint8Array, missing: number): Int32Array {
  const size = ped.size;
  const comp = new Int32Array(size).fill(-1);
  let next = 0;
  for (let s = 0; s < size; s++) {
    if (!keep[s] || s === missing || comp[s]! >= 0) continue;
    const stack = [s];
    comp[s] = next;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const neighbours = [ped.father[i]!, ped.mother[i]!, ...ped.children[i]!];
      for (const j of neighbours) {
        if (j < 0 || !keep[j] || j === missing || comp[j]! >= 0) continue;
        comp[j] = next;
        stack.push(j);
      }
    }
    next++;
  }
  return comp;
}

/**
 * True when the kept members form no marriage or inbreeding loop: in the bipartite graph of persons
 * and nuclear families (a family joins two parents and their kept children), edges = nodes − parts.
 */
function isForest(ped: CompiledPedigree, keep: Uint8Array): boolean {
  const families = new Map<string, number>();
  let persons = 0;
  let edges = 0;
  for (let i = 0; i < ped.size; i++) {
    if (!keep[i]) continue;
    persons++;
    const f = ped.father[i]!;
    if (f < 0) continue;
    const key = `${f},${ped.mother[i]}`;
    if (!families.has(key)) {
      families.set(key, families.size);
      edges += 2;
    }
    edges += 1;
  }
  const nodes = persons + families.size;
  const parent = new Int32Array(nodes).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const index = new Int32Array(ped.size).fill(-1);
  let k = 0;
  for (let i = 0; i < ped.size; i++) if (keep[i]) index[i] = k++;
  let parts = nodes;
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[ra] = rb;
      parts--;
    }
  };
  for (let i = 0; i < ped.size; i++) {
    if (!keep[i] || ped.father[i]! < 0) continue;
    const fam = persons + families.get(`${ped.father[i]},${ped.mother[i]}`)!;
    union(index[i]!, fam);
    union(index[ped.father[i]!]!, fam);
    union(index[ped.mother[i]!]!, fam);
  }
  return edges === nodes - parts;
}
