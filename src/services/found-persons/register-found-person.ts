import type { FoundPerson, FoundPersonInput, FoundPersonListQuery, FoundPersonView, Page } from '../../domain';
import { ConflictError, NotFoundError, ValidationError } from '../../lib';
import { searchFamiliesForFoundPerson, type MatchingPorts } from '../matches';
import { toFoundPersonView } from './found-person-views';
import { recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';

/**
 * Registers a found person (POST /v1/found-persons): a rescued or vagrant child, or an adult who
 * suspects abduction, typed by a profile of kind "found". One found person per profile.
 */
export async function registerFoundPerson(ports: MatchingPorts, actor: Actor, input: FoundPersonInput): Promise<FoundPersonView> {
  const registered = await runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const profile = await tx.profiles.findById(input.profileId);
    if (!profile) {
      throw new ValidationError('VALIDATION_FAILED', `no profile ${input.profileId}`, { errors: [{ path: 'profileId', message: `no profile ${input.profileId}` }] });
    }
    if (profile.kind !== 'found') {
      throw new ConflictError('RELATIVE_CONFLICT', `profile ${profile.id} is a relative's reference profile, not a found person's`, {
        errors: [{ path: 'profileId', message: 'not a profile of kind "found"' }],
      });
    }
    const existing = await tx.foundPersons.findByProfileId(profile.id);
    if (existing) {
      throw new ConflictError('DUPLICATE_KEY', `profile ${profile.id} already belongs to found person ${existing.id}`, {
        errors: [{ path: 'profileId', message: `already registered as ${existing.id}` }],
      });
    }
    const now = ctx.now().toISOString();
    const person: FoundPerson = {
      id: ctx.newId('fp'), profileId: profile.id, foundAt: input.foundAt, place: input.place,
      estimatedBirthYear: input.estimatedBirthYear ?? null, notes: input.notes ?? null, status: 'unidentified',
      org: actor.org, createdBy: actor.keyId, version: 1, createdAt: now, updatedAt: now,
    };
    await tx.foundPersons.insert(person);
    await recordAudit(ctx, 'foundPerson.create', 'foundPerson', person.id);
    return person;
  });
  // The new found person is searched against every family at once, so a waiting family meets it
  // without a manual search; candidates change its status.
  const matches = await searchFamiliesForFoundPerson(ports, actor, registered.id);
  const current = matches.length > 0 ? (await ports.store.foundPersons.findById(registered.id)) ?? registered : registered;
  return toFoundPersonView(current);
}

export async function getFoundPerson(access: StoreAccess, id: string): Promise<FoundPersonView> {
  const person = await access.store.foundPersons.findById(id);
  if (!person) throw new NotFoundError(`no found person ${id}`);
  return toFoundPersonView(person);
}

export async function listFoundPersons(access: StoreAccess, query: FoundPersonListQuery): Promise<Page<FoundPersonView>> {
  const page = await access.store.foundPersons.list(query);
  return { ...page, items: page.items.map(toFoundPersonView) };
}
