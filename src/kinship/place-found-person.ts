/**
 * Draws the pedigree of one relationship between a found person and the missing child of a
 * reference family: the family as given, plus the found person attached at that position, plus the
 * untyped connecting members the position needs. The general engine then scores the drawn
 * pedigree like any other (kinship-cases README §1.4, kinship mode).
 *
 * The names are the service's relationship vocabulary (a typed relative's relationship to the
 * missing child), read as "the found person is THIS relative of the missing child", plus
 * "missingChild" for the claim itself.
 */
import type { Individual, Sex } from './pedigree';

/** The relationships a found person can be placed at, the claim first. */
export const FOUND_PERSON_RELATIONSHIPS = [
  'missingChild', 'father', 'mother', 'fullSibling', 'paternalHalfSibling', 'maternalHalfSibling',
  'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother',
  'paternalUncle', 'paternalAunt', 'maternalUncle', 'maternalAunt', 'child',
] as const;
export type FoundPersonRelationship = (typeof FOUND_PERSON_RELATIONSHIPS)[number];

/** The sex a relationship fixes for the person who holds it; the others take the found person's own sex. */
export const RELATIONSHIP_SEX: Readonly<Partial<Record<FoundPersonRelationship, Sex>>> = Object.freeze({
  father: 'male', mother: 'female',
  paternalGrandfather: 'male', paternalGrandmother: 'female', maternalGrandfather: 'male', maternalGrandmother: 'female',
  paternalUncle: 'male', paternalAunt: 'female', maternalUncle: 'male', maternalAunt: 'female',
});

export interface FoundPersonPlacement {
  readonly relationship: FoundPersonRelationship;
  /** The family, the found person and any connecting members added for the position. */
  readonly individuals: readonly Individual[];
  /** The member that carries the found person's genotypes. */
  readonly foundId: string;
}

/**
 * Places the found person at `relationship` to the missing member.
 *
 * Existing members are re-used: a paternal uncle is a child of the father's parents when the family
 * has them (typed or not), and only otherwise are those parents added as untyped founders; a
 * single-occurrence position (father, a grandparent) that the family already has untyped receives
 * the found person's genotypes. When that position is held by a typed member the found person
 * would be that same person, an identity question rather than a relationship, and null is
 * returned. A missing one of two parents is added as an untyped founder (README §1.5).
 *
 * New members: a half sibling's other parent, an uncle's or aunt's parents, and the partner of
 * the missing child for "child" are untyped founders; a child of the missing child gets a partner
 * of its own, as the reference family does for a typed child. The missing child's sex decides
 * whether it is the father or the mother of that child; when the pedigree gives none, the male
 * (paternal) mutation matrix is used, the higher of the two published rates (NorskDB 2023), which
 * makes "child" the likelier explanation of a mismatch and so the more cautious choice for a flag.
 *
 * @param typedIds members typed at one locus at least (a typed member's position is never re-used).
 * @param foundSex the found person's sex (Amelogenin); it must match a sex-fixed relationship.
 * @param newId the id of the found person when they are added as a new member (made unique).
 * @throws RangeError when the missing id is not in the pedigree or the sex contradicts the relationship.
 */
