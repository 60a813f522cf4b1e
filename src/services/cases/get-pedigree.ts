import type { PedigreeView } from '../../domain';
import { autosomalGenotypes } from '../profiles';
import { findCase, recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';
import { profilesById } from './family-steps';

/**
 * The family with the typed members' autosomal genotypes (GET /v1/cases/:id/pedigree): the
 * `pedigree`, `missing` and `genotypes` of a kinship-engine missingPerson case. The read is audited.
 */
export async function getPedigree(access: StoreAccess, actor: Actor, caseId: string): Promise<PedigreeView> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await findCase(tx, caseId);
    const profiles = await profilesById(tx, Object.values(c.family.pedigree.typed));
    const genotypes = Object.fromEntries(Object.entries(c.family.pedigree.typed).map(([individualId, profileId]) =>
      [individualId, autosomalGenotypes(profiles.get(profileId)?.genotypes ?? {})]));
    await recordAudit(ctx, 'case.pedigree.read', 'case', c.id);
    return {
      caseId: c.id, mode: c.family.mode, population: c.population, missing: c.family.pedigree.missing,
      individuals: c.family.pedigree.individuals.map((i) => ({ ...i })), typed: { ...c.family.pedigree.typed },
      relatives: c.family.relatives.map((r) => ({ ...r })), genotypes,
    };
  });
}
