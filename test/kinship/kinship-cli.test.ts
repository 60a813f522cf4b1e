import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'kinship.ts');
const EXAMPLES = join(ROOT, 'test', 'fixtures', 'kinship-cases', 'examples.json');

/** Runs `npm run kinship -- ARGS` the way npm does (tsx), with optional standard input. */
function kinship(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, input: stdin, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kinship CLI (scripts/kinship.ts)', () => {
  it('when given the reference case file, then it prints one JSON document with every result in order and exits 0', () => {
    const r = kinship([EXAMPLES]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const ids = JSON.parse(readFileSync(EXAMPLES, 'utf8')).cases.map((c: { id: string }) => c.id);
    expect(out.results.map((x: { id: string }) => x.id)).toEqual(ids);
    expect(out.results[12]).toMatchObject({ id: 'p-duo-father-incons1-none', LR: 0, log10LR: null, log10LRNonFinite: '-Inf' });
  });

  it('when a case on standard input cannot be computed, then it gets {id, error} and the exit status is 1', () => {
    const [good] = JSON.parse(readFileSync(EXAMPLES, 'utf8')).cases;
    const bad = { ...good, id: 'bad', theta: 2 };
    const r = kinship(['-'], JSON.stringify([good, bad]));
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.results[0].id).toBe(good.id);
    expect(out.results[1]).toEqual({ id: 'bad', error: 'case "bad": "theta" must be a number with 0 <= theta < 1, got 2' });
  });

  it('when standard input is not JSON, then it exits 2 with a message on standard error and nothing on standard output', () => {
    const r = kinship(['-'], '{"cases": [');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/kinship: cannot read standard input/);
  });

  it('when the JSON is not a case file, then it exits 2 naming the problem', () => {
    const r = kinship(['-'], '42');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected a case object, an array of cases/);
  });

  it('when --prior is given, then every result carries prior and posterior', () => {
    const [good] = JSON.parse(readFileSync(EXAMPLES, 'utf8')).cases;
    const r = kinship(['--prior', '0.01', '-'], JSON.stringify(good));
    expect(r.status).toBe(0);
    const [result] = JSON.parse(r.stdout).results;
    expect(result.prior).toBe(0.01);
    expect(result.posterior).toBeGreaterThan(0.99);
  });
});
