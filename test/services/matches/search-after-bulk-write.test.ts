import { mulberry32 } from '../../../src/matching';
import {
  importerActor, importProfilesBulk, mendelianChild, openCasesBulk, registerFoundPersonsBulk, searchAfterBulkWrite, type Actor, type LabFileSample,
} from '../../../src/services';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const investigator: Actor = { keyId: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: null };

function sample(sampleId: string, kind: 'reference' | 'found', g: Record<string, string[]>, sex: 'male' | 'female'): LabFileSample {
  return { sampleId, at: sampleId, body: { sampleId, kind, kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } }, issues: [] };
}

async function profileIds(t: Awaited<ReturnType<typeof createMatchingTestApp>>, samples: LabFileSample[]): Promise<Map<string, string>> {
  const outcomes = await importProfilesBulk(t.services, importerActor('LAB-01'), samples);
  return new Map(outcomes.flatMap((o) => (o.status === 'accepted' ? [[o.sampleId, o.profileId] as const] : [])));
}

describe('searchAfterBulkWrite', () => {
  it('when a batch of families and then a batch of found persons are stored, then one pass per batch stores the true match once, with the case and the person moved to candidate', async () => {
    const t = await createMatchingTestApp();
    try {
      const father = nistPerson(200);
      const mother = nistPerson(201);
      const child = mendelianChild(father, mother, mulberry32(7));
      const ids = await profileIds(t, [sample('FA', 'reference', father, 'male'), sample('MO', 'reference', mother, 'female'), sample('X', 'reference', nistPerson(202), 'male')]);
      const opened = await openCasesBulk(t.services, investigator, [
        { case: { child: { sex: 'male', birthDate: null, missingSince: '2016-05-01', place: 'Kunming' } }, relatives: [{ profileId: ids.get('FA')!, relationship: 'father' }, { profileId: ids.get('MO')!, relationship: 'mother' }] },
        { case: { child: { sex: 'female', birthDate: null, missingSince: '2016-05-01', place: 'Kunming' } }, relatives: [{ profileId: ids.get('X')!, relationship: 'father' }] },
      ]);
      const familyPass = await searchAfterBulkWrite(t.services, investigator, { foundPersonIds: [], caseIds: opened.map((c) => c.id) });

      const found = await profileIds(t, [sample('P1', 'found', child, 'male'), sample('P2', 'found', nistPerson(203), 'male')]);
      const persons = await registerFoundPersonsBulk(t.services, investigator, [
        { profileId: found.get('P1')!, foundAt: '2024-01-01', place: 'Xiamen' }, { profileId: found.get('P2')!, foundAt: '2024-01-01', place: 'Xiamen' },
      ]);
      const personPass = await searchAfterBulkWrite(t.services, investigator, { foundPersonIds: persons.map((p) => p.id), caseIds: [] });

      expect(familyPass).toBe(0);
      expect(personPass).toBe(1);
      expect([t.index.engine.familyCount, t.index.engine.foundPersonCount]).toEqual([2, 2]);
      const matches = await t.store.matches.listByCase(opened[0]!.id, { limit: 10, offset: 0 });
      expect(matches.items.map((m) => m.foundPersonId)).toEqual([persons[0]!.id]);
      expect((await t.store.cases.findById(opened[0]!.id))!.status).toBe('candidate');
      expect((await t.store.foundPersons.findById(persons[0]!.id))!.status).toBe('candidate');
      expect((await t.store.audit.list({ targetId: opened[0]!.id, limit: 10, offset: 0 })).items.map((e) => e.action).sort()).toEqual(['case.create', 'case.relative.add']);
    } finally {
      await t.index.close();
      await t.store.close();
    }
  });

  it('when more families than searches in flight are stored in one batch between two batches of their found children, then every family is indexed and matched with its own child only', async () => {
    const t = await createMatchingTestApp();
    try {
      const families = Array.from({ length: 12 }, (_, i) => {
        const father = nistPerson(300 + 2 * i);
        const mother = nistPerson(301 + 2 * i);
        return { key: `F${i}`, father, mother, child: mendelianChild(father, mother, mulberry32(100 + i)) };
      });
      const storeFound = async (batch: typeof families): Promise<Map<string, string>> => {
        const found = await profileIds(t, batch.map((f) => sample(`${f.key}-P`, 'found', f.child, 'male')));
        const persons = await registerFoundPersonsBulk(t.services, investigator, batch.map((f) => ({ profileId: found.get(`${f.key}-P`)!, foundAt: '2024-01-01', place: 'Xiamen' })));
        await searchAfterBulkWrite(t.services, investigator, { foundPersonIds: persons.map((p) => p.id), caseIds: [] });
        return new Map(batch.map((f, k) => [f.key, persons[k]!.id]));
      };

      const foundFirst = await storeFound(families.slice(0, 6));
      const ids = await profileIds(t, families.flatMap((f) => [sample(`${f.key}-FA`, 'reference', f.father, 'male'), sample(`${f.key}-MO`, 'reference', f.mother, 'female')]));
      const opened = await openCasesBulk(t.services, investigator, families.map((f) => ({
        case: { child: { sex: 'male', birthDate: null, missingSince: '2016-05-01', place: 'Kunming' } },
        relatives: [{ profileId: ids.get(`${f.key}-FA`)!, relationship: 'father' }, { profileId: ids.get(`${f.key}-MO`)!, relationship: 'mother' }],
      })));
      const familyPass = await searchAfterBulkWrite(t.services, investigator, { foundPersonIds: [], caseIds: opened.map((c) => c.id) });
      const foundAfter = await storeFound(families.slice(6));

      const own = new Map([...foundFirst, ...foundAfter]);
      const matched = await Promise.all(opened.map(async (c) => (await t.store.matches.listByCase(c.id, { limit: 10, offset: 0 })).items.map((m) => m.foundPersonId)));
      expect(familyPass).toBe(6);
      expect(t.index.engine.familyCount).toBe(families.length);
      expect(matched).toEqual(families.map((f) => [own.get(f.key)]));
      expect((await t.store.audit.list({ action: 'profile.create', limit: 100, offset: 0 })).total).toBe(families.length * 3);
    } finally {
      await t.index.close();
      await t.store.close();
    }
  });
});
