import request from 'supertest';
import type { Genotypes } from '../../../src/domain';
import { mulberry32 } from '../../../src/matching';
import { createApiKey, mendelianChild, SYSTEM_ACTOR } from '../../../src/services';
import { createMatchingTestApp, nistPerson, type MatchingTestApp } from '../../support/matching-app';

/**
 * Reviews over real matches: the matching engine finds the child of a trio built by Mendelian
 * transmission from real NIST 1036 genotypes; re-tests re-score through the engine.
 */
describe('match review API with the matching engine', () => {
  let t: MatchingTestApp;

  afterEach(async () => {
    await t.close();
  });

  const child = { sex: 'male', birthDate: '2014-02-03', missingSince: '2019-07-21', place: 'Dongguan, Guangdong' };
  /** The 15 STR loci of Identifiler: a re-sample typed with a smaller kit than the first profile. */
  const IDENTIFILER = ['D8S1179', 'D21S11', 'D7S820', 'CSF1PO', 'D3S1358', 'TH01', 'D13S317', 'D16S539', 'D2S1338', 'D19S433', 'vWA', 'TPOX', 'D18S51', 'D5S818', 'FGA'];

  async function profile(genotypes: Genotypes, kind: 'reference' | 'found', sex: 'male' | 'female'): Promise<string> {
    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send({
      sampleId: `S-${Math.random().toString(36).slice(2, 10)}`, kind, kit: 'custom', genotypes: { ...genotypes, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** A trio case (NIST rows a, b as parents) and their son registered as found: one candidate match. */
  async function candidate(a: number, b: number, seed: number): Promise<{ caseId: string; foundPersonId: string; matchId: string; son: Genotypes }> {
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, alertId: `TY-${a}-${b}` });
    const father = nistPerson(a);
    const mother = nistPerson(b);
    for (const [id, relationship] of [[await profile(father, 'reference', 'male'), 'father'], [await profile(mother, 'reference', 'female'), 'mother']]) {
      expect((await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator).send({ profileId: id, relationship })).status).toBe(201);
    }
    const son = mendelianChild(father, mother, mulberry32(seed));
    const found = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId: await profile(son, 'found', 'male'), foundAt: '2024-05-04', place: 'Shenzhen' });
    expect(found.body.status).toBe('candidate');
    const list = await request(t.app).get(`/v1/cases/${opened.body.id}/candidates`).set(t.auth.investigator);
    expect(list.body.total).toBe(1);
    return { caseId: opened.body.id, foundPersonId: found.body.id, matchId: list.body.items[0].id, son };
  }

  const review = (matchId: string, body: Record<string, unknown>, auth = t.auth.investigator) =>
    request(t.app).post(`/v1/matches/${matchId}/reviews`).set(auth).send(body);

  it('when the found person is re-sampled with a smaller kit, then the engine re-scores the match, it returns to candidate, the history keeps both scorings and a re-test-first policy then allows the confirmation', async () => {
    t = await createMatchingTestApp({ servicePolicy: { requireRetestBeforeConfirm: true } });
    const { caseId, foundPersonId, matchId, son } = await candidate(60, 61, 3);
    const first = (await request(t.app).get(`/v1/matches/${matchId}`).set(t.auth.investigator)).body;
    const firstProfileId = (await request(t.app).get(`/v1/found-persons/${foundPersonId}`).set(t.auth.investigator)).body.profileId;
    const resampled = Object.fromEntries(IDENTIFILER.map((l) => [l, son[l]!]));
    // Independent path to the expected score: an ad hoc search of the re-sample (stores nothing).
    const adHoc = (await request(t.app).post('/v1/search').set(t.auth.investigator).send({ genotypes: resampled })).body.candidates
      .find((c: { caseId: string }) => c.caseId === caseId);
    const resampleId = await profile(resampled, 'found', 'male');
    expect((await review(matchId, { decision: 'confirm' })).body.type).toBe('urn:reunion:RETEST_REQUIRED');

    const res = await review(matchId, { decision: 'retest', retestProfileId: resampleId, note: 'blood sample, second lab' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ review: { outcome: 'retestPassed', matchStatusBefore: 'candidate', matchStatusAfter: 'candidate' }, caseStatus: 'candidate', foundPersonStatus: 'candidate' });
    const { retest } = res.body.review;
    expect(retest).toMatchObject({ profileId: resampleId, subject: 'foundPerson', individualId: null, replacedProfileId: firstProfileId });
    expect(retest.previous).toMatchObject({ log10LR: first.log10LR, lociCompared: 29, meetsPolicy: true });
    expect(retest.rescored).toMatchObject({ lociCompared: 15, inconsistentLoci: 0, meetsPolicy: true });
    expect(retest.rescored.log10LR).toBeCloseTo(adHoc.log10LR, 9);
    expect(retest.rescored.log10LR).toBeLessThan(retest.previous.log10LR);
    expect((await request(t.app).get(`/v1/found-persons/${foundPersonId}`).set(t.auth.investigator)).body.profileId).toBe(resampleId);
    const history = (await request(t.app).get(`/v1/matches/${matchId}/reviews`).set(t.auth.investigator)).body;
    expect(history.changes.map((c: { from: string; to: string; reason: string }) => [c.from, c.to, c.reason])).toEqual([
      ['candidate', 'retest', 'review.retest'], ['retest', 'candidate', 'retest.passed'],
    ]);
    expect((await request(t.app).get(`/v1/matches/${matchId}`).set(t.auth.investigator)).body.lociCompared).toBe(15);

    const confirmed = await review(matchId, { decision: 'confirm' });

    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ caseStatus: 'reunited', foundPersonStatus: 'identified' });
  });

  it('when a re-test was asked for and the re-sampled father is another man, then the match is rejected, the case reopens, the person is unidentified and the family is typed by the new profile', async () => {
    t = await createMatchingTestApp();
    const { caseId, foundPersonId, matchId } = await candidate(70, 71, 5);
    expect((await review(matchId, { decision: 'retest' })).body.caseStatus).toBe('retestRequested');
    const otherMan = await profile(nistPerson(72), 'reference', 'male');

    const res = await review(matchId, { decision: 'retest', retestProfileId: otherMan, retestIndividualId: 'FA' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ review: { outcome: 'retestExcluded', matchStatusBefore: 'retest', matchStatusAfter: 'rejected' }, caseStatus: 'open', foundPersonStatus: 'unidentified' });
    expect(res.body.review.retest.rescored.meetsPolicy).toBe(false);
    expect(res.body.review.retest.rescored.inconsistentLoci).toBeGreaterThan(2);
    expect(res.body.review.retest).toMatchObject({ subject: 'relative', individualId: 'FA', previous: { meetsPolicy: true } });
    const family = (await request(t.app).get(`/v1/cases/${caseId}`).set(t.auth.investigator)).body.family;
    expect(family.pedigree.typed.FA).toBe(otherMan);
    expect(family.relatives.find((r: { individualId: string }) => r.individualId === 'FA').profileId).toBe(otherMan);
    expect((await t.store.statusChanges.listFor('case', caseId)).map((c) => `${c.from}>${c.to}`)).toEqual(['open>candidate', 'candidate>retestRequested', 'retestRequested>open']);
    expect((await request(t.app).get(`/v1/found-persons/${foundPersonId}/candidates`).set(t.auth.investigator)).body.items.map((m: { status: string }) => m.status)).toEqual(['rejected']);
  });

  it('when a re-sampled relative replaces the father, then the other open matches of the case are scored again with the new profile', async () => {
    t = await createMatchingTestApp();
    const { caseId, matchId } = await candidate(80, 81, 7);
    const brother = mendelianChild(nistPerson(80), nistPerson(81), mulberry32(8));
    const second = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId: await profile(brother, 'found', 'male'), foundAt: '2024-06-01', place: 'Huizhou' });
    const other = (await request(t.app).get(`/v1/found-persons/${second.body.id}/candidates`).set(t.auth.investigator)).body.items[0];
    expect(other).toMatchObject({ caseId, status: 'candidate', meetsPolicy: true, inconsistentLoci: 0 });
    const otherMan = await profile(nistPerson(82), 'reference', 'male');

    const res = await review(matchId, { decision: 'retest', retestProfileId: otherMan, retestIndividualId: 'FA' });

    expect(res.status).toBe(201);
    expect(res.body.review.outcome).toBe('retestExcluded');
    const rescored = (await request(t.app).get(`/v1/matches/${other.id}`).set(t.auth.investigator)).body;
    const adHoc = (await request(t.app).post('/v1/search').set(t.auth.investigator).send({ genotypes: brother })).body.candidates
      .find((c: { caseId: string }) => c.caseId === caseId);
    expect(adHoc).toBeUndefined();
    expect(rescored).toMatchObject({ id: other.id, status: 'candidate', meetsPolicy: false });
    expect(rescored.inconsistentLoci).toBeGreaterThan(2);
    expect(rescored.log10LR).toBeLessThan(other.log10LR);
  });

  it('when the re-sample does not fit, then it is a 409 RETEST_PROFILE_CONFLICT (or 400 for no profile) and nothing is stored', async () => {
    t = await createMatchingTestApp();
    const { caseId, foundPersonId, matchId, son } = await candidate(80, 81, 9);
    const before = { match: await t.store.matches.findById(matchId), c: await t.store.cases.findById(caseId), person: await t.store.foundPersons.findById(foundPersonId) };
    const femaleFound = await profile(son, 'found', 'female');
    const relative = await profile(nistPerson(82), 'reference', 'male');

    const wrongSex = await review(matchId, { decision: 'retest', retestProfileId: femaleFound });
    const whichRelative = await review(matchId, { decision: 'retest', retestProfileId: relative });
    const notTyped = await review(matchId, { decision: 'retest', retestProfileId: relative, retestIndividualId: 'PGF' });
    const missing = await review(matchId, { decision: 'retest', retestProfileId: 'prf_none' });

    for (const res of [wrongSex, whichRelative, notTyped]) expect(res.body).toMatchObject({ status: 409, type: 'urn:reunion:RETEST_PROFILE_CONFLICT' });
    expect(whichRelative.body.detail).toContain('FA, MO');
    expect(missing.status).toBe(400);
    expect({ match: await t.store.matches.findById(matchId), c: await t.store.cases.findById(caseId), person: await t.store.foundPersons.findById(foundPersonId) }).toEqual(before);
    expect(await t.store.reviews.listByMatch(matchId)).toEqual([]);
  });

  it('when a re-test comes between two confirmations, then the earlier confirmation no longer counts and two investigators must confirm the re-scored match', async () => {
    t = await createMatchingTestApp({ servicePolicy: { requireTwoInvestigators: true } });
    const second = { Authorization: `Bearer ${(await createApiKey(t.services, SYSTEM_ACTOR, { role: 'investigator', org: 'PSB-02' })).key}` };
    const { matchId, son } = await candidate(90, 91, 13);
    expect((await review(matchId, { decision: 'confirm' })).body.confirmations).toEqual({ given: 1, required: 2 });
    await review(matchId, { decision: 'retest', retestProfileId: await profile(son, 'found', 'male') }, second);

    const afterRetest = await review(matchId, { decision: 'confirm' }, second);
    const completed = await review(matchId, { decision: 'confirm' });

    expect(afterRetest.body).toMatchObject({ review: { outcome: 'confirmationPending' }, confirmations: { given: 1, required: 2 } });
    expect(completed.body).toMatchObject({ review: { outcome: 'confirmed' }, match: { status: 'confirmed' }, caseStatus: 'reunited' });
  });

  it('when profiles are uploaded, found, confirmed at known times, then the statistics give the medians of those times', async () => {
    const HOUR = 3_600_000;
    const T0 = Date.parse('2025-04-01T00:00:00.000Z');
    let clockMs = T0;
    t = await createMatchingTestApp({ now: () => new Date(clockMs) });
    // Case 1: the son's profile is uploaded at t0, he is registered at t0+1h (candidate at once), confirmed at t0+5h.
    const father = nistPerson(100);
    const mother = nistPerson(101);
    const son = mendelianChild(father, mother, mulberry32(17));
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, alertId: 'TY-STATS-1' });
    for (const [id, relationship] of [[await profile(father, 'reference', 'male'), 'father'], [await profile(mother, 'reference', 'female'), 'mother']]) {
      await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator).send({ profileId: id, relationship });
    }
    const sonProfile = await profile(son, 'found', 'male');
    clockMs = T0 + HOUR;
    await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId: sonProfile, foundAt: '2025-03-30', place: 'Xiamen' });
    // Case 2: a found child registered at t0+1h whose father's profile arrives at t0+4h (reverse search: candidate at t0+4h).
    const father2 = nistPerson(102);
    const son2 = mendelianChild(father2, nistPerson(103), mulberry32(19));
    await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId: await profile(son2, 'found', 'male'), foundAt: '2025-03-30', place: 'Xiamen' });
    clockMs = T0 + 4 * HOUR;
    const opened2 = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, alertId: 'TY-STATS-2' });
    await request(t.app).post(`/v1/cases/${opened2.body.id}/relatives`).set(t.auth.investigator).send({ profileId: await profile(father2, 'reference', 'male'), relationship: 'father' });
    clockMs = T0 + 5 * HOUR;
    const [m1] = (await request(t.app).get(`/v1/cases/${opened.body.id}/candidates`).set(t.auth.investigator)).body.items;
    await review(m1.id, { decision: 'confirm' });
    clockMs = T0 + 10 * HOUR;
    const [m2] = (await request(t.app).get(`/v1/cases/${opened2.body.id}/candidates`).set(t.auth.investigator)).body.items;
    await review(m2.id, { decision: 'confirm' });

    const stats = (await request(t.app).get('/v1/stats').set(t.auth.admin)).body;

    // Upload to candidate: 1 h and 3 h (median 2 h); candidate to reunion: 4 h and 6 h (median 5 h).
    expect(stats).toMatchObject({
      reunions: 2, candidates: 0, medianUploadToCandidateMs: 2 * HOUR, medianCandidateToReunionMs: 5 * HOUR,
      cases: { byStatus: { reunited: 2 } }, foundPersons: { byStatus: { identified: 2 } },
    });
  });
});
