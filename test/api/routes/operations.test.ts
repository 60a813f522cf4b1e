import request from 'supertest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from '../../support/test-app';

describe('operations endpoints', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('when /healthz is called without a key, then the process answers ok', async () => {
    const res = await request(t.app).get('/healthz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when the store answers, then /readyz is ready; when it is closed, then /readyz is a 503 problem', async () => {
    const ready = await request(t.app).get('/readyz');
    await t.store.close();

    const notReady = await request(t.app).get('/readyz');

    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { store: 'ok' } });
    expect(notReady.status).toBe(503);
    expect(notReady.body.type).toBe('urn:reunion:NOT_READY');
  });

  it('when a component is still starting, then /readyz is a 503 problem with its progress, /healthz answers, and other routes are refused with 503', async () => {
    let progress: { phase: string; loaded: number; total: number } | null = { phase: 'snapshot', loaded: 3, total: 10 };
    const starting = await createTestApp({ appDeps: { readinessChecks: [{
      name: 'search',
      check: async () => {
        if (progress) throw new Error(`starting (${progress.phase})`);
      },
      starting: () => progress,
    }] } });
    try {
      const ready = await request(starting.app).get('/readyz');
      const health = await request(starting.app).get('/healthz');
      const refused = await request(starting.app).get('/v1/profiles').set(starting.auth.lab);
      progress = null;
      const afterwards = await request(starting.app).get('/v1/profiles').set(starting.auth.lab);

      expect(ready.status).toBe(503);
      expect(ready.type).toBe('application/problem+json');
      expect(ready.body).toMatchObject({ type: 'urn:reunion:NOT_READY', progress: { phase: 'snapshot', loaded: 3, total: 10 }, checks: { store: 'ok', search: 'failed: starting (snapshot)' } });
      expect(health.status).toBe(200);
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toContain('snapshot 3 of 10');
      expect(afterwards.status).toBe(200);
    } finally {
      await starting.close();
    }
  });

  it('when requests were served, then /metrics exposes their duration histogram by route pattern', async () => {
    await request(t.app).get('/v1/profiles').set(t.auth.lab);

    const res = await request(t.app).get('/metrics');

    expect(res.status).toBe(200);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/v1\/profiles",status_code="200"\} 1/);
  });

  it('when /openapi.yaml is fetched, then it is the YAML document; /docs serves the swagger UI', async () => {
    const yamlRes = await request(t.app).get('/openapi.yaml');
    const docs = await request(t.app).get('/docs/');

    expect(yamlRes.status).toBe(200);
    expect(yamlRes.type).toBe('application/yaml');
    expect(parse(yamlRes.text).info.title).toBe('Reunion');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
  });

  it('when any response is sent, then helmet headers are set and the server does not advertise express', async () => {
    const res = await request(t.app).get('/healthz');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when a request carries an X-Request-Id, then the response and the problem instance use it', async () => {
    const res = await request(t.app).get('/v1/nothing-here').set(t.auth.lab).set('X-Request-Id', 'trace-123');

    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.instance).toBe('trace-123');
  });
});
