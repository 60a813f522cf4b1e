import { buildReferencePedigree, type CaseView, type Family, type RelativeInput, type TypedRelative } from '../../domain';
import { ConflictError } from '../../lib';
import type { MatchingPorts } from '../matches';
import { findCase, runTransaction, type Actor } from '../shared';
import { assertSameLab, findReferenceProfile, profilesById, saveFamily, searchChangedFamily } from './family-steps';

/**
 * Adds a typed relative by relationship (POST /v1/cases/:id/relatives) and rebuilds the pedigree
 * around the missing child. The profile must be a reference profile of the family's lab (the lab
 * of the first relative: one chain of custody per family); impossible families are 409s.
 */
export async function addRelative(ports: MatchingPorts, actor: Actor, caseId: string, input: RelativeInput): Promise<CaseView> {
  const saved = await runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await findCase(tx, caseId);
    if (c.family.mode === 'pedigree') {
      throw new ConflictError('FAMILY_MODE_CONFLICT', `case ${caseId} has a raw pedigree; change it with POST /v1/cases/${caseId}/pedigree`);
    }
    const profile = await findReferenceProfile(tx, input.profileId, 'profileId');
    assertSameLab(c.family.lab, profile, 'profileId');
    const known = await profilesById(tx, c.family.relatives.map((r) => r.profileId));
    const relatives: TypedRelative[] = [
      ...c.family.relatives.map((r) => ({ profileId: r.profileId, relationship: r.relationship, sex: known.get(r.profileId)?.sex ?? null })),
      { profileId: profile.id, relationship: input.relationship, sex: profile.sex },
    ];
    const built = buildReferencePedigree(c.child.sex, relatives);
    if (!built.ok) {
      throw new ConflictError('RELATIVE_CONFLICT', built.conflicts.map((x) => x.message).join('; '), {
        errors: built.conflicts.map((x) => ({ path: x.index === relatives.length - 1 ? 'relationship' : `family.relatives.${x.index}`, message: x.message })),
      });
    }
    const family: Family = { mode: 'relationships', lab: profile.lab, relatives: built.relatives, pedigree: built.pedigree };
    return saveFamily(ctx, c, family, 'case.relative.add');
  });
  return searchChangedFamily(ports, actor, saved);
}
