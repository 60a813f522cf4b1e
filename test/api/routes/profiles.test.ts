import request from 'supertest';
import { aProfileBody, createTestApp, identifilerGenotypes, type TestApp } from '../../support/test-app';

describe('profiles API', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('when a lab uploads a profile, then it is stored under the key\'s lab with canonical loci, sorted alleles and sex from Amelogenin', async () => {
    const body = aProfileBody({
      sampleId: 'L1-0001',
      genotypes: identifilerGenotypes({ THO1: ['9.3', 6], TH01: undefined as never, VWA: ['18', '16'], vWA: undefined as never, D16S539: ['11'] }),
    });
    delete (body.genotypes as Record<string, unknown>).TH01;
    delete (body.genotypes as Record<string, unknown>).vWA;

    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(body);

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/profiles/${res.body.id}`);
    expect(res.body).toMatchObject({ lab: 'LAB-01', sampleId: 'L1-0001', kind: 'reference', kit: 'Identifiler', sex: 'male', autosomalLoci: 15, possibleDuplicateOf: [] });
    expect(res.body.genotypes.TH01).toEqual(['6', '9.3']);
    expect(res.body.genotypes.vWA).toEqual(['16', '18']);
    expect(res.body.genotypes.D16S539).toEqual(['11', '11']);
    expect(res.body.genotypes.THO1).toBeUndefined();
    expect((await t.store.profiles.findById(res.body.id))!.lab).toBe('LAB-01');
  });

  it('when a profile names fragment-length alleles at D17S906, APOAI1 and D11S554 (as the Norwegian table does), then it is stored with those names', async () => {
    const body = aProfileBody({ kit: 'custom', genotypes: identifilerGenotypes({ D17S906: ['330', 326], APOAI1: ['252'], D11S554: ['176', '1000'] }) });

    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(body);

    expect(res.status).toBe(201);
    expect(res.body.genotypes).toMatchObject({ D17S906: ['326', '330'], APOAI1: ['252', '252'], D11S554: ['176', '1000'] });
    expect(res.body.autosomalLoci).toBe(18);
  });

  it('when a fragment-length name is malformed, or a length stands at a repeat-named locus, then it is a 400 naming each locus and allele and nothing is stored', async () => {
    const body = aProfileBody({ kit: 'custom', genotypes: identifilerGenotypes({ D17S906: ['326', '32x6'], TH01: ['6', '326'] }) });

    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(body);

    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:reunion:INVALID_ALLELE');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ locus: 'TH01', allele: '326', message: expect.stringContaining('fragment length in base pairs names alleles only at') }),
      expect.objectContaining({ locus: 'D17S906', allele: '32x6', message: expect.stringContaining('also a fragment length') }),
    ]);
    expect(await t.store.profiles.count()).toBe(0);
  });

  it('when the same body is sent again, then the same profile comes back with 200 and nothing new is stored', async () => {
    const body = aProfileBody({ sampleId: 'L1-0002' });
    const first = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(body);
    const before = await t.store.countRecords();

    const again = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(body);

    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await t.store.countRecords()).toEqual(before);
  });

  it('when the same content is sent with other spellings and allele order, then it counts as the same body', async () => {
    await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: 'L1-0003' }));

    const respelled = aProfileBody({ sampleId: 'L1-0003', kit: 'identifiler', genotypes: { ...identifilerGenotypes({ D8S1179: [15, 14] }) } });
    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(respelled);

    expect(res.status).toBe(200);
  });

  it('when a different body reuses a sampleId, then it is a 409 and the stored profile is unchanged', async () => {
    const first = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: 'L1-0004' }));

    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab)
      .send(aProfileBody({ sampleId: 'L1-0004', genotypes: identifilerGenotypes({ FGA: ['21', '22'] }) }));

    expect(res.status).toBe(409);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.type).toBe('urn:reunion:PROFILE_EXISTS');
    expect(res.body.errors).toEqual([{ path: 'sampleId', message: `already used by profile ${first.body.id}` }]);
    expect((await t.store.profiles.findById(first.body.id))!.genotypes.FGA).toEqual(['23', '24']);
  });

  it('when another lab uploads the identical genotype, then both profiles are flagged as possible duplicates of each other', async () => {
    const a = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: 'X-1' }));

    const b = await request(t.app).post('/v1/profiles').set(t.auth.lab2).send(aProfileBody({ sampleId: 'X-1' }));
    const aAgain = await request(t.app).get(`/v1/profiles/${a.body.id}`).set(t.auth.lab);

    expect(b.status).toBe(201);
    expect(b.body.possibleDuplicateOf).toEqual([a.body.id]);
    expect(aAgain.body.possibleDuplicateOf).toEqual([b.body.id]);
  });

  it('when the genotype differs at one locus, then it is not flagged as a duplicate', async () => {
    await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody());

    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ genotypes: identifilerGenotypes({ TPOX: ['8', '10'] }) }));

    expect(res.body.possibleDuplicateOf).toEqual([]);
  });

  it('when a lab reads its own profile, then it gets the genotypes and the read is audited', async () => {
    const created = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody());

    const res = await request(t.app).get(`/v1/profiles/${created.body.id}`).set(t.auth.lab);

    expect(res.status).toBe(200);
    expect(res.body.genotypes.FGA).toEqual(['23', '24']);
    const audit = await t.store.audit.list({ targetId: created.body.id, limit: 10, offset: 0 });
    expect(audit.items.map((e) => e.action)).toEqual(['profile.read', 'profile.create']);
    expect(audit.items[0]).toMatchObject({ role: 'lab', org: 'LAB-01', targetType: 'profile', requestId: res.headers['x-request-id'] });
  });

  it('when a lab asks for another lab\'s profile, then it is not found and nothing is audited as read', async () => {
    const other = await request(t.app).post('/v1/profiles').set(t.auth.lab2).send(aProfileBody());

    const res = await request(t.app).get(`/v1/profiles/${other.body.id}`).set(t.auth.lab);

    expect(res.status).toBe(404);
    expect((await t.store.audit.list({ action: 'profile.read', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('when an investigator asks for a profile used in no case, then it is not found; once it types a family, it is visible', async () => {
    const profile = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody());
    const hidden = await request(t.app).get(`/v1/profiles/${profile.body.id}`).set(t.auth.investigator);
    const c = await request(t.app).post('/v1/cases').set(t.auth.investigator)
      .send({ child: { sex: 'female', missingSince: '2018-01-01', place: 'Xi\'an' } });
    await request(t.app).post(`/v1/cases/${c.body.id}/relatives`).set(t.auth.investigator).send({ profileId: profile.body.id, relationship: 'father' });

    const visible = await request(t.app).get(`/v1/profiles/${profile.body.id}`).set(t.auth.investigator);

    expect(hidden.status).toBe(404);
    expect(visible.status).toBe(200);
    expect(visible.body.id).toBe(profile.body.id);
  });

  it('when a lab lists its profiles, then it sees only its own, paged, with a total and without genotypes', async () => {
    for (let i = 0; i < 3; i++) await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: `P-${i}` }));
    await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: 'F-1', kind: 'found' }));
    await request(t.app).post('/v1/profiles').set(t.auth.lab2).send(aProfileBody({ sampleId: 'P-9' }));

    const page = await request(t.app).get('/v1/profiles?limit=2&offset=1&kind=reference').set(t.auth.lab);

    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((p: { sampleId: string }) => p.sampleId)).toEqual(['P-1', 'P-2']);
    expect(page.body.items[0].genotypes).toBeUndefined();
  });

  it('when a batch mixes good, repeated, conflicting and invalid items, then each gets its own result and only good ones are stored', async () => {
    await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: 'B-EXISTS' }));
    const before = await t.store.profiles.count();
    const items = [
      aProfileBody({ sampleId: 'B-1' }),
      aProfileBody({ sampleId: 'B-2', genotypes: identifilerGenotypes({ TH01: ['abc', '7'] }) }),
      aProfileBody({ sampleId: 'B-EXISTS', genotypes: identifilerGenotypes({ FGA: ['19', '20'] }) }),
      aProfileBody({ sampleId: 'B-3', kit: 'GlobalFiler' }),
      aProfileBody({ sampleId: 'B-1' }),
      { sampleId: 'B-4', kind: 'stranger' },
    ];

    const res = await request(t.app).post('/v1/profiles/batch').set(t.auth.lab).send({ items });

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 409, 400, 200, 400]);
    expect(res.body).toMatchObject({ created: 1, unchanged: 1, failed: 4 });
    expect(res.body.results[1].problem).toMatchObject({ type: 'urn:reunion:INVALID_ALLELE', errors: [{ path: 'items.1.genotypes.TH01', locus: 'TH01', allele: 'abc' }] });
    expect(res.body.results[3].problem.type).toBe('urn:reunion:TOO_FEW_LOCI');
    expect(res.body.results[5].problem.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['items.5.kind']));
    expect(await t.store.profiles.count()).toBe(before + 1);
  });

  it('when the kit registry is asked for, then it lists the kits with their loci', async () => {
    const res = await request(t.app).get('/v1/kits').set(t.auth.investigator);

    expect(res.status).toBe(200);
    const globalFiler = res.body.find((k: { id: string }) => k.id === 'GlobalFiler');
    expect(globalFiler.autosomal).toHaveLength(21);
    expect(globalFiler.other).toEqual(['AMEL', 'DYS391', 'Yindel']);
  });
});
