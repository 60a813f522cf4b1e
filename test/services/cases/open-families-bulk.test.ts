import type { Genotypes } from '../../../src/domain';
import { mulberry32 } from '../../../src/matching';
import { importerActor, mendelianChild, openFamiliesBulk, type Actor, type FamilyWithSamples, type LabFileSample } from '../../../src/services';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const investigator: Actor = { keyId: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: null };
const lab = importerActor('LAB-01');

function sample(sampleId: string, g: Genotypes, sex: 'male' | 'female'): LabFileSample {
  return { sampleId, at: `line ${sampleId}`, body: { sampleId, kind: 'reference', kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } }, issues: [] };
}

function trio(key: string, father: Genotypes, mother: Genotypes): FamilyWithSamples {
  return {
    case: { child: { sex: 'male', birthDate: null, missingSince: '2016-05-01', place: 'Kunming' } },
    members: [{ sample: sample(`${key}-FA`, father, 'male'), relationship: 'father' }, { sample: sample(`${key}-MO`, mother, 'female'), relationship: 'mother' }],
  };
}

describe('openFamiliesBulk', () => {
  it('when a batch of families is stored, then each profile is audited as created by the lab, each case as opened by the investigator, and the index finds every family from its own child', async () => {
    const t = await createMatchingTestApp();
    try {
      const parents = Array.from({ length: 10 }, (_, i) => ({ father: nistPerson(400 + 2 * i), mother: nistPerson(401 + 2 * i) }));

      const opened = await openFamiliesBulk(t.services, lab, investigator, parents.map((p, i) => trio(`F${i}`, p.father, p.mother)));
      await t.index.catchUp();

      const found = await Promise.all(parents.map(async (p, i) => {
        const child = mendelianChild(p.father, p.mother, mulberry32(500 + i));
        return (await t.index.engine.searchFamilies(child)).candidates.map((c) => c.key);
      }));
      expect(found).toEqual(opened.map((c) => [c.id]));
      expect(opened.map((c) => c.family.relatives.map((r) => r.relationship))).toEqual(parents.map(() => ['father', 'mother']));
      const created = await t.store.audit.list({ action: 'profile.create', limit: 100, offset: 0 });
      expect([created.total, new Set(created.items.map((e) => `${e.actor}/${e.org}`))]).toEqual([20, new Set(['system:importer/LAB-01'])]);
      const cases = await t.store.audit.list({ action: 'case.create', limit: 100, offset: 0 });
      expect([cases.total, new Set(cases.items.map((e) => `${e.actor}/${e.org}`))]).toEqual([10, new Set(['key_inv/PSB-01'])]);
    } finally {
      await t.index.close();
      await t.store.close();
    }
  });

  it('when one sample of the batch has an invalid allele, then the error names that sample and nothing of the batch is stored', async () => {
    const t = await createMatchingTestApp();
    try {
      const good = trio('F0', nistPerson(420), nistPerson(421));
      const bad = trio('F1', { ...nistPerson(422), TH01: ['9.3', 'x7'] }, nistPerson(423));

      const refused = await openFamiliesBulk(t.services, lab, investigator, [good, bad]).then(() => null, (e: { code?: string; detail?: string; errors?: Array<{ locus?: string }> }) => e);

      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(refused!.detail).toContain('F1-FA');
      expect(refused!.errors!.map((e) => e.locus)).toEqual(['TH01']);
      expect(await t.store.countRecords()).toMatchObject({ profiles: 0, cases: 0 });
    } finally {
      await t.index.close();
      await t.store.close();
    }
  });
});
