import type { MissingCase, Profile } from '../domain';
import type { FamilyRecord, ProfileRepository } from './store';

/** The matching-index view of a case: typed members with their genotypes. */
export function familyRecord(c: MissingCase, profilesById: ReadonlyMap<string, Profile>): FamilyRecord {
  return {
    caseId: c.id,
    status: c.status,
    population: c.population,
    missing: c.family.pedigree.missing,
    individuals: c.family.pedigree.individuals,
    typed: Object.entries(c.family.pedigree.typed).flatMap(([individualId, profileId]) => {
      const p = profilesById.get(profileId);
      return p ? [{ individualId, profileId, sex: p.sex, genotypes: p.genotypes }] : [];
    }),
    version: c.version,
  };
}

/** The family records of some cases, their typed members' profiles read in one query. */
export async function familyRecords(cases: readonly MissingCase[], profiles: ProfileRepository): Promise<FamilyRecord[]> {
  const typed = await profiles.findByIds([...new Set(cases.flatMap((c) => Object.values(c.family.pedigree.typed)))]);
  const byId = new Map(typed.map((p) => [p.id, p]));
  return cases.map((c) => familyRecord(c, byId));
}
