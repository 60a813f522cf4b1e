import type { CaseView, Family, MissingCase, Profile, Sex } from '../../domain';
import { ConflictError, ValidationError } from '../../lib';
import type { Repositories } from '../../store';
import { searchFoundPersonsForCase, type MatchingPorts } from '../matches';
import { recordAudit, type Actor, type TxContext } from '../shared';
import { toCaseView } from './case-views';

/**
 * The changed family is searched against every found person at once, so that a new relative can
 * bring a candidate without waiting for the next found person; returns the case as it is afterwards.
 */
export async function searchChangedFamily(ports: MatchingPorts, actor: Actor, saved: CaseView): Promise<CaseView> {
  const matches = await searchFoundPersonsForCase(ports, actor, saved.id);
  if (matches.length === 0) return saved;
  const c = await ports.store.cases.findById(saved.id);
  return c ? toCaseView(c) : saved;
}

export async function saveFamily(ctx: TxContext, c: MissingCase, family: Family, action: 'case.relative.add' | 'case.pedigree.set'): Promise<CaseView> {
  const next: MissingCase = { ...c, family, version: c.version + 1, updatedAt: ctx.now().toISOString() };
  await ctx.tx.cases.update(next);
  await recordAudit(ctx, action, 'case', c.id);
  return toCaseView(next);
}

export async function findReferenceProfile(tx: Repositories, profileId: string, path: string): Promise<Profile> {
  return assertReferenceProfile(await tx.profiles.findById(profileId), profileId, path);
}

/** The profile read for `profileId` when it is a reference profile (a relative's), as {@link findReferenceProfile} requires. */
export function assertReferenceProfile(profile: Profile | null | undefined, profileId: string, path: string): Profile {
  if (!profile) throw new ValidationError('VALIDATION_FAILED', `no profile ${profileId}`, { errors: [{ path, message: `no profile ${profileId}` }] });
  if (profile.kind !== 'reference') {
    throw new ConflictError('RELATIVE_CONFLICT', `profile ${profileId} is a found-person profile, not a relative's reference profile`, {
      errors: [{ path, message: 'not a reference profile' }],
    });
  }
  return profile;
}

export function assertSameLab(familyLab: string | null, profile: Profile, path: string): void {
  if (familyLab === null || familyLab === profile.lab) return;
  throw new ConflictError('RELATIVE_CONFLICT', `profile ${profile.id} is from lab ${profile.lab}; this family's relatives are typed by lab ${familyLab}`, {
    errors: [{ path, message: `relative profile of another lab (${profile.lab})` }],
  });
}

export function assertSex(memberSex: Sex, profile: Profile, path: string): void {
  if (profile.sex === null || profile.sex === memberSex) return;
  throw new ConflictError('RELATIVE_CONFLICT', `profile ${profile.id} is ${profile.sex} by Amelogenin but types a ${memberSex} member`, {
    errors: [{ path, message: `Amelogenin says ${profile.sex}` }],
  });
}

export async function profilesById(tx: Repositories, ids: readonly string[]): Promise<Map<string, Profile>> {
  return new Map((await tx.profiles.findByIds(ids)).map((p) => [p.id, p]));
}
