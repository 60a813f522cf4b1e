import request from 'supertest';
import { aProfileBody, createTestApp, identifilerGenotypes, type TestApp } from '../support/test-app';

describe('createApp', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  it('when a request carries genotypes, then the logs hold the request line but none of the alleles or the key', async () => {
    t = await createTestApp();
    const distinctive = identifilerGenotypes({ D21S11: ['31.2', '33.2'], TH01: ['9.3', '5'] });

    const ok = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ sampleId: 'LOG-1', genotypes: distinctive }));
    const bad = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ genotypes: { ...distinctive, D18S51: ['17.1.1'] } }));

    expect([ok.status, bad.status]).toEqual([201, 400]);
    const logs = t.logLines();
    expect(logs.some((l) => l.includes('"url":"/v1/profiles"'))).toBe(true);
    const text = logs.join('\n');
    for (const secret of ['31.2', '33.2', '9.3', '17.1.1', t.auth.lab.Authorization.slice(7)]) expect(text).not.toContain(secret);
    for (const line of logs) expect(JSON.parse(line).req?.headers).toBeUndefined();
  });

  it('when a key sends more requests per minute than allowed, then the extra ones get a 429 problem and other keys are unaffected', async () => {
    t = await createTestApp({ rateLimitPerMinute: 3 });

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(t.app).get('/v1/profiles').set(t.auth.lab)).status);
    const other = await request(t.app).get('/v1/profiles').set(t.auth.lab2);

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(other.status).toBe(200);
    const limited = await request(t.app).get('/v1/profiles').set(t.auth.lab);
    expect(limited.body.type).toBe('urn:reunion:RATE_LIMITED');
  });

  it('when the body limit is small, then a body over it is a 413 and a body under it passes', async () => {
    t = await createTestApp({ bodyLimit: '2kb' });

    const small = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody());
    const large = await request(t.app).post('/v1/profiles').set(t.auth.lab).send(aProfileBody({ population: 'y'.repeat(3000) }));

    expect(small.status).toBe(201);
    expect(large.status).toBe(413);
  });

  it('when an unexpected error happens, then the client gets a generic 500 problem and the log has the error', async () => {
    t = await createTestApp();
    jest.spyOn(t.store.profiles, 'list').mockRejectedValueOnce(new Error('disk on fire'));

    const res = await request(t.app).get('/v1/profiles').set(t.auth.lab);

    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ type: 'urn:reunion:INTERNAL', status: 500 });
    expect(JSON.stringify(res.body)).not.toContain('disk on fire');
    expect(t.logLines().some((l) => l.includes('disk on fire') && JSON.parse(l).level === 50)).toBe(true);
  });
});
