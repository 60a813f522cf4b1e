import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, createLogger, loadConfig } from '../src/lib';
import { startServer, stopServer } from '../src/main';
import { mulberry32 } from '../src/matching';
import { mendelianChild } from '../src/services';
import { EmbeddedStore } from '../src/store/embedded/embedded-store';
import { nistPerson } from './support/matching-app';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

describe('startServer / stopServer', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-main-'));
  });

  afterEach(async () => {
    await stopServer();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const configFor = (env: Record<string, string> = {}) => loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const silent = createLogger({ level: 'silent' });

  it('when the service starts on a fresh data folder, then it prints the docs URL and a working demo key per role and serves the sample data', async () => {
    const printed: string[] = [];

    const server = await startServer(configFor(), { logger: silent, print: (l) => printed.push(l) });

    expect(printed.join('\n')).toContain(`${server.url}/docs`);
    expect(Object.keys(server.demoKeys).sort()).toEqual(['admin', 'hub', 'investigator', 'lab']);
    for (const key of Object.values(server.demoKeys)) expect(printed.join('\n')).toContain(key);
    const cases = await fetch(`${server.url}/v1/cases`, { headers: { Authorization: `Bearer ${server.demoKeys.investigator}` } });
    expect(cases.status).toBe(200);
    expect(((await cases.json()) as { total: number }).total).toBe(3);
    const tables = (await (await fetch(`${server.url}/v1/frequency-tables`, { headers: { Authorization: `Bearer ${server.demoKeys.lab}` } })).json()) as Array<{ id: string; isDefault: boolean }>;
    expect(tables.map((t) => t.id)).toEqual(expect.arrayContaining(['nist1036-all', 'cnas-af39-chinese-han', 'popstr-china-han']));
    expect(tables.find((t) => t.isDefault)!.id).toBe('nist1036-all');
    expect((fs.statSync(path.join(dataDir, 'demo-keys.secret')).mode & 0o777).toString(8)).toBe('600');
  });

  it('when the service is stopped and started again, then the demo keys are the same and nothing is seeded twice', async () => {
    const first = await startServer(configFor(), { logger: silent, print: () => undefined });
    const counts = await first.store.countRecords();
    await stopServer();

    const second = await startServer(configFor(), { logger: silent, print: () => undefined });

    expect(second.demoKeys).toEqual(first.demoKeys);
    const again = await second.store.countRecords();
    expect({ ...again, audit: 0 }).toEqual({ ...counts, audit: 0 });
  });

  it('when DEMO_KEYS is turned off, then the earlier demo keys stop working and none are printed', async () => {
    const first = await startServer(configFor(), { logger: silent, print: () => undefined });
    await stopServer();
    const printed: string[] = [];

    const second = await startServer(configFor({ DEMO_KEYS: 'false' }), { logger: silent, print: (l) => printed.push(l) });
    const res = await fetch(`${second.url}/v1/profiles`, { headers: { Authorization: `Bearer ${first.demoKeys.lab}` } });

    expect(res.status).toBe(401);
    expect(second.demoKeys).toEqual({});
    expect(printed.join('\n')).not.toContain('rk_');
  });

  it('when the default frequency table does not exist, then the start fails with a configuration error', async () => {
    await expect(startServer(configFor({ DEFAULT_FREQUENCY_TABLE: 'atlantis', SEED_SAMPLE_DATA: 'false' }), { logger: silent, print: () => undefined }))
      .rejects.toBeInstanceOf(ConfigError);
  });
});

/** Runs `tsx src/main.ts` as `npm start` does, until `until` appears in its output or it exits. */
interface Run { code: number | null; out: string; output: () => string; kill: () => void; exited: Promise<number | null> }

function runMain(env: Record<string, string>, until?: RegExp): Promise<Run> {
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve) => {
    const check = (chunk: Buffer) => {
      out += String(chunk);
      if (until?.test(out)) resolve({ code: null, out, output: () => out, kill: () => child.kill('SIGTERM'), exited });
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then((code) => resolve({ code, out, output: () => out, kill: () => undefined, exited }));
  });
}

describe('src/main.ts as a process', () => {
  it('when it gets SIGTERM, then it stops accepting, closes the store, logs "stopped" and exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-proc-'));
    const started = await runMain({ PORT: '0', DATA_DIR: dataDir, SEED_SAMPLE_DATA: 'false' }, /API documentation: http:\/\/127\.0\.0\.1:\d+\/docs/);

    started.kill();
    const code = await started.exited;

    expect(code).toBe(0);
    expect(started.output()).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"[\s\S]*"msg":"stopped"/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the environment is invalid, then it exits 1 listing every bad variable', async () => {
    const result = await runMain({ PORT: 'x', LOG_LEVEL: 'chatty' });

    expect(result.code).toBe(1);
    expect(result.out).toContain('PORT');
    expect(result.out).toContain('LOG_LEVEL');
  });

  it('when two service processes run over one data folder, then a found person stored through one is found by a search on the other within 2 s, and only one holds the hub lease', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-replicas-'));
    const env = { PORT: '0', DATA_DIR: dataDir, SEED_SAMPLE_DATA: 'false', WORKERS: '1', CHANGE_POLL_MS: '200', LEASE_TTL_MS: '3000' };
    const listening = /Demo API keys.*\n(?:\s+\w+\s+\S+\n){4}/;
    const a = await runMain(env, listening);
    const b = await runMain(env, listening);
    const store = EmbeddedStore.open({ dataDir });
    try {
      const [urlA, urlB] = [a, b].map((r) => /Reunion is listening on (http:\/\/\S+)/.exec(r.output())![1]!);
      const key = (role: string) => `Bearer ${new RegExp(`\\n\\s+${role}\\s+(\\S+)`).exec(a.output())![1]!}`;
      const father = nistPerson(300);
      const mother = nistPerson(301);
      const child = mendelianChild(father, mother, mulberry32(3));
      const post = (url: string, role: string, body: unknown) => fetch(url, { method: 'POST', headers: { Authorization: key(role), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

      const profile = await post(`${urlA}/v1/profiles`, 'lab', { sampleId: 'REPLICA-1', kind: 'found', kit: 'custom', genotypes: { ...child, AMEL: ['X', 'Y'] } });
      const person = await post(`${urlA}/v1/found-persons`, 'investigator', { profileId: ((await profile.json()) as { id: string }).id, foundAt: '2024-01-01', place: 'Xiamen' });
      const storedAt = performance.now();
      const foundPersonId = ((await person.json()) as { id: string }).id;
      const search = { family: {
        individuals: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'C', father: 'F', mother: 'M', sex: 'male' }],
        missing: 'C', genotypes: { F: father, M: mother },
      } };
      let candidates: string[] = [];
      while (!candidates.includes(foundPersonId) && performance.now() - storedAt < 5_000) {
        const res = await post(`${urlB}/v1/search`, 'investigator', search);
        candidates = ((await res.json()) as { candidates: Array<{ foundPersonId?: string }> }).candidates.map((c) => c.foundPersonId ?? '');
        if (!candidates.includes(foundPersonId)) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const lagMs = performance.now() - storedAt;

      expect(candidates).toContain(foundPersonId);
      expect(lagMs).toBeLessThan(2_000);
      const holder = await store.leases.holder('hub-delivery', new Date());
      const taken = [a, b].filter((r) => r.output().includes('hub delivery lease taken'));
      expect(holder).toMatch(/^worker_/);
      expect(taken).toHaveLength(1);
      expect(taken[0]!.output()).toContain(holder);
    } finally {
      a.kill();
      b.kill();
      await Promise.all([a.exited, b.exited]);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
