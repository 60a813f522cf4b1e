import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/test-app';

/** /app/ serves the bundle that jest's globalSetup built (scripts/build-web.ts). */
describe('GET /app/ (the investigator workbench)', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  it('when the page is requested, then it is served under a CSP with no inline script, no eval and no foreign origin', async () => {
    t = await createTestApp();

    const res = await request(t.app).get('/app/');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<script type="module" src="app.js"></script>');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.text).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|style=/);
  });

  it('when the bundle and the font are requested, then both come from this server (no CDN)', async () => {
    t = await createTestApp();

    const script = await request(t.app).get('/app/app.js');
    const font = await request(t.app).get('/app/fonts/NotoSansCJKsc-Regular-GB2312.otf');

    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\//i);
    expect(font.status).toBe(200);
  });

  it('when /app is asked without the slash, then it redirects to /app/', async () => {
    t = await createTestApp();

    const res = await request(t.app).get('/app');

    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/app/');
  });

  it('when the workbench has not been built, then /app/ is a 503 problem saying how to build it', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-noweb-'));
    t = await createTestApp({ appDeps: { workbenchDir: empty } });

    const res = await request(t.app).get('/app/');

    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toContain('npm run build:web');
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
