import request from 'supertest';
import { mulberry32 } from '../../../src/matching';
import { mendelianChild } from '../../../src/services';
import { createMatchingTestApp, nistPerson, type MatchingTestApp } from '../../support/matching-app';

describe('matching API', () => {
  let t: MatchingTestApp;

  beforeEach(async () => {
    t = await createMatchingTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const child = { sex: 'male', birthDate: '2014-02-03', missingSince: '2019-07-21', place: 'Dongguan, Guangdong' };

  async function profile(genotypes: Record<string, string[]>, kind: 'reference' | 'found', sex: 'male' | 'female'): Promise<string> {
    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send({
      sampleId: `S-${Math.random().toString(36).slice(2, 10)}`, kind, kit: 'custom', genotypes: { ...genotypes, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** A case whose father and mother are typed (NIST rows a, b); returns the case id and their son's genotypes. */
  async function trioCase(a: number, b: number, seed: number, alertId = `TY-${a}-${b}`): Promise<{ caseId: string; son: Record<string, string[]> }> {
    const father = nistPerson(a);
    const mother = nistPerson(b);
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, alertId });
    for (const [id, relationship] of [[await profile(father, 'reference', 'male'), 'father'], [await profile(mother, 'reference', 'female'), 'mother']]) {
      const added = await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator).send({ profileId: id, relationship });
      expect(added.status).toBe(201);
    }
    return { caseId: opened.body.id, son: mendelianChild(father, mother, mulberry32(seed)) };
  }

  async function registerFound(genotypes: Record<string, string[]>): Promise<{ id: string; status: string }> {
    const res = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId: await profile(genotypes, 'found', 'male'), foundAt: '2024-05-04', place: 'Shenzhen' });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('when a found person is the child of a stored family, then registering him stores one candidate with its breakdown, moves both to candidate and tells the hub', async () => {
    const { caseId, son } = await trioCase(1, 2, 7);
    await trioCase(3, 4, 8);

    const found = await registerFound(son);

    expect(found.status).toBe('candidate');
    const list = await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const match = list.body.items[0];
    expect(match).toMatchObject({ caseId, foundPersonId: found.id, status: 'candidate', meetsPolicy: true, policyVersion: 1, familyShape: 'father+mother' });
    expect(match.LR).toBeGreaterThanOrEqual(1e4);
    expect(match.inconsistentLoci).toBe(0);
    expect(match.lociCompared).toBe(29);
    expect(match.loci).toHaveLength(29);
    expect(match.loci.every((l: { status: string; compared: boolean }) => l.status === 'consistent' && l.compared)).toBe(true);
    expect(match.log10LR).toBeCloseTo(match.loci.reduce((s: number, l: { log10LR: number }) => s + l.log10LR, 0), 9);
    expect(match.expectedAdventitious).toBeCloseTo(2 / match.LR, 12);
    expect(match.databaseSize).toBe(2);
    expect((await request(t.app).get(`/v1/cases/${caseId}`).set(t.auth.investigator)).body.status).toBe('candidate');
    expect((await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator)).body.items.map((m: { id: string }) => m.id)).toEqual([match.id]);
    const single = (await request(t.app).get(`/v1/matches/${match.id}`).set(t.auth.investigator)).body;
    const { unrelatedDistribution, ...listed } = single;
    expect(listed).toEqual(match);
    expect(unrelatedDistribution.log10LR.length).toBe(unrelatedDistribution.exceedance.length);
    const events = await t.store.outbox.listEventsOfCase(caseId);
    expect(events.map((e) => e.type)).toEqual(['candidate.found']);
    expect(events[0]!.data).toEqual({ caseId, alertId: 'TY-1-2', foundPersonId: found.id, matchId: match.id, lrBand: match.LR >= 1e9 ? '>=1e9' : match.LR >= 1e6 ? '1e6-1e9' : '1e4-1e6' });
    expect(JSON.stringify(events[0]!.data)).not.toMatch(/D3S1358|genotype/i);
  });

  it('when the family is completed after the found person was registered, then the family\'s search finds him (reverse search)', async () => {
    const father = nistPerson(10);
    const mother = nistPerson(11);
    const son = mendelianChild(father, mother, mulberry32(3));
    const found = await registerFound(son);
    expect(found.status).toBe('unidentified');
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child });

    const added = await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator)
      .send({ profileId: await profile(father, 'reference', 'male'), relationship: 'father' });

    expect(added.body.status).toBe('candidate');
    const list = await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator);
    expect(list.body.items).toEqual([expect.objectContaining({ caseId: opened.body.id, familyShape: 'father', inconsistentLoci: 0 })]);
    expect((await request(t.app).get(`/v1/found-persons/${found.id}`).set(t.auth.investigator)).body.status).toBe('candidate');
  });

  it('when an unrelated person is registered, then no match is stored and nothing changes status', async () => {
    const { caseId } = await trioCase(20, 21, 1);

    const found = await registerFound(nistPerson(22));

    expect(found.status).toBe('unidentified');
    expect((await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.total).toBe(0);
    expect(await t.store.matches.count()).toBe(0);
  });

  it('when an investigator searches ad hoc, then the family is returned with its LR and nothing is stored', async () => {
    const { caseId, son } = await trioCase(30, 31, 5);

    const res = await request(t.app).post('/v1/search').set(t.auth.investigator).send({ genotypes: son });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ direction: 'families', searched: 1, policyVersion: 1 });
    expect(res.body.candidates).toEqual([expect.objectContaining({ caseId, familyShape: 'father+mother', inconsistentLoci: 0 })]);
    expect(await t.store.matches.count()).toBe(0);
    const audit = await t.store.audit.list({ action: 'search.adhoc', limit: 5, offset: 0 });
    expect(audit.total).toBe(1);
  });

  it('when an ad hoc family is searched against the found persons, then its child is found; a lab key may not search and a bad locus is a 400', async () => {
    const father = nistPerson(40);
    const son = mendelianChild(father, nistPerson(41), mulberry32(9));
    const found = await registerFound(son);

    const res = await request(t.app).post('/v1/search').set(t.auth.investigator).send({
      family: {
        individuals: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'C', father: 'F', mother: 'M', sex: 'male' }],
        missing: 'C',
        genotypes: { F: father },
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.candidates.map((c: { foundPersonId: string }) => c.foundPersonId)).toEqual([found.id]);
    expect((await request(t.app).post('/v1/search').set(t.auth.lab).send({ genotypes: son })).status).toBe(403);
    const bad = await request(t.app).post('/v1/search').set(t.auth.investigator).send({ genotypes: { D99S999: ['1', '2'] } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('when an admin sets a stricter policy, then a new version is stored and the background job re-scores every match with its progress', async () => {
    const { caseId, son } = await trioCase(50, 51, 11);
    await registerFound(son);
    const before = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items[0];
    const current = (await request(t.app).get('/v1/search-policy').set(t.auth.admin)).body;

    const res = await request(t.app).put('/v1/search-policy').set(t.auth.admin)
      .send({ ...current, version: undefined, createdAt: undefined, createdBy: undefined, thresholdLr: before.LR * 10 });

    expect(res.status).toBe(200);
    expect(res.body.policy).toMatchObject({ version: 2, thresholdLr: before.LR * 10 });
    await t.services.jobs.wait(res.body.rescoreJobId);
    const job = await request(t.app).get(`/v1/jobs/${res.body.rescoreJobId}`).set(t.auth.admin);
    expect(job.body).toMatchObject({ status: 'succeeded', total: 1, done: 1, progress: 1 });
    const after = (await request(t.app).get(`/v1/matches/${before.id}`).set(t.auth.investigator)).body;
    expect(after).toMatchObject({ id: before.id, status: 'candidate', policyVersion: 2, meetsPolicy: false });
    expect(after.log10LR).toBeCloseTo(before.log10LR, 9);
    expect((await request(t.app).put('/v1/search-policy').set(t.auth.investigator).send(current)).status).toBe(403);
  });

  it('when the policy names a table that does not exist, then it is a 400 and the version stays', async () => {
    const current = (await request(t.app).get('/v1/search-policy').set(t.auth.admin)).body;
    const { version: _v, createdAt: _c, createdBy: _b, ...input } = current;

    const res = await request(t.app).put('/v1/search-policy').set(t.auth.admin).send({ ...input, frequencyTable: 'martian' });

    expect(res.status).toBe(400);
    expect((await request(t.app).get('/v1/search-policy').set(t.auth.investigator)).body.version).toBe(1);
  });

  it('when candidates of an unknown case or match are asked for, then it is a 404 problem', async () => {
    expect((await request(t.app).get('/v1/cases/case_none/candidates').set(t.auth.investigator)).status).toBe(404);
    expect((await request(t.app).get('/v1/matches/match_none').set(t.auth.investigator)).status).toBe(404);
    expect((await request(t.app).get('/v1/found-persons/fp_none/candidates').set(t.auth.investigator)).status).toBe(404);
  });
});
