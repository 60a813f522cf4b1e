import request from 'supertest';
import { aProfileBody, createTestApp, type TestApp } from '../../support/test-app';

describe('found persons API', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  async function foundProfile(): Promise<string> {
    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ kind: 'found' }));
    return res.body.id;
  }

  it('when an investigator registers a found person, then it is stored unidentified and can be fetched', async () => {
    const profileId = await foundProfile();

    const res = await request(t.app).post('/v1/found-persons').set(t.auth.investigator)
      .send({ profileId, foundAt: '2023-03-14', place: 'Shenzhen North station', estimatedBirthYear: 2012, notes: 'speaks Hakka' });
    const fetched = await request(t.app).get(`/v1/found-persons/${res.body.id}`).set(t.auth.investigator);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ profileId, foundAt: '2023-03-14', estimatedBirthYear: 2012, notes: 'speaks Hakka', status: 'unidentified', org: 'PSB-01' });
    expect(fetched.body).toEqual(res.body);
    expect((await t.store.audit.list({ action: 'foundPerson.create', limit: 5, offset: 0 })).items[0]!.targetId).toBe(res.body.id);
  });

  it('when the profile is a relative\'s reference profile, then it is a 409 and nothing is stored', async () => {
    const reference = (await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody())).body.id;

    const res = await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId: reference, foundAt: '2023-03-14', place: 'X' });

    expect(res.status).toBe(409);
    expect(await t.store.foundPersons.count()).toBe(0);
  });

  it('when the profile is already a found person, then the second registration is a 409', async () => {
    const profileId = await foundProfile();
    await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId, foundAt: '2023-03-14', place: 'X' });

    const res = await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId, foundAt: '2023-03-15', place: 'Y' });

    expect(res.status).toBe(409);
    expect(await t.store.foundPersons.count()).toBe(1);
  });

  it('when the profile id does not exist, then it is a 400 on profileId', async () => {
    const res = await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId: 'prf_none', foundAt: '2023-03-14', place: 'X' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'profileId', message: 'no profile prf_none' }]);
  });

  it('when found persons are listed by date, then only those found in the range are counted', async () => {
    for (const foundAt of ['2020-01-01', '2022-06-01', '2024-01-01']) {
      await request(t.app).post('/v1/found-persons').set(t.auth.investigator).send({ profileId: await foundProfile(), foundAt, place: 'X' });
    }

    const res = await request(t.app).get('/v1/found-persons?foundFrom=2021-01-01&foundTo=2023-12-31').set(t.auth.investigator);

    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0].foundAt).toBe('2022-06-01');
  });

  it('when a lab key is used, then the found-person API answers 403', async () => {
    const res = await request(t.app).get('/v1/found-persons').set(t.auth.lab);

    expect(res.status).toBe(403);
  });
});
