/**
 * `npm run --silent bench:restart -- --families 200000 --writes 40 --json`: what a restart and a
 * second replica cost.
 *
 * Restart: a synthetic national database (src/simulation, fixed seed) is built into the matching
 * engine (the rebuild: the engine's own work, not reading the store, so a lower bound of a rebuild
 * from the store, which also reads and decodes every record), written as an index snapshot, read
 * back and restored into a new engine (the load), and a few searches check that both engines
 * answer the same. Reports families, snapshot bytes and bytes per family, write, load and rebuild
 * ms (the worker pool, started either way, apart).
 *
 * Replica lag: two service processes (`tsx src/main.ts`, PORT=0) over one fresh embedded data
 * folder; `--writes` found persons are registered through the first, and after each the second is
 * searched (a family of the found person's parents against every found person) until it finds
 * it. Lag = time from the registration's answer to the first search that finds it; p50/p99.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import {
  MatchingEngine, mutationForLocus, mulberry32, readIndexSnapshot, writeIndexSnapshot, type FamilyInput, type MatchingEngineOptions,
  type ProfileGenotypes, type SearchPolicyValues,
} from '../src/matching';
import type { Genotypes } from '../src/domain';
import { mendelianChild } from '../src/services';
import { simulateDatabase } from '../src/simulation';
import { loadSampleData } from './load-sample-data';

const program = new Command()
  .option('--families <n>', 'reference families', (v) => Number(v), 100_000)
  .option('--writes <n>', 'found persons written through one replica and awaited on the other (0: skip the replica part)', (v) => Number(v), 40)
  .option('--poll <ms>', 'CHANGE_POLL_MS of the replicas', (v) => Number(v), 500)
  .option('--workers <n>', 'worker threads', (v) => Number(v), 1)
  .option('--seed <n>', 'simulation seed', (v) => Number(v), 20250601)
  .option('--json', 'print one JSON object')
  .parse();
const opts = program.opts<{ families: number; writes: number; poll: number; workers: number; seed: number; json?: boolean }>();

const POLICY: SearchPolicyValues = { thresholdLr: 10_000, maxInconsistentLoci: 2, minLociCompared: 10, theta: 0, prior: 0.5, maxCandidates: 50 };
const MODEL = { policyVersion: 1, tableFingerprint: 'bench', modelFingerprint: 'bench' };
const ROOT = path.resolve(__dirname, '..');

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function restartFigures(): Promise<Record<string, number>> {
  const data = loadSampleData();
  const loci = Object.keys(data.table.loci).filter((l) => data.nist.some((g) => g[l]));
  const options: MatchingEngineOptions = {
    table: data.table, policy: POLICY, mutation: mutationForLocus({ kind: 'perLocus' }, data.rates), minimumFrequency: { floor: 0.001, useSampleSize: true },
    workers: opts.workers,
  };
  const engine = await MatchingEngine.create(options);
  const children: ProfileGenotypes[] = [];
  let batch: Array<[string, FamilyInput]> = [];
  let rebuildMs = 0;
  const flush = async (): Promise<void> => {
    const t0 = performance.now();
    await engine.upsertFamilies(batch);
    rebuildMs += performance.now() - t0;
    batch = [];
  };
  for (const r of simulateDatabase({
    seed: opts.seed, families: opts.families, planted: 20, unrelatedFound: 0, decoyShare: 0, loci, founders: { genotypes: data.nist }, mutationRates: data.rates,
  })) {
    if (r.type === 'family') {
      batch.push([r.key, r.family]);
      if (batch.length >= 4096) await flush();
    } else {
      children.push(r.genotypes);
    }
  }
  if (batch.length > 0) await flush();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-bench-restart-'));
  const file = path.join(dir, 'search-index.snapshot');
  try {
    let t0 = performance.now();
    const bytes = await writeIndexSnapshot(file, engine, { ...MODEL, seq: 1, anchor: null });
    const writeMs = performance.now() - t0;
    t0 = performance.now();
    // The pool starts in either way of starting; it is reported apart.
    const restored = await MatchingEngine.create(options);
    const poolStartMs = performance.now() - t0;
    t0 = performance.now();
    const read = await readIndexSnapshot(file, MODEL);
    if (read.kind !== 'loaded') throw new Error(`snapshot not loaded: ${JSON.stringify(read)}`);
    await restored.restoreState(read.state);
    const loadMs = performance.now() - t0;
    for (const child of children) {
      const [a, b] = [await engine.searchFamilies(child), await restored.searchFamilies(child)];
      if (JSON.stringify(a.candidates) !== JSON.stringify(b.candidates)) throw new Error('the restored engine answers differently');
    }
    const families = engine.familyCount;
    const stats = engine.stats();
    await restored.close();
    await engine.close();
    return {
      families, snapshotBytes: bytes, snapshotBytesPerFamily: Math.round(bytes / families), snapshotWriteMs: Math.round(writeMs),
      snapshotLoadMs: Math.round(loadMs), poolStartMs: Math.round(poolStartMs), rebuildMs: Math.round(rebuildMs), loadVsRebuild: Number((loadMs / rebuildMs).toFixed(3)),
      familyBytesPerFamily: Math.round(stats.familyBytes / families), allocatedBytes: stats.allocatedBytes,
      loadMsPerMillionFamilies: Math.round((loadMs / families) * 1e6), rebuildMsPerMillionFamilies: Math.round((rebuildMs / families) * 1e6),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Replica {
  readonly child: ChildProcess;
  readonly url: string;
  readonly keys: Record<string, string>;
}

function startReplica(dataDir: string): Promise<Replica> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dataDir, SEED_SAMPLE_DATA: 'false', WORKERS: '1', CHANGE_POLL_MS: String(opts.poll), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const check = (chunk: Buffer): void => {
      out += String(chunk);
      const url = /Reunion is listening on (\S+)/.exec(out)?.[1];
      const keys = Object.fromEntries([...out.matchAll(/\n\s+(lab|investigator)\s+(\S+)/g)].map((m) => [m[1]!, m[2]!]));
      if (url && keys.lab && keys.investigator) resolve({ child, url, keys });
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('exit', (code) => reject(new Error(`replica exited (${code}): ${out}`)));
  });
}

async function replicaLag(): Promise<Record<string, number>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-bench-replicas-'));
  const a = await startReplica(dataDir);
  const b = await startReplica(dataDir);
  try {
    const data = loadSampleData();
    const post = async (replica: Replica, role: string, route: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await fetch(`${replica.url}${route}`, { method: 'POST', headers: { Authorization: `Bearer ${replica.keys[role]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as Record<string, unknown>;
    };
    const lags: number[] = [];
    for (let i = 0; i < opts.writes; i++) {
      const father = data.nist[(2 * i) % data.nist.length]!;
      const mother = data.nist[(2 * i + 1) % data.nist.length]!;
      const child = mendelianChild(father as Genotypes, mother as Genotypes, mulberry32(i + 1));
      // A random pause, so that writes do not fall in step with the other replica's poll.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * opts.poll));
      const profile = await post(a, 'lab', '/v1/profiles', { sampleId: `BENCH-${i}`, kind: 'found', kit: 'custom', genotypes: { ...child, AMEL: ['X', 'Y'] } });
      const person = await post(a, 'investigator', '/v1/found-persons', { profileId: profile.id, foundAt: '2024-01-01', place: 'Xiamen' });
      const stored = performance.now();
      const search = { family: {
        individuals: [{ id: 'F', sex: 'male' }, { id: 'M', sex: 'female' }, { id: 'C', father: 'F', mother: 'M', sex: 'male' }], missing: 'C', genotypes: { F: father, M: mother },
      } };
      for (;;) {
        const result = await post(b, 'investigator', '/v1/search', search) as { candidates?: Array<{ foundPersonId?: string }> };
        if (result.candidates?.some((c) => c.foundPersonId === person.id)) break;
        if (performance.now() - stored > 10_000) throw new Error('not visible on the other replica within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      lags.push(performance.now() - stored);
    }
    lags.sort((x, y) => x - y);
    return { replicaWrites: lags.length, changePollMs: opts.poll, replicaLagP50Ms: Math.round(quantile(lags, 0.5)), replicaLagP99Ms: Math.round(quantile(lags, 0.99)) };
  } finally {
    for (const r of [a, b]) r.child.kill('SIGTERM');
    await Promise.all([a, b].map((r) => new Promise((resolve) => (r.child.exitCode !== null ? resolve(null) : r.child.once('exit', resolve)))));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const load = os.loadavg().map((x) => Number(x.toFixed(2)));
  const out = { ...(await restartFigures()), ...(opts.writes > 0 ? await replicaLag() : {}), workers: opts.workers, cores: os.availableParallelism(), loadAverage: load };
  if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(28)} ${Array.isArray(v) ? v.join(' ') : v}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
