import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const FORMATS = path.join(ROOT, 'test', 'fixtures', 'formats');
const NIST = path.join(ROOT, 'data-samples', 'profiles', 'nist1036-genotypes.csv');

/** `n` NIST 1036 rows under new sample ids (row i of the file as `<id>-<pass>`). */
function nistCsv(n: number): string {
  const [header, ...rows] = fs.readFileSync(NIST, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const out = [header!];
  for (let i = 0; i < n; i++) {
    const row = rows[i % rows.length]!;
    const comma = row.indexOf(',');
    out.push(`${row.slice(0, comma)}-${Math.floor(i / rows.length)}${row.slice(comma)}`);
  }
  return `${out.join('\n')}\n`;
}

async function storeCounts(dataDir: string): Promise<{ profiles: number; audit: number; distinctSamples: number }> {
  const store = EmbeddedStore.open({ dataDir });
  try {
    const all = await store.profiles.list({ lab: 'LAB-09', limit: 100_000, offset: 0 });
    const counts = await store.countRecords();
    return { profiles: counts.profiles, audit: counts.audit, distinctSamples: new Set(all.items.map((p) => p.sampleId)).size };
  } finally {
    await store.close();
  }
}

describe('scripts/import.ts', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-import-'));
    env = { PATH: process.env.PATH ?? '', DATA_DIR: path.join(dir, 'data') };
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when fixture files are imported twice, then the first run accepts every sample and the second skips them all', async () => {
    const files = [path.join(FORMATS, 'genemapper', 'euroformix-databaseESX17.txt'), path.join(FORMATS, 'familias', 'paternity.fam')];
    const args = ['scripts/import.ts', '--lab', 'LAB-09', '--kind', 'reference', ...files];

    const first = await run(TSX, args, { cwd: ROOT, env });
    const second = await run(TSX, args, { cwd: ROOT, env });

    expect(first.stdout).toMatch(/euroformix-databaseESX17\.txt \(genemapper\): 77 samples .*accepted 77, skipped as already accepted 0, rejected 0/);
    expect(first.stdout).toMatch(/paternity\.fam \(familias\): 2 samples .*accepted 2, skipped as already accepted 0, rejected 0/);
    expect(second.stdout).toMatch(/\(genemapper\): 77 samples .*accepted 0, skipped as already accepted 77, rejected 0/);
    expect(second.stdout).toMatch(/\(familias\): 2 samples .*accepted 0, skipped as already accepted 2, rejected 0/);
    expect(await storeCounts(env.DATA_DIR!)).toEqual({ profiles: 79, audit: 79, distinctSamples: 79 });
  });

  it('when the import is killed mid-file, then what it acknowledged is stored whole and a second run stores the rest, each sample once', async () => {
    const file = path.join(dir, 'archive.csv');
    fs.writeFileSync(file, nistCsv(3000));
    // node itself with the tsx loader (not the tsx wrapper, whose SIGKILL would leave its node child running).
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--lab', 'LAB-09', '--kind', 'reference', '--batch', '100', file], { cwd: ROOT, env });
    let progress = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        progress += chunk.toString();
        if ((progress.match(/samples/g) ?? []).length >= 3) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    const afterKill = await storeCounts(env.DATA_DIR!);

    const resumed = await run(TSX, ['scripts/import.ts', '--lab', 'LAB-09', '--kind', 'reference', '--batch', '100', file], { cwd: ROOT, env });

    expect(afterKill.profiles).toBeGreaterThanOrEqual(300);
    expect(afterKill.profiles).toBeLessThan(3000);
    expect(afterKill.profiles % 100).toBe(0);
    expect(afterKill.audit).toBe(afterKill.profiles);
    expect(resumed.stdout).toContain(`accepted ${3000 - afterKill.profiles}, skipped as already accepted ${afterKill.profiles}, rejected 0`);
    expect(await storeCounts(env.DATA_DIR!)).toEqual({ profiles: 3000, audit: 3000, distinctSamples: 3000 });
  });

  it('when a sample is malformed, then the run exits 2, the report names its line, locus and allele, and the other samples are stored', async () => {
    const file = path.join(dir, 'bad.csv');
    const rows = nistCsv(3).trim().split('\n');
    rows[2] = rows[2]!.replace(/^([^,]+,[^,]+,)[^,]+/, '$1x7');
    fs.writeFileSync(file, `${rows.join('\n')}\n`);

    const failed = await run(TSX, ['scripts/import.ts', '--lab', 'LAB-09', '--kind', 'found', file], { cwd: ROOT, env })
      .then(() => undefined, (e: { code: number; stdout: string }) => e);

    expect(failed!.code).toBe(2);
    expect(failed!.stdout).toMatch(/accepted 2, skipped as already accepted 0, rejected 1/);
    expect(failed!.stdout).toMatch(/rejected \S+ at line 3: INVALID_ALLELE: locus CSF1PO, allele "x7"/);
    expect(failed!.stdout).toContain('2 found-person profiles stored as profiles only');
    expect(await storeCounts(env.DATA_DIR!)).toEqual({ profiles: 2, audit: 2, distinctSamples: 2 });
  });
});
