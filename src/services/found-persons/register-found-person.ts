import type { FoundPerson, FoundPersonInput, FoundPersonListQuery, FoundPersonView, Page } from '../../domain';
import { ConflictError, NotFoundError, ValidationError } from '../../lib';
import { searchFamiliesForFoundPerson, type MatchingPorts } from '../matches';
import { toFoundPersonView } from './found-person-views';
import { recordAudit, runTransaction, type Actor, type StoreAccess, type TxContext } from '../shared';

/**
 * Registers a found person (POST /v1/found-persons): a rescued or vagrant child, or an adult who
 * suspects abduction, typed by a profile of kind "found". One found person per profile.
 */
export async function registerFoundPerson(ports: MatchingPorts, actor: Actor, input: FoundPersonInput): Promise<FoundPersonView> {
  const registered = await runTransaction(ports, actor, (ctx) => insertFoundPerson(ctx, input));
  // The new found person is searched against every family at once, so a waiting family meets it
  // without a manual search; candidates change its status.
  const matches = await searchFamiliesForFoundPerson(ports, actor, registered.id);
  const current = matches.length > 0 ? (await ports.store.foundPersons.findById(registered.id)) ?? registered : registered;
  return toFoundPersonView(current);
}

/**
 * Stores a new found person with its audit record in the transaction: the profile must exist, be
 * of kind "found" and type no other found person.
 * @throws ValidationError without the profile; ConflictError `RELATIVE_CONFLICT` / `DUPLICATE_KEY`.
 */
export async function insertFoundPerson(ctx: TxContext, input: FoundPersonInput): Promise<FoundPerson> {
  const { tx, actor } = ctx;
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
}

/**
 * Registers many found persons in one transaction, each under the rules of {@link registerFoundPerson}
 * (all or nothing); the caller searches them afterwards in one pass for the batch
 * (searchAfterBulkWrite) instead of one search each.
 */
export async function registerFoundPersonsBulk(ports: MatchingPorts, actor: Actor, inputs: readonly FoundPersonInput[]): Promise<FoundPersonView[]> {
  const stored = await runTransaction(ports, actor, async (ctx) => {
    const out: FoundPerson[] = [];
    for (const input of inputs) out.push(await insertFoundPerson(ctx, input));
    return out;
  });
  return stored.map(toFoundPersonView);
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
