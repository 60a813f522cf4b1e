/**
 * The relationship of a pedigree member to the missing member, named in the vocabulary of
 * place-found-person.ts (the inverse of placing a person): who a "relative to type next" is.
 */
import type { Individual } from './pedigree';
import type { FoundPersonRelationship } from './place-found-person';

/**
 * @returns the relationship of `memberId` to `missingId`, or null when the member is none of the
 *   named relatives (e.g. a half sibling's other parent, or a cousin).
 */
export function relationshipToMissing(individuals: readonly Individual[], missingId: string, memberId: string): Exclude<FoundPersonRelationship, 'missingChild'> | null {
  const byId = new Map(individuals.map((i) => [i.id, i]));
  const parentOf = (id: string | null | undefined, role: 'father' | 'mother'): string | null => (id ? byId.get(id)?.[role] ?? null : null);
  const missing = byId.get(missingId);
  const member = byId.get(memberId);
  if (!missing || !member || memberId === missingId) return null;
  const fa = missing.father ?? null;
  const mo = missing.mother ?? null;
  const female = member.sex === 'female';
  if (memberId === fa) return 'father';
  if (memberId === mo) return 'mother';
  if (member.father === missingId || member.mother === missingId) return 'child';
  const sameFather = fa !== null && member.father === fa;
  const sameMother = mo !== null && member.mother === mo;
  if (sameFather && sameMother) return 'fullSibling';
  if (sameFather) return 'paternalHalfSibling';
  if (sameMother) return 'maternalHalfSibling';
  if (memberId === parentOf(fa, 'father')) return 'paternalGrandfather';
  if (memberId === parentOf(fa, 'mother')) return 'paternalGrandmother';
  if (memberId === parentOf(mo, 'father')) return 'maternalGrandfather';
  if (memberId === parentOf(mo, 'mother')) return 'maternalGrandmother';
  const childOf = (gf: string | null, gm: string | null): boolean => gf !== null && gm !== null && member.father === gf && member.mother === gm;
  if (childOf(parentOf(fa, 'father'), parentOf(fa, 'mother'))) return female ? 'paternalAunt' : 'paternalUncle';
  if (childOf(parentOf(mo, 'father'), parentOf(mo, 'mother'))) return female ? 'maternalAunt' : 'maternalUncle';
  return null;
}
