import { importerActor, importProfilesBulk, openCasesBulk, type Actor, type LabFileSample } from '../../../src/services';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const investigator: Actor = { keyId: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: null };

function sample(sampleId: string, g: Record<string, string[]>): LabFileSample {
  return { sampleId, at: sampleId, body: { sampleId, kind: 'reference', kit: 'custom', genotypes: { ...g, AMEL: ['X', 'Y'] } }, issues: [] };
}

describe('openCasesBulk', () => {
  it('when one family of a bulk batch is impossible, then the whole batch is refused and no case is stored', async () => {
    const t = await createMatchingTestApp();
    try {
      const outcomes = await importProfilesBulk(t.services, importerActor('LAB-01'), [sample('A', nistPerson(210)), sample('B', nistPerson(211))]);
      const ids = new Map(outcomes.flatMap((o) => (o.status === 'accepted' ? [[o.sampleId, o.profileId] as const] : [])));
      const child = { sex: 'male' as const, birthDate: null, missingSince: '2016-05-01', place: 'Kunming' };

      const refused = await openCasesBulk(t.services, investigator, [
        { case: { child }, relatives: [{ profileId: ids.get('A')!, relationship: 'father' }] },
        { case: { child }, relatives: [{ profileId: ids.get('A')!, relationship: 'father' }, { profileId: ids.get('B')!, relationship: 'father' }] },
      ]).then(() => null, (e: { code?: string; errors?: Array<{ path: string }> }) => e);

      expect(refused).toMatchObject({ code: 'RELATIVE_CONFLICT' });
      expect(refused!.errors!.map((e) => e.path)).toEqual(['relatives.1.relationship']);
      expect(await t.store.cases.count()).toBe(0);
    } finally {
      await t.index.close();
      await t.store.close();
    }
  });

  it('when cases are opened in bulk with relatives, then each is stored once with its family, audited as opened and as given its family', async () => {
    const t = await createMatchingTestApp();
    try {
      const outcomes = await importProfilesBulk(t.services, importerActor('LAB-01'), [sample('A', nistPerson(212)), sample('B', nistPerson(213))]);
      const ids = outcomes.flatMap((o) => (o.status === 'accepted' ? [o.profileId] : []));
      const child = { sex: 'female' as const, birthDate: null, missingSince: '2016-05-01', place: 'Kunming' };

      const opened = await openCasesBulk(t.services, investigator, [
        { case: { child }, relatives: [{ profileId: ids[0]!, relationship: 'father' }] },
        { case: { child }, relatives: [{ profileId: ids[1]!, relationship: 'paternalUncle' }] },
      ]);

      expect(opened.map((c) => c.family.relatives.map((r) => r.relationship))).toEqual([['father'], ['paternalUncle']]);
      const stored = await t.store.cases.findById(opened[0]!.id);
      expect(stored).toMatchObject({ version: 1, status: 'open', org: 'PSB-01', family: { lab: 'LAB-01' } });
      expect(await t.store.cases.findIdsByProfileId(ids[1]!)).toEqual([opened[1]!.id]);
      expect((await t.store.audit.list({ targetId: opened[1]!.id, limit: 10, offset: 0 })).items.map((e) => e.action).sort()).toEqual(['case.create', 'case.relative.add']);
      expect(t.index.engine.familyCount).toBe(2);
    } finally {
      await t.index.close();
      await t.store.close();
    }
  });
});
