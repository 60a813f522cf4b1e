import request from 'supertest';
import { hashSessionToken, revokeApiKey, SYSTEM_ACTOR } from '../../../src/services';
import { createTestApp, type TestApp } from '../../support/test-app';

const keyOf = (auth: { Authorization: string }) => auth.Authorization.replace('Bearer ', '');
const aCaseBody = () => ({ child: { sex: 'female', missingSince: '2019-04-02', place: 'Guiyang' } });

/** The session cookie (`name=value`) and its attributes from a Set-Cookie answer. */
function sessionCookieOf(res: request.Response): { pair: string; attributes: string } {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('reunion_session='));
  if (!header) throw new Error('no session cookie was set');
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  return { pair: pair!, attributes: attributes.join('; ') };
}

describe('Workbench session: POST / GET / DELETE /v1/session', () => {
  let t: TestApp;
  let clock: number;

  beforeEach(async () => {
    clock = Date.parse('2025-03-01T08:00:00.000Z');
    t = await createTestApp({ now: () => new Date(clock), appDeps: { sessionLimits: { idleMs: 8 * 3_600_000, absoluteMs: 24 * 3_600_000 } } });
  });

  afterEach(async () => {
    await t.close();
  });

  async function signIn(key: string): Promise<{ cookie: string; csrf: string; res: request.Response }> {
    const res = await request(t.app).post('/v1/session').send({ apiKey: key });
    expect(res.status).toBe(201);
    return { cookie: sessionCookieOf(res).pair, csrf: res.body.csrfToken as string, res };
  }

  it('when an investigator signs in with a key, then an HttpOnly SameSite=Strict cookie is set, the answer holds role and CSRF token but not the key, and the cookie opens the API', async () => {
    const key = keyOf(t.auth.investigator);

    const { res, cookie } = await signIn(key);
    const cases = await request(t.app).get('/v1/cases').set('Cookie', cookie);

    const { attributes } = sessionCookieOf(res);
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/SameSite=Strict/);
    expect(attributes).toMatch(/Path=\//);
    expect(attributes).not.toMatch(/Secure/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ role: 'investigator', org: 'PSB-01', expiresAt: '2025-03-01T16:00:00.000Z', absoluteExpiresAt: '2025-03-02T08:00:00.000Z' });
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(cookie).not.toContain(key);
    expect(cases.status).toBe(200);
    expect(t.logLines().join('\n')).not.toContain(key);
  });

  it('when the store is read after sign-in, then it holds the SHA-256 of the cookie token with the key id, role and org, never the token', async () => {
    const { cookie } = await signIn(keyOf(t.auth.investigator));
    const token = cookie.slice('reunion_session='.length);

    const stored = await t.store.sessions.findByTokenHash(hashSessionToken(token));

    expect(stored).toMatchObject({ role: 'investigator', org: 'PSB-01', revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('when the service sits behind a trusted TLS proxy, then the cookie is also Secure', async () => {
    const behindProxy = await createTestApp({ appDeps: { trustProxy: 'loopback' } });

    const res = await request(behindProxy.app).post('/v1/session').set('X-Forwarded-Proto', 'https').send({ apiKey: keyOf(behindProxy.auth.investigator) });

    expect(sessionCookieOf(res).attributes).toMatch(/Secure/);
    await behindProxy.close();
  });

  it('when a key is wrong, then sign-in is a 401 problem, no cookie is set and the key is not logged', async () => {
    const wrong = 'rk_investigator_' + 'x'.repeat(43);

    const res = await request(t.app).post('/v1/session').send({ apiKey: wrong });

    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(t.logLines().join('\n')).not.toContain(wrong);
  });

  it('when a state-changing request comes with the cookie but without the CSRF header or with a wrong one, then it is a 403 problem and nothing is stored', async () => {
    const { cookie, csrf } = await signIn(keyOf(t.auth.investigator));
    const before = (await t.store.countRecords()).cases;

    const missing = await request(t.app).post('/v1/cases').set('Cookie', cookie).send(aCaseBody());
    const wrong = await request(t.app).post('/v1/cases').set('Cookie', cookie).set('X-CSRF-Token', csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))).send(aCaseBody());

    for (const res of [missing, wrong]) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:reunion:FORBIDDEN', detail: expect.stringContaining('x-csrf-token') });
    }
    expect((await t.store.countRecords()).cases).toBe(before);
  });

  it('when a state-changing request carries the session\'s CSRF token, then it goes through as the key\'s actor', async () => {
    const { cookie, csrf } = await signIn(keyOf(t.auth.investigator));

    const res = await request(t.app).post('/v1/cases').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(aCaseBody());

    expect(res.status).toBe(201);
    expect(res.body.org).toBe('PSB-01');
  });

  it('when a lab key is signed in, then the investigator API answers 403 to the cookie just as to the key', async () => {
    const { cookie } = await signIn(keyOf(t.auth.lab));

    const cases = await request(t.app).get('/v1/cases').set('Cookie', cookie);
    const match = await request(t.app).get('/v1/matches/match_1').set('Cookie', cookie);
    const session = await request(t.app).get('/v1/session').set('Cookie', cookie);

    expect(cases.status).toBe(403);
    expect(match.status).toBe(403);
    expect(session.body.role).toBe('lab');
  });

  it('when the page reloads, then GET /v1/session returns the same CSRF token and the review policy', async () => {
    const { cookie, csrf } = await signIn(keyOf(t.auth.investigator));

    const res = await request(t.app).get('/v1/session').set('Cookie', cookie);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ csrfToken: csrf, reviewPolicy: { requireTwoInvestigators: false, requireRetestBeforeConfirm: false } });
  });

  it('when the deployment requires two investigators and a re-test, then the session tells the page so it can state the rules', async () => {
    const strict = await createTestApp({ policy: { requireTwoInvestigators: true, requireRetestBeforeConfirm: true } });

    const res = await request(strict.app).post('/v1/session').send({ apiKey: keyOf(strict.auth.investigator) });

    expect(res.body.reviewPolicy).toEqual({ requireTwoInvestigators: true, requireRetestBeforeConfirm: true });
    await strict.close();
  });

  it('when the user signs out, then the cookie is cleared and the old cookie no longer works; sign-out without the CSRF header is refused', async () => {
    const { cookie, csrf } = await signIn(keyOf(t.auth.investigator));

    const refused = await request(t.app).delete('/v1/session').set('Cookie', cookie);
    const out = await request(t.app).delete('/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    const after = await request(t.app).get('/v1/cases').set('Cookie', cookie);

    expect(refused.status).toBe(403);
    expect(out.status).toBe(204);
    expect(sessionCookieOf(out).attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/sign in again/);
  });

  it('when a session is idle past its limit, then it is refused, while use within the limit keeps it alive past the first limit', async () => {
    const { cookie } = await signIn(keyOf(t.auth.investigator));

    clock += 7 * 3_600_000;
    const stillAlive = await request(t.app).get('/v1/cases').set('Cookie', cookie);
    clock += 7 * 3_600_000;
    const extended = await request(t.app).get('/v1/cases').set('Cookie', cookie);
    clock += 8 * 3_600_000 + 1;
    const idle = await request(t.app).get('/v1/cases').set('Cookie', cookie);

    expect(stillAlive.status).toBe(200);
    expect(extended.status).toBe(200);
    expect(idle.status).toBe(401);
  });

  it('when a session reaches its absolute limit, then it is refused however active it was', async () => {
    const { cookie } = await signIn(keyOf(t.auth.investigator));

    for (let hours = 0; hours < 24; hours += 4) {
      expect((await request(t.app).get('/v1/cases').set('Cookie', cookie)).status).toBe(200);
      clock += 4 * 3_600_000;
    }

    expect((await request(t.app).get('/v1/cases').set('Cookie', cookie)).status).toBe(401);
  });

  it('when the API key behind a session is revoked, then the session stops working at once', async () => {
    const { cookie } = await signIn(keyOf(t.auth.investigator));
    const session = await t.store.sessions.findByTokenHash(hashSessionToken(cookie.slice('reunion_session='.length)));

    await revokeApiKey(t.services, SYSTEM_ACTOR, session!.keyId);

    expect((await request(t.app).get('/v1/cases').set('Cookie', cookie)).status).toBe(401);
  });

  it('when no cookie and no key are sent, then GET /v1/session is a 401 problem', async () => {
    const res = await request(t.app).get('/v1/session');

    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
