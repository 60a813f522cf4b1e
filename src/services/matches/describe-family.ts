import type { MissingCase } from '../../domain';

/** "father+mother" etc.: the relationships of the typed relatives, or "pedigree" for a raw one. */
export function describeFamily(c: MissingCase): string {
  return c.family.mode === 'pedigree' ? 'pedigree' : c.family.relatives.map((r) => r.relationship).sort().join('+');
}
