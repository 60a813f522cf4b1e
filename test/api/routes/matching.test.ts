import request from 'supertest';
import { compilePedigree, genotypeArray, isAlternativeClose, kinshipLr, unrelatedLrDistribution, type CompiledLocusModel, type GenotypePair } from '../../../src/kinship';
import { ageWeightedPriorShares } from '../../../src/domain';
import { mulberry32 } from '../../../src/matching';
import { mendelianChild } from '../../../src/services';
import { createMatchingTestApp, nistPerson, uploadProfile, type MatchingTestApp } from '../../support/matching-app';

describe('matching API', () => {
  let t: MatchingTestApp;

  beforeEach(async () => {
    t = await createMatchingTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const child = { sex: 'male', birthDate: '2014-02-03', missingSince: '2019-07-21', place: 'Dongguan, Guangdong' };

  const profile = (genotypes: Record<string, string[]>, kind: 'reference' | 'found', sex: 'male' | 'female') => uploadProfile(t, genotypes, kind, sex);

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

  /** A case whose typed relatives are the given profiles (genotypes, relationship, sex); returns its id. */
  async function familyCase(relatives: ReadonlyArray<readonly [Record<string, string[]>, string, 'male' | 'female']>, over: Partial<typeof child> = {}): Promise<string> {
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child: { ...child, ...over } });
    for (const [genotypes, relationship, sex] of relatives) {
      const added = await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator)
        .send({ profileId: await profile(genotypes, 'reference', sex), relationship });
      expect(added.status).toBe(201);
    }
    return opened.body.id;
  }

  async function registerFound(
    genotypes: Record<string, string[]>, over: { sex?: 'male' | 'female'; foundAt?: string; estimatedBirthYear?: number } = {},
  ): Promise<{ id: string; status: string }> {
    const { sex = 'male', foundAt = '2024-05-04', estimatedBirthYear } = over;
    const res = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId: await profile(genotypes, 'found', sex), foundAt, place: 'Shenzhen', ...(estimatedBirthYear === undefined ? {} : { estimatedBirthYear }) });
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

  it('when a son matches his father-only and his mother-only families among three, then each database posterior is π·LR / (π0 + Σ π·LR + π·bound of the third), by hand', async () => {
    const father = nistPerson(60);
    const mother = nistPerson(61);
    const son = mendelianChild(father, mother, mulberry32(21));
    const paternal = await familyCase([[father, 'father', 'male']]);
    const maternal = await familyCase([[mother, 'mother', 'female']]);
    await trioCase(62, 63, 22);

    const found = await registerFound(son);

    const list = (await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator)).body;
    expect(list.items.map((m: { caseId: string }) => m.caseId).sort()).toEqual([paternal, maternal].sort());
    const lr = (caseId: string) => list.items.find((m: { caseId: string }) => m.caseId === caseId).LR as number;
    // N = 3 families, priorInDatabase 0.5 shared uniformly: π = 0.5 / 3, π0 = 0.5; the unreported family's LR
    // is below the threshold 10,000 (the sure bound 1 · T is below T + N + √(N T · 999)).
    const pi = 0.5 / 3;
    const denominator = 0.5 + pi * (lr(paternal) + lr(maternal)) + pi * 10_000;
    for (const caseId of [paternal, maternal]) {
      expect(list.items.find((m: { caseId: string }) => m.caseId === caseId).databasePosterior).toBeCloseTo((pi * lr(caseId)) / denominator, 12);
    }
    const single = (await request(t.app).get(`/v1/matches/${list.items[0].id}`).set(t.auth.investigator)).body;
    expect(single.databasePosterior).toBe(list.items[0].databasePosterior);
  });

  it('when the policy weights the prior by age, then each family\'s share follows its child\'s birth year against the found person\'s estimate, by hand', async () => {
    await t.close();
    t = await createMatchingTestApp({ policy: { ageWeightedPrior: true } });
    const father = nistPerson(150);
    const mother = nistPerson(151);
    const son = mendelianChild(father, mother, mulberry32(81));
    const near = await familyCase([[father, 'father', 'male']], { birthDate: '2014-02-03' });
    const far = await familyCase([[mother, 'mother', 'female']], { birthDate: '2009-05-06' });

    const found = await registerFound(son, { estimatedBirthYear: 2014 });

    const items = (await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator)).body.items;
    const of = (caseId: string) => items.find((m: { caseId: string }) => m.caseId === caseId);
    // Shares ∝ exp(−d² / (2·2²)) for d = 0 and 5 years, relative to the average family (domain ageWeightedPriorShares).
    const [wNear, wFar, wAverage] = ageWeightedPriorShares(['2014-02-03', '2009-05-06', null], 2014);
    const weights = [wNear! / wAverage!, wFar! / wAverage!];
    const pi = 0.5 / 2;
    const denominator = 0.5 + pi * (weights[0]! * of(near).LR + weights[1]! * of(far).LR);
    expect(of(near).databasePosterior).toBeCloseTo((pi * weights[0]! * of(near).LR) / denominator, 12);
    expect(of(far).databasePosterior).toBeCloseTo((pi * weights[1]! * of(far).LR) / denominator, 12);
  });

  it('when the database grows after a match was stored, then its database posterior is read against the larger N and falls', async () => {
    const father = nistPerson(64);
    const son = mendelianChild(father, nistPerson(65), mulberry32(23));
    await familyCase([[father, 'father', 'male']]);
    const found = await registerFound(son);
    const read = async () => (await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator)).body.items[0].databasePosterior as number;
    const before = await read();

    await trioCase(66, 67, 24);
    await trioCase(68, 69, 25);

    const after = await read();
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
  });

  it('when a second found person matches the same family strongly, then the family\'s posterior over found persons falls for the first, on the case list, the found person\'s list and the match view, by hand', async () => {
    const { caseId, son } = await trioCase(74, 75, 28);
    const first = await registerFound(son);
    const listOf = async () => (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items as Array<{
      id: string; foundPersonId: string; LR: number; databasePosterior: number; databasePosteriorOverFoundPersons: number;
    }>;
    const [alone] = await listOf();
    // M = 1 found person, priorInDatabase 0.5 that the child is among them: π = 0.5, π0 = 0.5.
    expect(alone!.databasePosteriorOverFoundPersons).toBeCloseTo((0.5 * alone!.LR) / (0.5 + 0.5 * alone!.LR), 12);

    const brother = await registerFound(mendelianChild(nistPerson(74), nistPerson(75), mulberry32(29)));

    const items = await listOf();
    const of = (id: string) => items.find((m) => m.foundPersonId === id)!;
    expect(items.map((m) => m.foundPersonId).sort()).toEqual([first.id, brother.id].sort());
    // M = 2, both reported: π = 0.25 each.
    const denominator = 0.5 + 0.25 * (of(first.id).LR + of(brother.id).LR);
    expect(of(first.id).databasePosteriorOverFoundPersons).toBeCloseTo((0.25 * of(first.id).LR) / denominator, 12);
    expect(of(first.id).databasePosteriorOverFoundPersons).toBeLessThan(alone!.databasePosteriorOverFoundPersons);
    // One family in the database: the posterior over families does not see the brother.
    expect(of(first.id).databasePosterior).toBeCloseTo(alone!.databasePosterior, 12);
    const single = (await request(t.app).get(`/v1/matches/${of(first.id).id}`).set(t.auth.investigator)).body;
    expect(single.databasePosteriorOverFoundPersons).toBe(of(first.id).databasePosteriorOverFoundPersons);
    const personList = (await request(t.app).get(`/v1/found-persons/${first.id}/candidates`).set(t.auth.investigator)).body;
    expect(personList.items[0].databasePosteriorOverFoundPersons).toBe(of(first.id).databasePosteriorOverFoundPersons);
  });

  it('when a found person conflicts with the child in sex, age and dates, then the match is flagged with each reason and still meets the policy', async () => {
    const { caseId, son } = await trioCase(70, 71, 26);

    const found = await registerFound(son, { sex: 'female', foundAt: '2018-01-01', estimatedBirthYear: 2005 });

    const match = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items[0];
    expect(match).toMatchObject({ foundPersonId: found.id, meetsPolicy: true, exclusionReason: null });
    expect(match.flags).toEqual(expect.arrayContaining(['sexConflict', 'ageConflict', 'dateConflict']));
    expect(match.evidence).toEqual([
      { kind: 'sex', conflict: true, reason: 'found person is female; the missing child is male' },
      { kind: 'age', conflict: true, reason: "estimated birth year 2005 is 9 years from the missing child's birth year 2014, more than the tolerance of 3" },
      { kind: 'date', conflict: true, reason: 'found on 2018-01-01, before the child went missing on 2019-07-21' },
    ]);
  });

  it('when the policy excludes non-genetic conflicts, then a conflicting match over the LR threshold is stored with meetsPolicy false and why, never dropped', async () => {
    await t.close();
    t = await createMatchingTestApp({ policy: { nonGeneticConflicts: 'exclude' } });
    const { caseId, son } = await trioCase(72, 73, 27);

    await registerFound(son, { sex: 'female' });

    const list = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body;
    expect(list.total).toBe(1);
    expect(list.items[0].LR).toBeGreaterThanOrEqual(10_000);
    expect(list.items[0]).toMatchObject({ meetsPolicy: false, flags: ['sexConflict'] });
    expect(list.items[0].exclusionReason).toMatch(/found person is female; the missing child is male/);
  });

  it('when the father\'s brother is the found person of a father-only family, then the uncle alternative equals the general engine\'s LR on the drawn pedigree and the flag follows the policy ratio', async () => {
    await t.close();
    t = await createMatchingTestApp({ policy: { thresholdLr: 1e-6, maxInconsistentLoci: 29, minLociCompared: 0 } });
    const grandfather = nistPerson(80);
    const grandmother = nistPerson(81);
    const father = mendelianChild(grandfather, grandmother, mulberry32(31));
    const uncle = mendelianChild(grandfather, grandmother, mulberry32(32));
    const caseId = await familyCase([[father, 'father', 'male']]);

    const found = await registerFound(uncle);

    const listed = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items[0];
    expect(listed.foundPersonId).toBe(found.id);
    const pedigree = (await t.store.cases.findFamily(caseId))!;
    const fa = pedigree.typed[0]!.individualId;
    const models = t.index.engine.locusModels();
    const drawn = [...pedigree.individuals.map((i) => (i.id === fa ? { ...i, father: 'GF', mother: 'GM' } : i)),
      { id: 'GF', sex: 'male' as const }, { id: 'GM', sex: 'female' as const }];
    const uncleAt = [...drawn, { id: 'UN', father: 'GF', mother: 'GM', sex: 'male' as const }];
    const uncleApart = [...drawn, { id: 'UN', sex: 'male' as const }];
    const loci = models.map((model) => ({
      model, typedByPerson: { [fa]: pairOf(father, model), UN: pairOf(uncle, model) },
    }));
    const engine = kinshipLr(uncleAt, uncleApart, loci);
    const alternative = listed.alternatives.find((a: { relationship: string }) => a.relationship === 'paternalUncle');
    expect(alternative.log10LR).toBeCloseTo(engine.log10LR, 6);
    expect(listed.alternatives.find((a: { relationship: string }) => a.relationship === 'missingChild').log10LR).toBeCloseTo(listed.log10LR, 6);
    expect(listed.indistinguishableRelationships).toEqual(expect.arrayContaining(['paternalHalfSibling', 'paternalGrandfather']));
    const scored = listed.alternatives.map((a: { relationship: string; log10LR: number | null }) => ({ ...a, log10LR: a.log10LR ?? -Infinity }));
    expect(listed.flags.includes('alternativeRelationship')).toBe(isAlternativeClose(scored, 100, listed.indistinguishableRelationships));
    const best = listed.alternatives.reduce((b: { log10LR: number }, a: { log10LR: number | null }) => (a.log10LR !== null && a.log10LR > b.log10LR ? a : b));
    expect(best.log10LR).toBeCloseTo(listed.alternatives.find((a: { relationship: string }) => a.relationship === listed.mostLikelyRelationship).log10LR, 9);
  });

  it('when a match is stored, then its exceedance is the family\'s exact unrelated-LR tail at its LR, in [0, 1/LR], and the chart falls with the LR', async () => {
    const { caseId, son } = await trioCase(90, 91, 41);
    await registerFound(son);
    const listed = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items[0];

    const single = (await request(t.app).get(`/v1/matches/${listed.id}`).set(t.auth.investigator)).body;

    const record = (await t.store.cases.findFamily(caseId))!;
    const pedigree = compilePedigree(record.individuals, 'family');
    const models = t.index.engine.locusModels();
    const typed = Object.fromEntries(record.typed.map((m) => [m.individualId, m.genotypes]));
    const law = unrelatedLrDistribution(pedigree, pedigree.indexOf(record.missing), models, models.map((model) =>
      genotypeArray(pedigree, Object.fromEntries(Object.entries(typed).map(([id, g]) => [id, pairOf(g, model)])), model, model.name)));
    expect(single.exceedance).toBe(law.exceedance(single.log10LR));
    expect(single.exceedance).toBeGreaterThanOrEqual(0);
    expect(single.exceedance).toBeLessThanOrEqual(Math.min(1, 10 ** -single.log10LR));
    const { log10LR: xs, exceedance: ys } = single.unrelatedDistribution;
    for (let i = 1; i < xs.length; i++) {
      expect(xs[i]).toBeGreaterThan(xs[i - 1]);
      expect(ys[i]).toBeLessThanOrEqual(ys[i - 1]);
    }
    expect(listed.unrelatedDistribution).toBeUndefined();
  });

  it('when candidate lists are read, then the found person\'s carries Σ of the families\' false-hit rates and the case\'s M times its own, and a stricter policy lowers them', async () => {
    const { caseId, son } = await trioCase(100, 101, 51);
    await familyCase([[nistPerson(102), 'father', 'male']]);
    const found = await registerFound(son);
    await registerFound(nistPerson(103));

    const forward = (await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator)).body;
    const reverse = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body;

    const rates = t.index.falseHitRates;
    const families = (await t.store.cases.list({ limit: 10, offset: 0 })).items.map((c: { id: string }) => c.id);
    expect(forward.expectedFalseCandidates).toBeCloseTo(families.reduce((s: number, id: string) => s + rates.rateOf(id)!, 0), 15);
    expect(reverse.expectedFalseCandidates).toBeCloseTo(2 * rates.rateOf(caseId)!, 15);
    expect(forward.expectedFalseCandidates).toBeGreaterThan(0);
    const current = (await request(t.app).get('/v1/search-policy').set(t.auth.admin)).body;
    const { version: _v, createdAt: _c, createdBy: _b, ...input } = current;
    const put = await request(t.app).put('/v1/search-policy').set(t.auth.admin).send({ ...input, thresholdLr: 1e8 });
    await t.services.jobs.wait(put.body.rescoreJobId);
    const stricter = (await request(t.app).get(`/v1/found-persons/${found.id}/candidates`).set(t.auth.investigator)).body;
    expect(stricter.expectedFalseCandidates).toBeLessThan(forward.expectedFalseCandidates);
  });

  it('when a match is read, then every locus shows the found person\'s and each typed relative\'s alleles, the read is audited as genetic data, and a mutation locus gives its steps', async () => {
    const father = nistPerson(110);
    const mother = nistPerson(111);
    const son = { ...mendelianChild(father, mother, mulberry32(61)) };
    const locus = Object.keys(father).find((l) => {
      const [f0, f1] = father[l]!.map(Number);
      const m = mother[l]!.map(Number);
      return Number.isInteger(f0) && Number.isInteger(f1) && [f0! + 1, f0! - 1].every((x) => x !== f1 && !m.includes(x)) && !m.some((x) => x === f0 || x === f1);
    })!;
    son[locus] = [mother[locus]![0]!, String(Number(father[locus]![0]) + 1)].sort((a, b) => Number(a) - Number(b));
    const caseId = await familyCase([[father, 'father', 'male'], [mother, 'mother', 'female']]);
    await registerFound(son);

    const listed = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items[0];

    const record = (await t.store.cases.findFamily(caseId))!;
    const ids = Object.fromEntries(record.typed.map((m) => [m.profileId, m.individualId]));
    const at = listed.loci.find((l: { locus: string }) => l.locus === locus);
    expect(at.status).toBe('mutation');
    expect(at.mutationSteps).toBe(1);
    expect(at.alleles.foundPerson).toEqual(son[locus]);
    expect(Object.values(at.alleles.relatives).sort()).toEqual([father[locus], mother[locus]].sort());
    expect(Object.keys(at.alleles.relatives).sort()).toEqual(Object.values(ids).sort());
    expect(listed.loci.filter((l: { mutationSteps?: number }) => l.mutationSteps !== undefined)).toHaveLength(1);
    const audit = await t.store.audit.list({ action: 'match.alleles.read', targetId: caseId, limit: 5, offset: 0 });
    expect(audit.total).toBe(1);
  });

  it('when an investigator searches ad hoc, then each candidate has its database posterior over the records searched and the response its expected false candidates', async () => {
    const { caseId, son } = await trioCase(120, 121, 71);
    await trioCase(122, 123, 72);

    const res = (await request(t.app).post('/v1/search').set(t.auth.investigator).send({ genotypes: son })).body;

    expect(res.candidates[0].caseId).toBe(caseId);
    const pi = 0.5 / 2;
    const lr = res.candidates[0].LR;
    expect(res.candidates[0].databasePosterior).toBeCloseTo((pi * lr) / (0.5 + pi * lr + pi * 10_000), 12);
    expect(res.expectedFalseCandidates).toBeCloseTo(t.index.falseHitRates.total, 15);
  });
});

function pairOf(genotypes: Readonly<Record<string, readonly string[]>>, model: CompiledLocusModel): GenotypePair | null {
  const g = genotypes[model.name];
  return g && g.length > 0 ? [model.indexOf(g[0]!), model.indexOf(g[1] ?? g[0]!)] : null;
}
