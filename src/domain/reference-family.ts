import { z } from 'zod';
import type { Sex } from './common';
import type { Individual, Pedigree } from './pedigree';

/** Relationships of a typed relative to the missing child, as an investigator records them. */
export const RELATIONSHIPS = [
  'father', 'mother', 'fullSibling', 'paternalHalfSibling', 'maternalHalfSibling',
  'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother',
  'paternalUncle', 'paternalAunt', 'maternalUncle', 'maternalAunt', 'child',
] as const;
export const Relationship = z.enum(RELATIONSHIPS).meta({
  id: 'Relationship',
  description: 'relationship of the typed relative to the missing child; uncles and aunts are full siblings of the parent',
});
export type Relationship = z.infer<typeof Relationship>;

/** The id of the missing child in every pedigree built from relationships. */
export const MISSING_ID = 'MP';

/** Sex a relationship implies; siblings and children take theirs from the profile. */
const IMPLIED_SEX: Partial<Record<Relationship, Sex>> = {
  father: 'male', mother: 'female',
  paternalGrandfather: 'male', paternalGrandmother: 'female', maternalGrandfather: 'male', maternalGrandmother: 'female',
  paternalUncle: 'male', paternalAunt: 'female', maternalUncle: 'male', maternalAunt: 'female',
};

/** Relationships a missing child can have only once. */
const AT_MOST_ONE: ReadonlySet<Relationship> = new Set([
  'father', 'mother', 'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother',
]);

/** Fixed member ids for the single-occurrence relatives (kinship-cases README naming). */
const FIXED_ID: Partial<Record<Relationship, string>> = {
  father: 'FA', mother: 'MO',
  paternalGrandfather: 'PGF', paternalGrandmother: 'PGM', maternalGrandfather: 'MGF', maternalGrandmother: 'MGM',
};

/** Id prefixes of relatives that may occur several times (S1, S2, PHS1, …). */
const PREFIX: Partial<Record<Relationship, string>> = {
  fullSibling: 'S', paternalHalfSibling: 'PHS', maternalHalfSibling: 'MHS',
  paternalUncle: 'PU', paternalAunt: 'PA', maternalUncle: 'MU', maternalAunt: 'MA', child: 'C',
};

export interface TypedRelative {
  readonly profileId: string;
  readonly relationship: Relationship;
  /** Sex from the profile's Amelogenin; null when the profile has no AMEL call. */
  readonly sex: Sex | null;
}

export interface PlacedRelative {
  readonly profileId: string;
  readonly relationship: Relationship;
  readonly individualId: string;
}

export interface FamilyConflict {
  /** Position of the offending relative in the input list. */
  readonly index: number;
  readonly message: string;
}

export type FamilyBuild =
  | { readonly ok: true; readonly pedigree: Pedigree; readonly relatives: readonly PlacedRelative[] }
  | { readonly ok: false; readonly conflicts: readonly FamilyConflict[] };

/**
 * Builds the pedigree around the missing child `MP` from relatives typed by relationship.
 * Untyped connecting members are added as needed: the parents FA and MO, the grandparents
 * (PGF, PGM, MGF, MGM) as parents of FA / MO, the other parent of each half sibling
 * (PHS1_MO, MHS1_FA) and of each child of MP (C1_MO or C1_FA). Each child gets its own other
 * parent: assuming one shared partner would model the children as full siblings, which is a
 * claim the investigator has not made (use the raw pedigree form for that family).
 *
 * Sex: a parent's sex is fixed by the role; a sibling or child takes the profile's Amelogenin
 * sex, or "female" when unknown. That choice cannot change a likelihood because sex only selects
 * the mutation matrix of a member's own transmissions (kinship-cases README §1.5) and such members
 * are leaves with no children in the pedigree.
 *
 * Conflicts (two fathers, a relationship whose sex contradicts the profile's Amelogenin, the same
 * profile twice) are all reported; no pedigree is built then.
 */
