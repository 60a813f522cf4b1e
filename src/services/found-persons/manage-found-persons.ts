import type { FoundPerson, FoundPersonInput, FoundPersonListQuery, FoundPersonView, Page } from '../../domain';
import { ConflictError, NotFoundError, ValidationError } from '../../lib';
import type { Actor } from '../shared';
import type { ServiceDeps } from '../service-deps';
import { recordAudit } from '../shared';
import { searchFamiliesForFoundPerson } from '../matches';
import { toFoundPersonView } from './found-person-views';

/**
 * Registers a found person (POST /v1/found-persons): a rescued or vagrant child, or an adult who
 * suspects abduction, typed by a profile of kind "found". One found person per profile.
 */
export async function registerFoundPerson(deps: ServiceDeps, actor: Actor, input: FoundPersonInput): Promise<FoundPersonView> {
  const registered = await deps.store.transaction(async (tx) => {
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
    const now = deps.now().toISOString();
    const person: FoundPerson = {
      id: deps.newId('fp'), profileId: profile.id, foundAt: input.foundAt, place: input.place,
      estimatedBirthYear: input.estimatedBirthYear ?? null, notes: input.notes ?? null, status: 'unidentified',
      org: actor.org, createdBy: actor.keyId, version: 1, createdAt: now, updatedAt: now,
    };
    await tx.foundPersons.insert(person);
    await recordAudit(deps, tx, actor, 'foundPerson.create', 'foundPerson', person.id);
    return person;
  });
  // The new found person is searched against every family (issue 4 item 5); candidates change its status.
  const matches = await searchFamiliesForFoundPerson(deps, actor, registered.id);
  const current = matches.length > 0 ? (await deps.store.foundPersons.findById(registered.id)) ?? registered : registered;
  return toFoundPersonView(current);
}

export async function getFoundPerson(deps: ServiceDeps, id: string): Promise<FoundPersonView> {
  const person = await deps.store.foundPersons.findById(id);
  if (!person) throw new NotFoundError(`no found person ${id}`);
  return toFoundPersonView(person);
}

export async function listFoundPersons(deps: ServiceDeps, query: FoundPersonListQuery): Promise<Page<FoundPersonView>> {
  const page = await deps.store.foundPersons.list(query);
  return { ...page, items: page.items.map(toFoundPersonView) };
}
