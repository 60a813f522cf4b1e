import { mulberry32 } from '../../../src/matching';
import {
  addRelative, autosomalGenotypes, familyInput, getJob, mendelianChild, openCase, registerFoundPerson, registerProfile, startRescore,
} from '../../../src/services';
import type { Actor } from '../../../src/services';
import type { Genotypes } from '../../../src/domain';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const investigator: Actor = { keyId: 'key_inv', role: 'investigator', org: 'PSB-01', requestId: null };
const lab: Actor = { keyId: 'key_lab', role: 'lab', org: 'LAB-01', requestId: null };

describe('re-scoring after a model change', () => {
  it('when a found person brings an allele the frequency table lacks, then the stored matches are re-scored with the renormalised locus', async () => {
    const t = await createMatchingTestApp();
    try {
      const deps = t.services;
      const upload = async (g: Genotypes, kind: 'reference' | 'found', sex: 'male' | 'female') =>
        (await registerProfile(deps, lab, { sampleId: `S-${Math.random()}`, kind, kit: 'custom', genotypes: { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] } })).profile.id;
      const father = nistPerson(200);
      const mother = nistPerson(201);
      const son = mendelianChild(father, mother, mulberry32(7));
      const caseId = (await openCase(deps, investigator, { child: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Kunming' } })).id;
      await addRelative(deps, investigator, caseId, { profileId: await upload(father, 'reference', 'male'), relationship: 'father' });
      await addRelative(deps, investigator, caseId, { profileId: await upload(mother, 'reference', 'female'), relationship: 'mother' });
      await registerFoundPerson(deps, investigator, { profileId: await upload(son, 'found', 'male'), foundAt: '2024-01-01', place: 'Xiamen' });
      await deps.jobs.idle();
      const [before] = (await t.store.matches.listByCase(caseId, { limit: 10, offset: 0 })).items;
      expect(before).toBeDefined();
      const generation = t.index.engine.stats().panelGeneration;

      // An unrelated found person typed with an allele no table lists (D3S1358 30.3).
      const stranger = { ...nistPerson(202), D3S1358: ['30.3', '15'] };
      await registerFoundPerson(deps, investigator, { profileId: await upload(stranger, 'found', 'male'), foundAt: '2024-02-01', place: 'Xiamen' });
      await deps.jobs.idle();

      const [after] = (await t.store.matches.listByCase(caseId, { limit: 10, offset: 0 })).items;
      expect(t.index.engine.stats().panelGeneration).toBeGreaterThan(generation);
      expect(after!.id).toBe(before!.id);
      expect(after!.version).toBeGreaterThan(before!.version);
      // The stored match is the engine's score of the pair under the renormalised table.
      const family = (await t.store.cases.findFamily(caseId))!;
      const fresh = (await t.index.engine.score(familyInput(family), autosomalGenotypes(son)))!;
      expect(after!.lr).toBeCloseTo(fresh.LR, 6);
      expect(after!.loci.map((l) => [l.locus, l.LR])).toEqual(fresh.loci.map((l) => [l.locus, l.LR]));
      // D3S1358 gained an allele at the minimum frequency, so its other alleles' frequencies went
      // down (each divided by the new sum) and the shared ones' LR went up; other loci are untouched.
      const lrAt = (m: typeof before, locus: string) => m!.loci.find((l) => l.locus === locus)!.LR!;
      expect(lrAt(after, 'D3S1358')).toBeGreaterThan(lrAt(before, 'D3S1358'));
      expect(lrAt(after, 'D8S1179')).toBe(lrAt(before, 'D8S1179'));
    } finally {
      await t.close();
    }
  });

  it('when another replica\'s re-score job holds the re-score lease, then a new job waits for it and runs once it is released', async () => {
    const t = await createMatchingTestApp();
    try {
      await t.store.leases.acquire('rescore', 'job_of_another_replica', 120_000, new Date());

      const job = await startRescore(t.services, 'test');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = await getJob(t.services, job.id);
      await t.store.leases.release('rescore', 'job_of_another_replica');
      await t.services.jobs.idle();

      expect(waiting.status).toBe('queued');
      expect((await getJob(t.services, job.id)).status).toBe('succeeded');
      expect(await t.store.leases.holder('rescore', new Date())).toBeNull();
    } finally {
      await t.close();
    }
  });
});