export function placeFoundPerson(
  individuals: readonly Individual[],
  missingId: string,
  relationship: FoundPersonRelationship,
  foundSex: Sex,
  typedIds: ReadonlySet<string>,
  newId = 'POI',
): FoundPersonPlacement | null {
  const fixedSex = RELATIONSHIP_SEX[relationship];
  if (fixedSex !== undefined && fixedSex !== foundSex) throw new RangeError(`a ${relationship} must be ${fixedSex}, the found person is ${foundSex}`);
  const drawing = new Drawing(individuals);
  if (!drawing.has(missingId)) throw new RangeError(`the missing person "${missingId}" is not in the pedigree`);
  const found = drawing.freshId(newId);
  const place = (at: string | null): FoundPersonPlacement | null => {
    if (at === null) return null;
    return { relationship, individuals: drawing.list(), foundId: at };
  };
  switch (relationship) {
    case 'missingChild':
      return place(missingId);
    case 'father':
    case 'mother':
      return place(drawing.parentPosition(missingId, relationship, found, typedIds));
    case 'paternalGrandfather':
    case 'paternalGrandmother':
    case 'maternalGrandfather':
    case 'maternalGrandmother': {
      const line = relationship.startsWith('paternal') ? 'father' : 'mother';
      const role = relationship.endsWith('father') ? 'father' : 'mother';
      const parent = drawing.ensureParents(missingId)[line === 'father' ? 0 : 1];
      return place(drawing.parentPosition(parent, role, found, typedIds));
    }
    case 'fullSibling': {
      const [fa, mo] = drawing.ensureParents(missingId);
      drawing.add({ id: found, father: fa, mother: mo, sex: foundSex });
      return place(found);
    }
    case 'paternalHalfSibling': {
      const [fa] = drawing.ensureParents(missingId);
      const other = drawing.addFounder(`${found}_MO`, 'female');
      drawing.add({ id: found, father: fa, mother: other, sex: foundSex });
      return place(found);
    }
    case 'maternalHalfSibling': {
      const [, mo] = drawing.ensureParents(missingId);
      const other = drawing.addFounder(`${found}_FA`, 'male');
      drawing.add({ id: found, father: other, mother: mo, sex: foundSex });
      return place(found);
    }
    case 'paternalUncle':
    case 'paternalAunt':
    case 'maternalUncle':
    case 'maternalAunt': {
      const parents = drawing.ensureParents(missingId);
      const [gf, gm] = drawing.ensureParents(relationship.startsWith('paternal') ? parents[0] : parents[1]);
      drawing.add({ id: found, father: gf, mother: gm, sex: foundSex });
      return place(found);
    }
    case 'child': {
      const missingIsMother = drawing.sexOf(missingId) === 'female';
      const partner = drawing.addFounder(`${found}_${missingIsMother ? 'FA' : 'MO'}`, missingIsMother ? 'male' : 'female');
      if (!missingIsMother) drawing.setSex(missingId, 'male');
      drawing.add(missingIsMother
        ? { id: found, father: partner, mother: missingId, sex: foundSex }
        : { id: found, father: missingId, mother: partner, sex: foundSex });
      return place(found);
    }
  }
}

/** A mutable copy of a pedigree with fresh ids for added members. */
class Drawing {
  private readonly members = new Map<string, Individual>();

  constructor(individuals: readonly Individual[]) {
    for (const i of individuals) this.members.set(i.id, { id: i.id, father: i.father ?? null, mother: i.mother ?? null, sex: i.sex ?? null });
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  list(): Individual[] {
    return [...this.members.values()];
  }

  sexOf(id: string): Sex | null {
    return this.members.get(id)?.sex ?? null;
  }

  setSex(id: string, sex: Sex): void {
    this.members.set(id, { ...this.members.get(id)!, sex });
  }

  freshId(base: string): string {
    let id = base;
    for (let k = 2; this.members.has(id); k++) id = `${base}${k}`;
    return id;
  }

  add(individual: Individual): void {
    this.members.set(individual.id, individual);
  }

  addFounder(base: string, sex: Sex): string {
    const id = this.freshId(base);
    this.add({ id, father: null, mother: null, sex });
    return id;
  }

  /** The parents of `id`, adding an untyped founder for each one the pedigree lacks. */
  ensureParents(id: string): readonly [father: string, mother: string] {
    const person = this.members.get(id)!;
    const father = person.father ?? this.addFounder(`${id}_FA`, 'male');
    const mother = person.mother ?? this.addFounder(`${id}_MO`, 'female');
    this.members.set(id, { ...person, father, mother });
    return [father, mother];
  }

  /**
   * The member at parent position `role` of `child` for the found person `found`: the existing
   * untyped parent (re-used), null for a typed one, or `found` added as that parent (with an
   * untyped founder as the other parent when the child had none).
   */
  parentPosition(child: string, role: 'father' | 'mother', found: string, typedIds: ReadonlySet<string>): string | null {
    const person = this.members.get(child)!;
    const existing = person[role] ?? null;
    if (existing !== null) return typedIds.has(existing) ? null : existing;
    const sex: Sex = role === 'father' ? 'male' : 'female';
    this.add({ id: found, father: null, mother: null, sex });
    this.members.set(child, { ...person, [role]: found });
    this.ensureParents(child);
    return found;
  }
}
