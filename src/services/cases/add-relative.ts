import { buildReferencePedigree, type CaseView, type Family, type MissingCase, type Profile, type RelativeInput, type TypedRelative } from '../../domain';
import { ConflictError } from '../../lib';
import type { Repositories } from '../../store';
import type { MatchingPorts } from '../matches';
import { findCase, runTransaction, type Actor } from '../shared';
import { assertReferenceProfile, assertSameLab, profilesById, saveFamily, searchChangedFamily } from './family-steps';

/**
 * Adds a typed relative by relationship (POST /v1/cases/:id/relatives) and rebuilds the pedigree
 * around the missing child. The profile must be a reference profile of the family's lab (the lab
 * of the first relative: one chain of custody per family); impossible families are 409s.
 */
export async function addRelative(ports: MatchingPorts, actor: Actor, caseId: string, input: RelativeInput): Promise<CaseView> {
  const saved = await runTransaction(ports, actor, async (ctx) => {
    const c = await findCase(ctx.tx, caseId);
    return saveFamily(ctx, c, await familyWithRelatives(ctx.tx, c, [input]), 'case.relative.add');
  });
  return searchChangedFamily(ports, actor, saved);
}

/**
 * The case's family with `added` relatives joined, under the rules of {@link addRelative}: each a
 * reference profile of the family's lab, the pedigree rebuilt around the missing child. The
 * profiles of `added` and of the family's relatives are read in one query, or taken from `read`
 * when the caller holds them all as this transaction sees them (a bulk load reads or stores a
 * whole batch's at once: one query per batch instead of one per case).
 * @throws ConflictError `FAMILY_MODE_CONFLICT` for a raw pedigree, `RELATIVE_CONFLICT` for an impossible family.
 */
export async function familyWithRelatives(
  tx: Repositories, c: MissingCase, added: readonly RelativeInput[], read?: ReadonlyMap<string, Profile>,
): Promise<Family> {
  if (c.family.mode === 'pedigree') {
    throw new ConflictError('FAMILY_MODE_CONFLICT', `case ${c.id} has a raw pedigree; change it with POST /v1/cases/${c.id}/pedigree`);
  }
  const pathOf = (k: number): string => (added.length === 1 ? 'profileId' : `relatives.${k}.profileId`);
  const ids = [...added.map((r) => r.profileId), ...c.family.relatives.map((r) => r.profileId)];
  const known = read ?? await profilesById(tx, ids);
  let lab = c.family.lab;
  const profiles: Profile[] = [];
  for (const [k, input] of added.entries()) {
    const profile = assertReferenceProfile(known.get(input.profileId), input.profileId, pathOf(k));
    assertSameLab(lab, profile, pathOf(k));
    lab = profile.lab;
    profiles.push(profile);
  }
  const existing = c.family.relatives.length;
  const relatives: TypedRelative[] = [
    ...c.family.relatives.map((r) => ({ profileId: r.profileId, relationship: r.relationship, sex: known.get(r.profileId)?.sex ?? null })),
    ...added.map((input, k) => ({ profileId: input.profileId, relationship: input.relationship, sex: profiles[k]!.sex })),
  ];
  const built = buildReferencePedigree(c.child.sex, relatives);
  if (!built.ok) {
    const pathAt = (index: number): string => (index < existing ? `family.relatives.${index}` : added.length === 1 ? 'relationship' : `relatives.${index - existing}.relationship`);
    throw new ConflictError('RELATIVE_CONFLICT', built.conflicts.map((x) => x.message).join('; '), {
      errors: built.conflicts.map((x) => ({ path: pathAt(x.index), message: x.message })),
    });
  }
  return { mode: 'relationships', lab, relatives: built.relatives, pedigree: built.pedigree };
}
