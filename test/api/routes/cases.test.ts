import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuditListQuery } from '../../../src/domain';
import { parseFamiliasCase } from '../../../src/importers';
import { evaluateCase, validateKinshipCase } from '../../../src/kinship';
import { mulberry32 } from '../../../src/matching';
import { mendelianChild } from '../../../src/services';
import { createMatchingTestApp, nistPerson, uploadProfile, type MatchingTestApp } from '../../support/matching-app';
import { aProfileBody, createTestApp, DEFAULT_TABLE, identifilerGenotypes, type TestApp } from '../../support/test-app';

describe('cases API', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const child = { sex: 'male', birthDate: '2014-02-03', missingSince: '2019-07-21', place: 'Dongguan, Guangdong' };

  async function openCase(over: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, ...over });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function uploadRelative(sex: 'male' | 'female' | null, over: Record<string, unknown> = {}, auth = t.auth.lab): Promise<string> {
    const amel = sex === 'male' ? ['X', 'Y'] : ['X', 'X'];
    const genotypes = identifilerGenotypes(sex === null ? {} : { AMEL: amel });
    if (sex === null) delete genotypes.AMEL;
    const res = await request(t.app).post('/v1/profiles').set(auth).send(aProfileBody({ genotypes, ...over }));
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('when an investigator opens a case, then it is stored open with the default frequency table and MP alone in the family', async () => {
    const res = await request(t.app).post('/v1/cases').set(t.auth.investigator)
      .send({ alertId: 'TY-2019-0042', traffickingCaseNo: 'GZ-2019-117', child });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/cases/${res.body.id}`);
    expect(res.body).toMatchObject({
      alertId: 'TY-2019-0042', traffickingCaseNo: 'GZ-2019-117', child, population: DEFAULT_TABLE, status: 'open', org: 'PSB-01', version: 1,
      family: { mode: 'relationships', lab: null, relatives: [], pedigree: { missing: 'MP', individuals: [{ id: 'MP', father: null, mother: null, sex: 'male' }], typed: {} } },
    });
    const fetched = await request(t.app).get(`/v1/cases/${res.body.id}`).set(t.auth.investigator);
    expect(fetched.body).toEqual(res.body);
  });

  it('when the case names a frequency table that does not exist, then it is a 400 on population and nothing is stored', async () => {
    const res = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, population: 'martian' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'population' })]);
    expect(await t.store.cases.count()).toBe(0);
  });

  it('when the child went missing before birth, then the case is refused', async () => {
    const res = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child: { ...child, birthDate: '2020-01-01' } });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('child.missingSince');
  });

  it('when cases are listed with filters, then the page and total hold only matching cases', async () => {
    await openCase({ alertId: 'A-1' });
    const hit = await openCase({ alertId: 'A-2', child: { ...child, sex: 'female', birthDate: '2010-05-05', missingSince: '2012-01-01' } });
    await openCase({ alertId: 'A-3', child: { ...child, sex: 'female', missingSince: '2021-01-01' } });

    const res = await request(t.app).get('/v1/cases?sex=female&missingSinceTo=2015-12-31&status=open').set(t.auth.investigator);

    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([hit.id]);
  });

  it('when father, mother and a full sibling are added, then the pedigree has FA and MO as MP\'s parents and S1 as MP\'s sibling', async () => {
    const c = await openCase();
    const fa = await uploadRelative('male');
    const mo = await uploadRelative('female');
    const sib = await uploadRelative(null);

    await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: fa, relationship: 'father' });
    await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: mo, relationship: 'mother' });
    const res = await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: sib, relationship: 'fullSibling' });

    expect(res.status).toBe(201);
    expect(res.body.version).toBe(4);
    expect(res.body.family.lab).toBe('LAB-01');
    expect(res.body.family.pedigree).toEqual({
      missing: 'MP',
      individuals: [
        { id: 'FA', father: null, mother: null, sex: 'male' },
        { id: 'MO', father: null, mother: null, sex: 'female' },
        { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
        { id: 'S1', father: 'FA', mother: 'MO', sex: 'female' },
      ],
      typed: { FA: fa, MO: mo, S1: sib },
    });
  });

  it('when the pedigree is read, then it carries the typed members\' autosomal genotypes in the kinship case format and the read is audited', async () => {
    const c = await openCase();
    const fa = await uploadRelative('male');
    await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: fa, relationship: 'father' });

    const res = await request(t.app).get(`/v1/cases/${c.id}/pedigree`).set(t.auth.investigator);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId: c.id, missing: 'MP', population: DEFAULT_TABLE, typed: { FA: fa } });
    expect(Object.keys(res.body.genotypes)).toEqual(['FA']);
    expect(res.body.genotypes.FA.D8S1179).toEqual(['14', '15']);
    expect(res.body.genotypes.FA.AMEL).toBeUndefined();
    expect(Object.keys(res.body.genotypes.FA)).toHaveLength(15);
    const audit = await t.store.audit.list({ targetId: c.id, action: 'case.pedigree.read', limit: 5, offset: 0 });
    expect(audit.total).toBe(1);
  });

  it('when a second father is added, then it is a 409 and the family is unchanged', async () => {
    const c = await openCase();
    await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: await uploadRelative('male'), relationship: 'father' });
    const before = await t.store.cases.findById(c.id);

    const res = await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: await uploadRelative('male'), relationship: 'father' });

    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:reunion:RELATIVE_CONFLICT');
    expect(res.body.detail).toContain('already has a father');
    expect(await t.store.cases.findById(c.id)).toEqual(before);
  });

  it('when a father\'s profile has female Amelogenin, then it is a 409 naming the contradiction', async () => {
    const c = await openCase();

    const res = await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: await uploadRelative('female'), relationship: 'father' });

    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/father must be male.*Amelogenin says female/);
  });

  it('when the same profile is added twice, then the second is a 409', async () => {
    const c = await openCase();
    const p = await uploadRelative(null);
    await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: p, relationship: 'fullSibling' });

    const res = await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: p, relationship: 'maternalAunt' });

    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(`profile ${p} is already relative #0`);
  });

  it('when a found person\'s profile is added as a relative, then it is a 409', async () => {
    const c = await openCase();
    const found = await uploadRelative('male', { kind: 'found' });

    const res = await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: found, relationship: 'father' });

    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ path: 'profileId', message: 'not a reference profile' }]);
  });

  it('when the case does not exist, then adding a relative is a 404', async () => {
    const res = await request(t.app).post('/v1/cases/case_missing/relatives').set(t.auth.investigator)
      .send({ profileId: await uploadRelative('male'), relationship: 'father' });

    expect(res.status).toBe(404);
  });

  it('when a raw pedigree describes a family the relationship list cannot, then it replaces the family', async () => {
    const c = await openCase();
    const cousin = await uploadRelative(null);
    const individuals = [
      { id: 'GF', sex: 'male' }, { id: 'GM', sex: 'female' },
      { id: 'FA', father: 'GF', mother: 'GM', sex: 'male' }, { id: 'MO', sex: 'female' },
      { id: 'UN', father: 'GF', mother: 'GM', sex: 'male' }, { id: 'UW', sex: 'female' },
      { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' }, { id: 'COUSIN', father: 'UN', mother: 'UW', sex: 'female' },
    ];

    const res = await request(t.app).post(`/v1/cases/${c.id}/pedigree`).set(t.auth.investigator)
      .send({ individuals, typed: { COUSIN: cousin }, missing: 'MP' });

    expect(res.status).toBe(200);
    expect(res.body.family.mode).toBe('pedigree');
    expect(res.body.family.pedigree.individuals).toHaveLength(8);
    expect(res.body.family.pedigree.individuals[0]).toEqual({ id: 'GF', father: null, mother: null, sex: 'male' });
    expect(res.body.family.pedigree.typed).toEqual({ COUSIN: cousin });
    const more = await request(t.app).post(`/v1/cases/${c.id}/relatives`).set(t.auth.investigator).send({ profileId: await uploadRelative('male'), relationship: 'father' });
    expect(more.status).toBe(409);
    expect(more.body.type).toBe('urn:reunion:FAMILY_MODE_CONFLICT');
  });

  it('when a raw pedigree types a member with a profile whose Amelogenin contradicts the member\'s sex, then it is a 409', async () => {
    const c = await openCase();
    const female = await uploadRelative('female');

    const res = await request(t.app).post(`/v1/cases/${c.id}/pedigree`).set(t.auth.investigator).send({
      individuals: [{ id: 'FA', sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' }],
      typed: { FA: female }, missing: 'MP',
    });

    expect(res.status).toBe(409);
    expect(res.body.errors[0].path).toBe('typed.FA');
  });

  it('when a role other than investigator uses the cases API, then it is a 403', async () => {
    const res = await request(t.app).post('/v1/cases').set(t.auth.lab).send({ child });

    expect(res.status).toBe(403);
    expect(await t.store.cases.count()).toBe(0);
  });
});

describe('cases API: Familias export', () => {
  let t: MatchingTestApp;

  beforeEach(async () => {
    t = await createMatchingTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const child = { sex: 'male', birthDate: '2014-02-03', missingSince: '2019-07-21', place: 'Dongguan, Guangdong' };

  const profile = (genotypes: Record<string, string[]>, kind: 'reference' | 'found', sex: 'male' | 'female') => uploadProfile(t, genotypes, kind, sex);

  /** GET /v1/cases/{id}/familias with the body read as text. */
  function exportFamilias(caseId: string, foundPersonId?: string) {
    return request(t.app).get(`/v1/cases/${caseId}/familias`).query(foundPersonId ? { foundPerson: foundPersonId } : {}).set(t.auth.investigator)
      .buffer(true).parse((r, done) => { let text = ''; r.on('data', (c: Buffer) => { text += c.toString('utf8'); }); r.on('end', () => done(null, text)); });
  }

  /** A case with the father and mother typed (NIST rows 1 and 2) and their simulated son registered as a found person. */
  async function trioWithFoundSon(): Promise<{ caseId: string; foundPersonId: string }> {
    const father = nistPerson(1);
    const mother = nistPerson(2);
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child });
    for (const [id, relationship] of [[await profile(father, 'reference', 'male'), 'father'], [await profile(mother, 'reference', 'female'), 'mother']]) {
      expect((await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator).send({ profileId: id, relationship })).status).toBe(201);
    }
    const son = mendelianChild(father, mother, mulberry32(7));
    const found = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId: await profile(son, 'found', 'male'), foundAt: '2024-05-04', place: 'Shenzhen' });
    expect(found.status).toBe(201);
    return { caseId: opened.body.id, foundPersonId: found.body.id };
  }

  it('when an investigator exports a case with its found candidate, then the kinship engine\'s LR of the parsed file equals the stored match\'s LR', async () => {
    const { caseId, foundPersonId } = await trioWithFoundSon();
    const match = (await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator)).body.items[0];

    const res = await exportFamilias(caseId, foundPersonId);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-familias/);
    expect(res.headers["content-disposition"]).toMatch(new RegExp(`^attachment; filename="?${caseId}-${foundPersonId}\\.fam"?$`));
    const parsed = parseFamiliasCase(res.body as string);
    expect(parsed.issues).toEqual([]);
    expect(parsed.cases.map((c) => c.id)).toEqual(['familias:FoundPersonIsMissing-vs-Unrelated']);
    const evaluated = evaluateCase(validateKinshipCase(parsed.cases[0]));
    expect(match.foundPersonId).toBe(foundPersonId);
    expect(evaluated.result.loci).toHaveLength(match.lociCompared);
    expect(evaluated.result.log10LR).toBeCloseTo(match.log10LR, 9);
    const overHttp = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).set('Content-Type', 'application/x-familias').send(res.body as string);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body.results[0].log10LR).toBeCloseTo(match.log10LR, 9);
    const audit = await t.store.audit.list(AuditListQuery.parse({ action: 'case.familias.export' }));
    expect(audit.items.map((a) => [a.targetType, a.targetId]).sort()).toEqual([['case', caseId], ['foundPerson', foundPersonId]]);
  });

  it('when a case is exported without a found person, then the file holds the family pedigree with the typed parents and the untyped missing child', async () => {
    const { caseId } = await trioWithFoundSon();

    const res = await exportFamilias(caseId);

    expect(res.status).toBe(200);
    const { pedigrees, cases } = parseFamiliasCase(res.body as string);
    expect(cases).toEqual([]);
    expect(pedigrees).toEqual([{ name: 'Family', pedigree: [
      { id: 'FA', father: null, mother: null, sex: 'male' },
      { id: 'MO', father: null, mother: null, sex: 'female' },
      { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
    ] }]);
  });

  it('when a lab asks for the export, or the found person does not exist, then it is 403 / 404 and nothing is audited', async () => {
    const { caseId } = await trioWithFoundSon();

    expect((await request(t.app).get(`/v1/cases/${caseId}/familias`).set(t.auth.lab)).status).toBe(403);
    const missing = await request(t.app).get(`/v1/cases/${caseId}/familias`).query({ foundPerson: 'fnd_nobody' }).set(t.auth.investigator);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect((await t.store.audit.list(AuditListQuery.parse({ action: 'case.familias.export' }))).items).toEqual([]);
  });
  it('when the policy and the case use the Norwegian table uploaded as a Familias list, then a family typed at D17S906, APOAI1 and D11S554 finds its son and the .fam export agrees with the match', async () => {
    const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'formats', 'familias', 'NorskDB_v2023.txt'), 'utf8');
    const uploaded = await request(t.app).post('/v1/frequency-tables').set(t.auth.admin).set('Content-Type', 'text/plain')
      .query({ id: 'norskdb-2023', name: 'NorskDB 2023', population: 'Norway', source: 'Oslo University Hospital, norSTR' }).send(text);
    expect(uploaded.status).toBe(201);
    const current = (await request(t.app).get('/v1/search-policy').set(t.auth.admin)).body;
    const policy = await request(t.app).put('/v1/search-policy').set(t.auth.admin)
      .send({ ...current, version: undefined, createdAt: undefined, createdBy: undefined, frequencyTable: 'norskdb-2023' });
    expect(policy.status).toBe(200);
    const table = uploaded.body.loci as Record<string, Record<string, number>>;
    const loci = ['D17S906', 'APOAI1', 'D11S554', ...Object.keys(table).filter((l) => !['D17S906', 'APOAI1', 'D11S554'].includes(l)).slice(0, 17)];
    const random = mulberry32(35);
    const draw = (locus: string): string => {
      let u = random();
      const entries = Object.entries(table[locus]!);
      for (const [allele, p] of entries) if ((u -= p) < 0) return allele;
      return entries[entries.length - 1]![0];
    };
    const person = () => Object.fromEntries(loci.map((l) => [l, [draw(l), draw(l)]]));
    const father = person();
    const mother = person();
    const son = mendelianChild(father, mother, random);
    const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ child, population: 'norskdb-2023' });
    for (const [genotypes, relationship, sex] of [[father, 'father', 'male'], [mother, 'mother', 'female']] as const) {
      const added = await request(t.app).post(`/v1/cases/${opened.body.id}/relatives`).set(t.auth.investigator)
        .send({ profileId: await profile(genotypes, 'reference', sex), relationship });
      expect(added.status).toBe(201);
    }

    const found = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId: await profile(son, 'found', 'male'), foundAt: '2024-05-04', place: 'Oslo' });

    const match = (await request(t.app).get(`/v1/cases/${opened.body.id}/candidates`).set(t.auth.investigator)).body.items[0];
    expect(match).toMatchObject({ foundPersonId: found.body.id, lociCompared: 20, inconsistentLoci: 0 });
    expect(match.loci.filter((l: { locus: string }) => ['D17S906', 'APOAI1', 'D11S554'].includes(l.locus))
      .map((l: { locus: string; compared: boolean; status: string }) => [l.locus, l.compared, l.status]).sort())
      .toEqual([['APOAI1', true, 'consistent'], ['D11S554', true, 'consistent'], ['D17S906', true, 'consistent']]);
    const fam = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).set('Content-Type', 'application/x-familias')
      .send((await exportFamilias(opened.body.id, found.body.id)).body as string);
    expect(fam.body.results[0].log10LR).toBeCloseTo(match.log10LR, 9);
  });
});