export function buildReferencePedigree(missingSex: Sex, relatives: readonly TypedRelative[]): FamilyBuild {
  const conflicts: FamilyConflict[] = [];
  const seenProfile = new Map<string, number>();
  const seenSingle = new Map<Relationship, number>();
  relatives.forEach((r, index) => {
    const earlier = seenProfile.get(r.profileId);
    if (earlier !== undefined) conflicts.push({ index, message: `profile ${r.profileId} is already relative #${earlier} of this family` });
    else seenProfile.set(r.profileId, index);
    if (AT_MOST_ONE.has(r.relationship)) {
      const first = seenSingle.get(r.relationship);
      if (first !== undefined) conflicts.push({ index, message: `the family already has a ${r.relationship} (relative #${first})` });
      else seenSingle.set(r.relationship, index);
    }
    const implied = IMPLIED_SEX[r.relationship];
    if (implied && r.sex !== null && r.sex !== implied) {
      conflicts.push({ index, message: `a ${r.relationship} must be ${implied}, but the profile's Amelogenin says ${r.sex}` });
    }
  });
  if (conflicts.length > 0) return { ok: false, conflicts };

  const members = new Map<string, Individual>();
  const add = (ind: Individual): void => {
    if (!members.has(ind.id)) members.set(ind.id, ind);
  };
  const founder = (id: string, sex: Sex): Individual => ({ id, father: null, mother: null, sex });
  const needs = (rs: readonly Relationship[]): boolean => relatives.some((r) => rs.includes(r.relationship));

  const paternalLine = needs(['paternalGrandfather', 'paternalGrandmother', 'paternalUncle', 'paternalAunt']);
  const maternalLine = needs(['maternalGrandfather', 'maternalGrandmother', 'maternalUncle', 'maternalAunt']);
  const parents = relatives.some((r) => r.relationship !== 'child');
  if (paternalLine) {
    add(founder('PGF', 'male'));
    add(founder('PGM', 'female'));
  }
  if (maternalLine) {
    add(founder('MGF', 'male'));
    add(founder('MGM', 'female'));
  }
  if (parents) {
    add({ id: 'FA', father: paternalLine ? 'PGF' : null, mother: paternalLine ? 'PGM' : null, sex: 'male' });
    add({ id: 'MO', father: maternalLine ? 'MGF' : null, mother: maternalLine ? 'MGM' : null, sex: 'female' });
  }
  add({ id: MISSING_ID, father: parents ? 'FA' : null, mother: parents ? 'MO' : null, sex: missingSex });

  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}${n}`;
  };
  const placed: PlacedRelative[] = relatives.map((r) => {
    const fixed = FIXED_ID[r.relationship];
    if (fixed) return { profileId: r.profileId, relationship: r.relationship, individualId: fixed };
    const id = nextId(PREFIX[r.relationship]!);
    const sex: Sex = IMPLIED_SEX[r.relationship] ?? r.sex ?? 'female';
    switch (r.relationship) {
      case 'fullSibling':
        add({ id, father: 'FA', mother: 'MO', sex });
        break;
      case 'paternalHalfSibling':
        add(founder(`${id}_MO`, 'female'));
        add({ id, father: 'FA', mother: `${id}_MO`, sex });
        break;
      case 'maternalHalfSibling':
        add(founder(`${id}_FA`, 'male'));
        add({ id, father: `${id}_FA`, mother: 'MO', sex });
        break;
      case 'paternalUncle':
      case 'paternalAunt':
        add({ id, father: 'PGF', mother: 'PGM', sex });
        break;
      case 'maternalUncle':
      case 'maternalAunt':
        add({ id, father: 'MGF', mother: 'MGM', sex });
        break;
      case 'child': {
        const partner = missingSex === 'male' ? `${id}_MO` : `${id}_FA`;
        add(founder(partner, missingSex === 'male' ? 'female' : 'male'));
        add(missingSex === 'male'
          ? { id, father: MISSING_ID, mother: partner, sex }
          : { id, father: partner, mother: MISSING_ID, sex });
        break;
      }
      default:
        throw new Error(`no placement for ${r.relationship}`);
    }
    return { profileId: r.profileId, relationship: r.relationship, individualId: id };
  });

  const typed = Object.fromEntries(placed.map((p) => [p.individualId, p.profileId]));
  return { ok: true, pedigree: { missing: MISSING_ID, individuals: parentsFirst([...members.values()]), typed }, relatives: placed };
}

/** Orders members so that parents precede their children (stable for equal depth). */
export function parentsFirst(individuals: readonly Individual[]): Individual[] {
  const byId = new Map(individuals.map((i) => [i.id, i]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, guard: number): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const ind = byId.get(id);
    if (!ind || guard > individuals.length) return 0;
    const d = Math.max(
      ind.father && byId.has(ind.father) ? depthOf(ind.father, guard + 1) + 1 : 0,
      ind.mother && byId.has(ind.mother) ? depthOf(ind.mother, guard + 1) + 1 : 0,
    );
    depth.set(id, d);
    return d;
  };
  return individuals
    .map((ind, i) => ({ ind, i, d: depthOf(ind.id, 0) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.ind);
}
