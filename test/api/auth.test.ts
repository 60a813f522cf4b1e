import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('authentication and roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['a malformed key', 'Bearer hello'],
    ['a well-formed unknown key', `Bearer rk_lab_${'A'.repeat(43)}`],
  ])('when a request has %s, then it is a 401 problem', async (_what, header) => {
    const req = request(t.app).get('/v1/profiles');
    if (header) req.set('Authorization', header);

    const res = await req;

    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:reunion:UNAUTHORIZED', status: 401, title: 'Authentication required' });
  });

  it.each([
    ['lab', 'get', '/v1/cases'],
    ['lab', 'get', '/v1/audit'],
    ['lab', 'post', '/v1/api-keys'],
    ['investigator', 'post', '/v1/profiles'],
    ['investigator', 'get', '/v1/api-keys'],
    ['hub', 'get', '/v1/profiles'],
    ['hub', 'get', '/v1/found-persons'],
    ['admin', 'get', '/v1/profiles/prf_x'],
    ['admin', 'post', '/v1/cases'],
  ] as const)('when a %s key calls %s %s, then it is a 403 problem', async (role, method, path) => {
    const res = await request(t.app)[method](path).set(t.auth[role]).send({});

    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:reunion:FORBIDDEN');
    expect(res.body.detail).toContain(`role ${role}`);
  });
});