describe('GET /v1/cases/{id}/power', () => {
  let m: MatchingTestApp;

  beforeEach(async () => {
    m = await createMatchingTestApp();
  });

  afterEach(async () => {
    await m.close();
  });

  const child = { sex: 'male', birthDate: '2014-02-03', missingSince: '2019-07-21', place: 'Dongguan, Guangdong' };

  async function typed(caseId: string, genotypes: Record<string, string[]>, relationship: string, sex: 'male' | 'female'): Promise<void> {
    const p = await request(m.app).post('/v1/profiles').set(m.auth.lab).send({
      sampleId: `S-${relationship}-${caseId.slice(-6)}`, kind: 'reference', kit: 'custom', genotypes: { ...genotypes, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] },
    });
    expect((await request(m.app).post(`/v1/cases/${caseId}/relatives`).set(m.auth.investigator).send({ profileId: p.body.id, relationship })).status).toBe(201);
  }

  it('when a three-generation family is asked for its power, then every requested child is simulated, the gains of the untyped relatives are listed and the read is audited', async () => {
    const grandfather = nistPerson(130);
    const grandmother = nistPerson(131);
    const caseId = (await request(m.app).post('/v1/cases').set(m.auth.investigator).send({ child })).body.id;
    await typed(caseId, grandfather, 'paternalGrandfather', 'male');
    await typed(caseId, grandmother, 'paternalGrandmother', 'female');
    await typed(caseId, mendelianChild(grandfather, grandmother, mulberry32(3)), 'paternalUncle', 'male');

    const res = await request(m.app).get(`/v1/cases/${caseId}/power?simulations=200`).set(m.auth.investigator);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId, policyVersion: 1, simulations: 200 });
    expect(res.body.probabilityMeetsPolicy).toBeGreaterThanOrEqual(0);
    expect(res.body.probabilityMeetsPolicy).toBeLessThanOrEqual(1);
    expect(res.body.expectedFalseCandidates).toBe(0);
    const byRelationship = Object.fromEntries(res.body.relatives.map((r: { relationship: string | null; individualId: string }) => [r.relationship ?? r.individualId, r]));
    expect(Object.keys(byRelationship)).toEqual(expect.arrayContaining(['father', 'mother']));
    expect(byRelationship.father.gain).toBeGreaterThan(0);
    const gains = res.body.relatives.map((r: { gain: number }) => r.gain);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    for (const r of res.body.relatives) expect(r.gain).toBeCloseTo(r.probabilityMeetsPolicy - res.body.probabilityMeetsPolicy, 12);
    const again = await request(m.app).get(`/v1/cases/${caseId}/power?simulations=200`).set(m.auth.investigator);
    expect(again.body).toEqual(res.body);
    expect((await m.store.audit.list({ action: 'case.pedigree.read', targetId: caseId, limit: 5, offset: 0 })).total).toBe(2);
  });

  it('when found persons are in the database, then the family\'s expected false candidates are their count times its false-hit rate', async () => {
    const father = nistPerson(140);
    const caseId = (await request(m.app).post('/v1/cases').set(m.auth.investigator).send({ child })).body.id;
    await typed(caseId, father, 'father', 'male');
    for (const row of [141, 142, 143]) {
      const p = await request(m.app).post('/v1/profiles').set(m.auth.lab).send({ sampleId: `F-${row}`, kind: 'found', kit: 'custom', genotypes: { ...nistPerson(row), AMEL: ['X', 'Y'] } });
      expect((await request(m.app).post('/v1/found-persons').set(m.auth.investigator).send({ profileId: p.body.id, foundAt: '2024-01-01', place: 'Xi\'an' })).status).toBe(201);
    }

    const res = await request(m.app).get(`/v1/cases/${caseId}/power?simulations=20`).set(m.auth.investigator);

    expect(res.body.simulations).toBe(20);
    expect(res.body.expectedFalseCandidates).toBeCloseTo(3 * m.index.falseHitRates.rateOf(caseId)!, 15);
    expect(res.body.expectedFalseCandidates).toBeGreaterThan(0);
  });

  it('when a lab asks, the case has no typed relative, or the count of simulations is out of range, then it is a 403, a 409 and a 400', async () => {
    const caseId = (await request(m.app).post('/v1/cases').set(m.auth.investigator).send({ child })).body.id;

    expect((await request(m.app).get(`/v1/cases/${caseId}/power`).set(m.auth.lab)).status).toBe(403);
    const empty = await request(m.app).get(`/v1/cases/${caseId}/power`).set(m.auth.investigator);
    expect(empty.status).toBe(409);
    expect(empty.body.type).toBe('urn:reunion:FAMILY_NOT_SEARCHABLE');
    expect((await request(m.app).get(`/v1/cases/${caseId}/power?simulations=1`).set(m.auth.investigator)).status).toBe(400);
  });
});
