import { mulberry32 } from '../../../src/matching';
import { addRelative, closeCase, mendelianChild, openCase, registerFoundPerson, registerProfile, SearchIndex } from '../../../src/services';
import type { Actor } from '../../../src/services';
import { readMutationRates } from '../../../src/main';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const investigator: Actor = { keyId: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: null };
const lab: Actor = { keyId: 'key_lab', role: 'lab', org: 'LAB-01', requestId: null };

describe('SearchIndex', () => {
  it('when writes change families and found persons, then the index follows them, and a restart rebuilds the same index from the store', async () => {
    const first = await createMatchingTestApp();
    const { dir } = first;
    const father = nistPerson(100);
    const mother = nistPerson(101);
    const son = mendelianChild(father, mother, mulberry32(12));
    let caseId: string;
    try {
      const deps = first.services;
      const upload = async (g: Record<string, string[]>, kind: 'reference' | 'found', sex: 'male' | 'female') =>
        (await registerProfile(deps, lab, { sampleId: `S-${Math.random()}`, kind, kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } })).profile.id;
      caseId = (await openCase(deps, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      const other = (await openCase(deps, investigator, { child: { sex: 'female', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      await addRelative(deps, investigator, other, { profileId: await upload(nistPerson(102), 'reference', 'male'), relationship: 'father' });
      expect(first.index.engine.familyCount).toBe(1);

      await addRelative(deps, investigator, caseId, { profileId: await upload(father, 'reference', 'male'), relationship: 'father' });
      const asDuo = await first.index.engine.searchFamilies(son);
      await addRelative(deps, investigator, caseId, { profileId: await upload(mother, 'reference', 'female'), relationship: 'mother' });
      const asTrio = await first.index.engine.searchFamilies(son);
      await registerFoundPerson(deps, investigator, { profileId: await upload(nistPerson(103), 'found', 'male'), foundAt: '2024-01-01', place: 'Xiamen' });

      expect(asDuo.candidates.map((c) => [c.key, c.shape])).toEqual([[caseId, 'father']]);
      expect(asTrio.candidates.map((c) => [c.key, c.shape])).toEqual([[caseId, 'father+mother']]);
      expect(asTrio.candidates[0]!.LR).toBeGreaterThan(asDuo.candidates[0]!.LR);
      expect(first.index.engine.familyCount).toBe(2);
      expect(first.index.engine.foundPersonCount).toBe(1);

      await closeCase(deps, investigator, other, { status: 'closedNoReunion', reason: 'familyWithdrew' });
      expect(first.index.engine.familyCount).toBe(1);
    } finally {
      await first.index.close();
      await first.store.close();
    }

    // Restart: a new process opens the same database file and builds the index again.
    const store = EmbeddedStore.open({ dataDir: dir });
    const policy = (await store.searchPolicies.current())!;
    const rebuilt = await SearchIndex.build(store, policy, { workers: 0, mutationRates: readMutationRates() });
    try {
      expect(rebuilt.engine.familyCount).toBe(1);
      expect(rebuilt.engine.foundPersonCount).toBe(1);
      const again = await rebuilt.engine.searchFamilies(son);
      expect(again.candidates.map((c) => [c.key, c.shape])).toEqual([[caseId, 'father+mother']]);
      expect(rebuilt.buildMs).toBeGreaterThan(0);
    } finally {
      await rebuilt.close();
      await store.close();
    }
  });

  it('when a case or a found person is written straight through the store, then the index follows the change feed without any call', async () => {
    const t = await createMatchingTestApp();
    try {
      const deps = t.services;
      const profileId = (await registerProfile(deps, lab, { sampleId: 'S-F', kind: 'reference', kit: 'custom', genotypes: { ...nistPerson(110), AMEL: ['X', 'Y'] } })).profile.id;
      const caseId = (await openCase(deps, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      await addRelative(deps, investigator, caseId, { profileId, relationship: 'father' });
      const foundProfile = (await registerProfile(deps, lab, { sampleId: 'S-P', kind: 'found', kit: 'custom', genotypes: { ...nistPerson(111), AMEL: ['X', 'Y'] } })).profile.id;
      await registerFoundPerson(deps, investigator, { profileId: foundProfile, foundAt: '2024-01-01', place: 'Xiamen' });
      expect([t.index.engine.familyCount, t.index.engine.foundPersonCount]).toEqual([1, 1]);

      const c = (await t.store.cases.findById(caseId))!;
      await t.store.transaction(async (tx) => tx.cases.update({ ...c, status: 'closedNoReunion', version: c.version + 1 }));
      const person = (await t.store.foundPersons.findByProfileId(foundProfile))!;
      await t.store.foundPersons.update({ ...person, status: 'identified', version: person.version + 1 });

      expect([t.index.engine.familyCount, t.index.engine.foundPersonCount]).toEqual([0, 0]);
      expect(t.index.followError).toBeNull();
    } finally {
      await t.close();
    }
  });
});
