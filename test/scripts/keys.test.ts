import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { authenticate, createServiceDeps } from '../../src/services';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

describe('scripts/keys.ts', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-cli-'));
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when a key is created, then standard output is only the key, and the key authenticates against the same store', async () => {
    const { stdout } = await run(TSX, ['scripts/keys.ts', 'create', '--role', 'lab', '--org', 'LAB-01'], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    });

    expect(stdout).toMatch(/^rk_lab_[A-Za-z0-9_-]{43}\n$/);
    const store = EmbeddedStore.open({ dataDir });
    const services = createServiceDeps(store, { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 1, defaultFrequencyTable: 'x' });
    await expect(authenticate(services, `Bearer ${stdout.trim()}`, null)).resolves.toMatchObject({ role: 'lab', org: 'LAB-01' });
    await store.close();
  });

  it('when the role is not one of the four, then it exits non-zero and prints nothing on standard output', async () => {
    const failed = await run(TSX, ['scripts/keys.ts', 'create', '--role', 'boss', '--org', 'X'], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    }).then(() => undefined, (e: { code: number; stdout: string; stderr: string }) => e);

    expect(failed!.code).not.toBe(0);
    expect(failed!.stdout).toBe('');
    expect(failed!.stderr).toContain('boss');
  });
});
