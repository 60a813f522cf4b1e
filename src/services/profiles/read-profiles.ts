import type { Page, ProfileListQuery, ProfileSummary, ProfileView } from '../../domain';
import { NotFoundError } from '../../lib';
import { duplicatesOf } from './register-profile';
import { toProfileSummary, toProfileView } from './profile-views';
import { recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';

/**
 * One profile with its genotypes (GET /v1/profiles/:id); the read is audited.
 * A lab sees only its own profiles; an investigator sees profiles that type a case's family or a
 * found person. Anything else is answered as not found, so that ids of other labs' profiles
 * cannot be probed.
 */
export async function getProfile(access: StoreAccess, actor: Actor, id: string): Promise<ProfileView> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    const profile = await tx.profiles.findById(id);
    const visible = profile !== null && (
      (actor.role === 'lab' && profile.lab === actor.org) ||
      (actor.role === 'investigator' && (
        (await tx.cases.findIdsByProfileId(id)).length > 0 || (await tx.foundPersons.findByProfileId(id)) !== null
      ))
    );
    if (!profile || !visible) throw new NotFoundError(`no profile ${id} visible to ${actor.org}`);
    await recordAudit(ctx, 'profile.read', 'profile', id);
    return toProfileView(profile, await duplicatesOf(tx, profile));
  });
}

/** The caller's lab's own profiles, oldest first, without genotypes (GET /v1/profiles). */
export async function listOwnProfiles(access: StoreAccess, actor: Actor, query: ProfileListQuery): Promise<Page<ProfileSummary>> {
  const page = await access.store.profiles.list({ lab: actor.org, kind: query.kind, limit: query.limit, offset: query.offset });
  return { ...page, items: page.items.map(toProfileSummary) };
}
