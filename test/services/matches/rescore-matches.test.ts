import { mulberry32 } from '../../../src/matching';
import { addRelative, mendelianChild, openCase, registerFoundPerson, registerProfile } from '../../../src/services';
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
      const locus = (m: typeof before) => m!.loci.find((l) => l.locus === 'D3S1358')!.LR!;
      expect(locus(after)).not.toBe(locus(before));
      const other = (m: typeof before) => m!.loci.find((l) => l.locus === 'D8S1179')!.LR;
      expect(other(after)).toBe(other(before));
    } finally {
      await t.close();
    }
  });
});
