import type { MissingCase } from '../../domain';
import { familyRecord, type FamilyRecord, type Repositories } from '../../store';

/** The case's family with the typed members' genotypes, as the engine scores it (null without a case). */
export async function familyRecordOf(repos: Repositories, caseId: string): Promise<FamilyRecord | null> {
  const c = await repos.cases.findById(caseId);
  return c ? familyRecordOfCase(repos, c) : null;
}

/** {@link familyRecordOf} for a case already read. */
export async function familyRecordOfCase(repos: Repositories, c: MissingCase): Promise<FamilyRecord> {
  const profiles = new Map((await repos.profiles.findByIds(Object.values(c.family.pedigree.typed))).map((p) => [p.id, p]));
  return familyRecord(c, profiles);
}

/** "father+mother" etc.: the relationships of the typed relatives, or "pedigree" for a raw one. */
export function describeFamily(c: MissingCase): string {
  return c.family.mode === 'pedigree' ? 'pedigree' : c.family.relatives.map((r) => r.relationship).sort().join('+');
}
