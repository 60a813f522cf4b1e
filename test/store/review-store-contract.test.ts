import { randomUUID } from 'node:crypto';
import type { MatchReview } from '../../src/domain';
import { ConflictError } from '../../src/lib';
import { type Store } from '../../src/store';
import { contractAdapters } from '../support/store-adapters';
import { aCase, aFoundPerson, aProfile } from '../support/builders';
import { aStatusChange } from '../support/hub-builders';
import { aMatch } from '../support/matching-builders';

/** The contract of the review repository (src/store/review-store.ts) and what reviews need of the others; Mongo runs with MONGODB_URI. */
const adapters = contractAdapters('review');

const T0 = Date.parse('2025-06-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function aReview(matchId: string, over: Partial<MatchReview> = {}): MatchReview {
  return {
    id: `rev_${randomUUID()}`, matchId, caseId: 'case_1', foundPersonId: 'fp_1', decision: 'retest', outcome: 'retestPassed', note: 'new swab',
    actor: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: 'req-1', at: at(0), matchStatusBefore: 'retest', matchStatusAfter: 'candidate',
    retest: {
      profileId: 'prf_new', replacedProfileId: 'prf_old', subject: 'relative', individualId: 'FA',
      previous: { LR: 2e7, log10LR: Math.log10(2e7), inconsistentLoci: 0, lociCompared: 15, meetsPolicy: true, policyVersion: 1, scoredAt: at(-5) },
      rescored: { LR: null, log10LR: 308, inconsistentLoci: 1, lociCompared: 24, meetsPolicy: true, policyVersion: 2, scoredAt: at(0) },
    },
    ...over,
  };
}

describe.each(adapters)('Review store contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  async function storedMatch(): Promise<string> {
    const c = aCase();
    const profile = aProfile({ kind: 'found' });
    await store.cases.insert(c);
    await store.profiles.insert(profile);
    const person = aFoundPerson(profile.id);
    await store.foundPersons.insert(person);
    return (await store.matches.upsert(aMatch(c.id, person.id))).id;
  }

  it('when reviews are inserted, then a match lists its own oldest first, unchanged, and a second insert of an id is a DUPLICATE_KEY conflict', async () => {
    const matchId = await storedMatch();
    const otherId = await storedMatch();
    const late = aReview(matchId, { at: at(20), decision: 'confirm', outcome: 'confirmed', retest: null, note: null, requestId: null });
    const early = aReview(matchId, { at: at(10) });
    const other = aReview(otherId);
    for (const r of [late, early, other]) await store.reviews.insert(r);

    expect(await store.reviews.listByMatch(matchId)).toEqual([early, late]);
    expect(await store.reviews.listByMatch('match_none')).toEqual([]);
    await expect(store.reviews.insert({ ...early, note: 'again' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('when a review is inserted inside a failed transaction, then it is not stored', async () => {
    const matchId = await storedMatch();

    await expect(store.transaction(async (tx) => {
      await tx.reviews.insert(aReview(matchId));
      throw new Error('refused later in the use case');
    })).rejects.toThrow('refused later');

    expect(await store.reviews.listByMatch(matchId)).toEqual([]);
  });

  it('when a found person\'s profile is replaced by a re-sample, then the update stores it and the profile finds the person', async () => {
    const first = aProfile({ kind: 'found' });
    const resample = aProfile({ kind: 'found' });
    await store.profiles.insert(first);
    await store.profiles.insert(resample);
    const person = aFoundPerson(first.id);
    await store.foundPersons.insert(person);

    await store.foundPersons.update({ ...person, profileId: resample.id, version: 2 });

    expect((await store.foundPersons.findById(person.id))!.profileId).toBe(resample.id);
    expect((await store.foundPersons.findByProfileId(resample.id))!.id).toBe(person.id);
    expect(await store.foundPersons.findByProfileId(first.id)).toBeNull();
  });

  it('when the found person\'s profile was replaced after the first candidate, then upload-to-candidate counts from the registration, never negative', async () => {
    const resample = aProfile({ kind: 'found', createdAt: at(7_000) });
    await store.profiles.insert(resample);
    const person = aFoundPerson(resample.id, { createdAt: at(1_000) });
    await store.foundPersons.insert(person);
    await store.statusChanges.append(aStatusChange({ entityType: 'foundPerson', entityId: person.id, from: 'unidentified', to: 'candidate', at: at(4_000) }));

    expect(await store.statusChanges.medianUploadToCandidateMs()).toBe(3_000);
  });
});
