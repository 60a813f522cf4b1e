/**
 * Family templates: the shape of a reference family (pedigree, missing member, which members are
 * typed) with member ids replaced by canonical ones, so that every family of one shape shares one
 * template and one index segment. The template also fixes how the search treats the shape:
 *
 * - `screened`: the family constrains the missing person's alleles without mutation (Mendel's law
 *   of segregation): a typed parent (the missing person's paternal allele is one of the father's),
 *   an untyped parent whose two parents are typed (the allele is one of theirs), or a typed child
 *   (the missing person carries one of the child's alleles). A POI violating such a constraint at
 *   a locus has L1 = 0 there without mutation, so the engine calls that locus inconsistent; the
 *   screen counts these loci, a lower bound of the engine's count, and drops families past the
 *   policy's allowed number. Survivors get the exact LR.
 * - `table`: one typed relative, no constraint, with a closed form at the policy θ: the exact LR of
 *   every family is a product of per-query table lookups (LR as a function of the relative's
 *   genotype, for the query's POI).
 * - `bound`: several relatives (or one without a closed form) and no constraint: an upward-rounded
 *   bound per locus and genotype class (bound-classes.ts) prunes; survivors get the exact LR. The
 *   stored bounds are θ = 0 values, so at θ > 0 only their inconsistency flags prune (a POI allele
 *   no relative can have given is impossible at any θ: the Balding–Nichols sample gives every
 *   founder allele a positive probability, so the engine's status does not depend on θ).
 * - `exact`: a family scored without being indexed (reverse searches, ad hoc scores).
 */
import { analyzeMissingPersonFamily, compilePedigree, type CompiledPedigree, type Individual } from '../kinship';
import { boundClassCount } from './bound-classes';

export type ScanKind = 'screened' | 'table' | 'bound' | 'exact';

/** Slots whose union of alleles must contain the missing person's allele from that side, etc. */
export interface ScreenSpec {
  readonly paternal: readonly number[];
  readonly maternal: readonly number[];
  readonly children: readonly number[];
}

export type ScreenShape = 'trio' | 'single' | 'union' | 'generic';

/**
 * The screens the search runs with a dedicated loop: both parents typed (trio), one constraining
 * relative (a parent or a child), the union of two grandparents, or any other combination.
 */
export function screenShape(screen: ScreenSpec): ScreenShape {
  const np = screen.paternal.length;
  const nm = screen.maternal.length;
  const nk = screen.children.length;
  if (np === 1 && nm === 1 && nk === 0) return 'trio';
  if (np + nm + nk === 1) return 'single';
  if ((np === 2 && nm + nk === 0) || (nm === 2 && np + nk === 0)) return 'union';
  return 'generic';
}

/** A family shape (JSON-able; sent to the search workers). */
export interface TemplateSpec {
  readonly id: number;
  readonly key: string;
  /** Canonical members: ids M0 (the missing person), M1, … */
  readonly individuals: readonly Individual[];
  readonly missing: number;
  /** Member index of each typed slot. */
  readonly slots: readonly number[];
  readonly kind: ScanKind;
  readonly screen: ScreenSpec | null;
  /** Bound classes per locus (`bound` only). */
  readonly classes: number;
  /** A short description for statistics: the relationships of the typed members. */
  readonly label: string;
}

/** A family as the engine takes it: the pedigree, the missing member, and the typed members' genotypes. */
export interface FamilyShape {
  readonly individuals: readonly Individual[];
  readonly missing: string;
  /** Ids of typed members (their genotypes come separately). */
  readonly typed: readonly string[];
}

export interface CanonicalFamily {
  readonly key: string;
  readonly individuals: Individual[];
  readonly missing: number;
  /** Canonical member index of each typed member, in slot order. */
  readonly slots: number[];
  /** Original id of each slot. */
  readonly slotIds: string[];
}

/**
 * Relabels a family canonically: breadth-first from the missing member (father, mother, then
 * children ordered by typed first, sex, number of descendants). Isomorphic relationship-built
 * families get the same key; any deterministic order keeps the search exact.
 */
export function canonicalFamily(shape: FamilyShape): CanonicalFamily {
  const byId = new Map(shape.individuals.map((ind) => [ind.id, ind]));
  const typed = new Set(shape.typed);
  const children = new Map<string, string[]>();
  for (const ind of shape.individuals) {
    for (const p of [ind.father, ind.mother]) if (p) children.set(p, [...(children.get(p) ?? []), ind.id]);
  }
  const descendants = new Map<string, number>();
  const countDescendants = (id: string, guard: number): number => {
    const known = descendants.get(id);
    if (known !== undefined) return known;
    let n = 0;
    if (guard < shape.individuals.length) for (const c of children.get(id) ?? []) n += 1 + countDescendants(c, guard + 1);
    descendants.set(id, n);
    return n;
  };
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = [shape.missing];
  seen.add(shape.missing);
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    const ind = byId.get(id);
    const next: string[] = [];
    for (const p of [ind?.father, ind?.mother]) if (p && byId.has(p)) next.push(p);
    const kids = [...(children.get(id) ?? [])].sort((a, b) =>
      Number(typed.has(b)) - Number(typed.has(a)) ||
      (byId.get(a)!.sex ?? '').localeCompare(byId.get(b)!.sex ?? '') ||
      countDescendants(b, 0) - countDescendants(a, 0));
    next.push(...kids);
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  for (const ind of shape.individuals) if (!seen.has(ind.id)) order.push(ind.id);
  const canon = new Map(order.map((id, i) => [id, `M${i}`]));
  // Sex only selects the mutation matrix of a person's own transmissions (README §3), so members
  // without children lose it: a family looking for a son and one looking for a daughter share a template.
  const individuals: Individual[] = order.map((id) => {
    const ind = byId.get(id)!;
    return {
      id: canon.get(id)!,
      father: ind.father ? canon.get(ind.father) ?? null : null,
      mother: ind.mother ? canon.get(ind.mother) ?? null : null,
      sex: (children.get(id)?.length ?? 0) > 0 ? ind.sex ?? null : null,
    };
  });
  const slotIds = order.filter((id) => typed.has(id) && id !== shape.missing);
  const slots = slotIds.map((id) => order.indexOf(id));
  const key = JSON.stringify([individuals.map((i) => [i.father, i.mother, i.sex]), slots]);
  return { key, individuals, missing: 0, slots, slotIds };
}

/** The scan kind and screen of a canonical family under a policy θ. */
export function classifyTemplate(id: number, family: CanonicalFamily, theta: number): TemplateSpec {
  const ped = compilePedigree(family.individuals, 'family');
  const slotOf = new Map(family.slots.map((member, s) => [member, s]));
  const typed = (member: number): boolean => member >= 0 && slotOf.has(member);
  const side = (parent: number): number[] => {
    if (parent < 0) return [];
    if (typed(parent)) return [slotOf.get(parent)!];
    const gf = ped.father[parent]!;
    const gm = ped.mother[parent]!;
    return typed(gf) && typed(gm) ? [slotOf.get(gf)!, slotOf.get(gm)!] : [];
  };
  const m = family.missing;
  const screen: ScreenSpec = {
    paternal: side(ped.father[m]!),
    maternal: side(ped.mother[m]!),
    children: ped.children[m]!.filter(typed).map((c) => slotOf.get(c)!),
  };
  const screened = screen.paternal.length + screen.maternal.length + screen.children.length > 0;
  let kind: ScanKind;
  if (screened) kind = 'screened';
  else if (family.slots.length === 1 && singleRelativeClosedForm(ped, m, family.slots[0]!, theta)) kind = 'table';
  else kind = 'bound';
  return {
    id,
    key: family.key,
    individuals: family.individuals,
    missing: m,
    slots: family.slots,
    kind,
    screen: screened ? screen : null,
    classes: kind === 'bound' ? boundClassCount(family.slots.length) : 0,
    label: describeSlots(ped, m, family.slots),
  };
}

/** True when the family has a closed form (the per-query table then needs no engine). */
function singleRelativeClosedForm(ped: CompiledPedigree, missing: number, member: number, theta: number): boolean {
  const typed = new Array<boolean>(ped.size).fill(false);
  typed[member] = true;
  const kind = analyzeMissingPersonFamily(ped, missing, typed, theta).kind;
  return kind === 'separable' || kind === 'fullSibling' || kind === 'thetaDescent';
}

/** Relationship words for the typed members (statistics and logs; never genetic data). */
function describeSlots(ped: CompiledPedigree, m: number, slots: readonly number[]): string {
  const fa = ped.father[m]!;
  const mo = ped.mother[m]!;
  const words = slots.map((s) => {
    if (s === fa) return 'father';
    if (s === mo) return 'mother';
    if (ped.father[s] === m || ped.mother[s] === m) return 'child';
    if (fa >= 0 && ped.father[s] === fa && ped.mother[s] === mo) return 'fullSibling';
    if (fa >= 0 && (ped.father[s] === fa || ped.mother[s] === mo)) return 'halfSibling';
    if (fa >= 0 && (s === ped.father[fa] || s === ped.mother[fa] || s === ped.father[mo] || s === ped.mother[mo])) return 'grandparent';
    if (fa >= 0 && ped.father[s]! >= 0 && (ped.father[s] === ped.father[fa] || ped.father[s] === ped.father[mo])) return 'uncleOrAunt';
    return 'relative';
  });
  return words.sort().join('+') || 'none';
}
