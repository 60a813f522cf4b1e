/**
 * `npm run --silent bench -- --families 1000000 --queries 200 --json`: builds a synthetic national
 * database (src/simulation/simulate-database.ts, fixed seed) into the matching engine and measures
 * the build, the memory per family, forward searches (a planted found child against all families,
 * end to end: encoding, the worker pool, merging), reverse searches (a family against all found
 * persons; `--found N` sets their number), recall on the planted children, and the memory-bandwidth
 * floor of this machine for scanning the index once. Prints one JSON object with `--json`, else a
 * table (with a progress bar on standard error while building).
 *
 * The families are then indexed a second time into a new engine as the service's index build does
 * it (src/services/matches/index-build.ts FamilyLoader): each batch's false-hit rates
 * (P(an unrelated found person meets the policy), for `expectedFalseCandidates`) computed on the
 * pool while the engine indexes the next batch. `buildMs` is the engine alone, `buildWithCalibrationMs`
 * the service's build, and `buildRatioWithCalibration` the second over the first, both in this
 * run; the families are simulated in chunks before each timed load, so neither build is charged
 * for the simulation. A query does not touch the rates.
 *
 * `--verify N` also checks the first N forward searches against an exhaustive exact scan: every
 * family scored with the engine's exact scorer (equal to the peeling engine: the kinship scorer's
 * property tests), kept by the policy verdict; any difference in candidates or LRs is counted and
 * makes the run fail. The unit tests check the same on a few hundred families; this is the check
 * at database scale.
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { meetsSearchPolicy } from '../src/domain';
import { MatchingEngine, mutationForLocus, type FamilyInput, type MatchingEngineOptions, type ProfileGenotypes, type SearchPolicyValues } from '../src/matching';
import { FalseHitRates } from '../src/services/matches/false-hit-rates';
import { FamilyLoader } from '../src/services/matches/index-build';
import { simulateDatabase, type SimulatedRecord, type SimulatedShape } from '../src/simulation';
import { loadSampleData } from './load-sample-data';

const program = new Command()
  .option('--families <n>', 'reference families', (v) => Number(v), 100_000)
  .option('--queries <n>', 'forward searches (planted found children)', (v) => Number(v), 200)
  .option('--found <n>', 'found persons in the reverse index (planted + unrelated)', (v) => Number(v))
  .option('--reverse <n>', 'reverse searches', (v) => Number(v), 50)
  .option('--workers <n>', 'worker threads (default: WORKERS or the core count)', (v) => Number(v))
  .option('--seed <n>', 'simulation seed', (v) => Number(v), 20250601)
  .option('--founders <source>', 'nist (real per-locus genotypes) or table (frequency draws)', 'nist')
  .option('--table <id>', 'frequency table of data-samples/frequencies', 'nist1036-all')
  .option('--decoys <share>', 'share of planted children with three decoy families', (v) => Number(v), 0.2)
  .option('--verify <n>', 'check the first n forward searches against an exhaustive exact scan of every family', (v) => Number(v), 0)
  .option('--theta <θ>', 'Balding–Nichols θ of the search policy (θ > 0 scores families without a parent or child exactly: slow)', (v) => Number(v), 0)
  .option('--json', 'print one JSON object')
  .parse();
const opts = program.opts<{
  families: number; queries: number; found?: number; reverse: number; workers?: number; seed: number; founders: string; table: string; decoys: number; theta: number;
  verify: number; json?: boolean;
}>();

const POLICY: SearchPolicyValues = { thresholdLr: 10_000, maxInconsistentLoci: 2, minLociCompared: 10, theta: opts.theta, prior: 0.5, maxCandidates: 50 };

/** A garbage collection on demand (for the memory measurement) without restarting node with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}

/** Time to read `bytes` of memory once, summing 32-bit words (a lower bound on any scan of them). */
function bandwidthMs(bytes: number): number {
  const words = new Uint32Array(Math.max(1, Math.floor(bytes / 4)));
  for (let i = 0; i < words.length; i += 1024) words[i] = i;
  let best = Infinity;
  let sink = 0;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    let s = 0;
    for (let i = 0; i < words.length; i++) s = (s + words[i]!) | 0;
    sink ^= s;
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === 42) process.stderr.write('');
  return best;
}

async function main(): Promise<void> {
  const workers = opts.workers ?? Number(process.env.WORKERS ?? os.availableParallelism());
  const data = loadSampleData(opts.table);
  const loci = Object.keys(data.table.loci).filter((l) => data.nist.some((g) => g[l]));
  const foundTotal = opts.found ?? opts.queries;
  const engineOptions: MatchingEngineOptions = {
    table: data.table,
    policy: POLICY,
    mutation: mutationForLocus({ kind: 'perLocus' }, data.rates),
    minimumFrequency: { floor: 0.001, useSampleSize: true },
    workers,
  };
  const engine = await MatchingEngine.create(engineOptions);
  const records = simulateDatabase({
    seed: opts.seed,
    families: opts.families,
    planted: opts.queries,
    unrelatedFound: Math.max(0, foundTotal - opts.queries),
    decoyShare: opts.decoys,
    loci,
    founders: opts.founders === 'table' ? { frequencies: data.table.loci } : { genotypes: data.nist },
    mutationRates: data.rates,
  });

  const bar = opts.json ? null : new SingleBar({ format: 'building {bar} {percentage}% | {value}/{total} families | {duration}s', stream: process.stderr }, Presets.shades_classic);
  bar?.start(opts.families, 0);
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const planted: Array<{ child: ProfileGenotypes; key: string; shape: SimulatedShape }> = [];
  const truth = new Map<string, FamilyInput>();
  const everyFamily = new Map<string, FamilyInput>();
  let batch: Array<[string, FamilyInput]> = [];
  let familiesSeen = 0;
  // Build time: the engine's own work (encoding, templates, bounds, appends), not the simulation.
  let buildMs = 0;
  const flush = async (): Promise<void> => {
    const t0 = performance.now();
    await engine.upsertFamilies(batch);
    buildMs += performance.now() - t0;
    batch = [];
    bar?.update(familiesSeen);
  };
  let foundBatch: Array<Promise<void>> = [];
  for (const r of records) {
    if (r.type === 'family') {
      batch.push([r.key, r.family]);
      if (opts.verify > 0) everyFamily.set(r.key, r.family);
      familiesSeen++;
      if (batch.length >= 4096) await flush();
      continue;
    }
    if (batch.length > 0) await flush();
    foundBatch.push(engine.upsertFoundPerson(r.key, r.genotypes));
    if (foundBatch.length >= 4096) {
      await Promise.all(foundBatch);
      foundBatch = [];
    }
    if (r.trueFamily) planted.push({ child: r.genotypes, key: r.trueFamily, shape: r.shape! });
  }
  if (batch.length > 0) await flush();
  await Promise.all(foundBatch);
  bar?.update(familiesSeen);
  bar?.stop();
  collectGarbage();
  const stats = engine.stats();
  const rssAfter = process.memoryUsage().rss;

  // The planted children's true families, for their exact scores: the same seed gives them again.
  const wanted = new Set(planted.map((p) => p.key));
  for (const r of simulateDatabase({
    seed: opts.seed, families: opts.families, planted: opts.queries, unrelatedFound: 0, decoyShare: opts.decoys, loci,
    founders: opts.founders === 'table' ? { frequencies: data.table.loci } : { genotypes: data.nist }, mutationRates: data.rates,
  })) {
    if (r.type !== 'family') break;
    if (wanted.has(r.key)) truth.set(r.key, r.family);
  }

  const calibrated = await buildWithCalibration(engineOptions, () => simulateDatabase({
    seed: opts.seed, families: opts.families, planted: 0, unrelatedFound: 0, decoyShare: opts.decoys, loci,
    founders: opts.founders === 'table' ? { frequencies: data.table.loci } : { genotypes: data.nist }, mutationRates: data.rates,
  }));

  // Warm-up (not measured): real NIST individuals, so every worker has compiled its models and kernels.
  for (const poi of data.nist.slice(0, 10)) await engine.searchFamilies(poi);
  const breakdown: Record<string, number[]> = {};
  const forwardMs: number[] = [];
  let rankedFirst = 0;
  let screenMisses = 0;
  let belowThreshold = 0;
  let lost = 0;
  const byShape: Record<string, { planted: number; rankedFirst: number }> = {};
  const forwardStarted = performance.now();
  // Searches whose found person carries an allele the panel lacks first teach it (new models at that
  // locus, bounds recomputed): counted and timed apart, as they are the slow tail.
  const learningMs: number[] = [];
  for (const p of planted) {
    const generation = engine.stats().panelGeneration;
    const t0 = performance.now();
    const result = await engine.searchFamilies(p.child);
    forwardMs.push(performance.now() - t0);
    if (engine.stats().panelGeneration !== generation) learningMs.push(performance.now() - t0);
    for (const [k, v] of Object.entries(result.stats.ms)) (breakdown[k] ??= []).push(v);
    const s = (byShape[p.shape] ??= { planted: 0, rankedFirst: 0 });
    s.planted++;
    if (result.candidates[0]?.key === p.key) {
      rankedFirst++;
      s.rankedFirst++;
      continue;
    }
    const exact = await engine.score(truth.get(p.key)!, p.child);
    if (!exact) continue;
    if (exact.inconsistentLoci > POLICY.maxInconsistentLoci) screenMisses++;
    else if (exact.LR < POLICY.thresholdLr || exact.lociCompared < POLICY.minLociCompared) belowThreshold++;
    else if (!result.candidates.some((c) => c.key === p.key)) lost++;
  }
  const forwardTotal = performance.now() - forwardStarted;

  const reverseMs: number[] = [];
  const reverseFamilies = planted.slice(0, opts.reverse).map((p) => truth.get(p.key)!);
  for (const family of reverseFamilies) {
    const t0 = performance.now();
    await engine.searchFoundPersons(family);
    reverseMs.push(performance.now() - t0);
  }
  const verify = await verifyAgainstExhaustiveScan(engine, everyFamily, planted.slice(0, opts.verify).map((p) => p.child));
  forwardMs.sort((a, b) => a - b);
  reverseMs.sort((a, b) => a - b);

  const floorSingleMs = bandwidthMs(stats.familyBytes);
  const out = {
    families: stats.families,
    foundPersons: stats.foundPersons,
    workers: stats.workers,
    buildMs: round(buildMs, 0),
    buildWithCalibrationMs: round(calibrated.ms, 0),
    buildRatioWithCalibration: round(calibrated.ms / Math.max(1, buildMs)),
    expectedFalseCandidatesPerSearch: Number(calibrated.expectedFalseCandidates.toPrecision(4)),
    bytesPerFamily: round(stats.familyBytes / Math.max(1, stats.families), 1),
    bytesPerFoundPerson: round(stats.foundPersonBytes / Math.max(1, stats.foundPersons), 1),
    allocatedBytes: stats.allocatedBytes,
    rssBytesPerFamily: round((rssAfter - rssBefore) / Math.max(1, stats.families), 1),
    query: { p50Ms: round(quantile(forwardMs, 0.5)), p99Ms: round(quantile(forwardMs, 0.99)), qps: round(planted.length / (forwardTotal / 1000), 1) },
    queryOverFloor: { p50: round(quantile(forwardMs, 0.5) / (floorSingleMs / Math.max(1, workers))), p99: round(quantile(forwardMs, 0.99) / (floorSingleMs / Math.max(1, workers))) },
    queriesLearningAnAllele: { count: learningMs.length, ms: learningMs.map((ms) => round(ms)) },
    reverse: { p50Ms: round(quantile(reverseMs, 0.5)), p99Ms: round(quantile(reverseMs, 0.99)) },
    recall: { planted: planted.length, rankedFirst, screenMisses, belowThreshold, lost, byShape },
    verify,
    floor: {
      familyIndexBytes: stats.familyBytes,
      singleThreadScanMs: round(floorSingleMs),
      scanMsWithWorkers: round(floorSingleMs / Math.max(1, workers)),
    },
    templates: stats.templates,
    loci: stats.loci,
    /** Median milliseconds per segment kind in the slowest worker of each search. */
    breakdownMs: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round(quantile(v.sort((a, b) => a - b), 0.5))])),
  };
  await engine.close();
  if (verify.mismatches > 0) process.exitCode = 1;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const rows: Array<[string, string]> = [
    ['families', String(out.families)],
    ['found persons', String(out.foundPersons)],
    ['workers', String(out.workers)],
    ['loci in the panel', String(out.loci)],
    ['build', `${out.buildMs} ms`],
    ['build with false-hit calibration (ratio)', `${out.buildWithCalibrationMs} ms (${out.buildRatioWithCalibration}x)`],
    ['expected false candidates per forward search', String(out.expectedFalseCandidatesPerSearch)],
    ['index bytes per family (resident rows + ids)', String(out.bytesPerFamily)],
    ['index bytes per found person', String(out.bytesPerFoundPerson)],
    ['resident bytes per family (RSS growth)', String(out.rssBytesPerFamily)],
    ['search p50 / p99', `${out.query.p50Ms} / ${out.query.p99Ms} ms`],
    ['search p50 / p99 over the pass with workers', `${out.queryOverFloor.p50} / ${out.queryOverFloor.p99}`],
    ['searches teaching the panel an allele (ms)', `${out.queriesLearningAnAllele.count} (${out.queriesLearningAnAllele.ms.join(', ')})`],
    ['searches per second', String(out.query.qps)],
    ['reverse p50 / p99', `${out.reverse.p50Ms} / ${out.reverse.p99Ms} ms`],
    ['planted / ranked first', `${out.recall.planted} / ${out.recall.rankedFirst}`],
    ['screen misses / below threshold / lost', `${out.recall.screenMisses} / ${out.recall.belowThreshold} / ${out.recall.lost}`],
    ['verified searches / scored / mismatches', `${verify.searches} / ${verify.familiesScored} / ${verify.mismatches}`],
    ['memory-bandwidth floor (1 thread, per worker)', `${out.floor.singleThreadScanMs} ms, ${out.floor.scanMsWithWorkers} ms`],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(46)} ${v}\n`);
  process.stdout.write(`median ms per kind (slowest worker): ${JSON.stringify(out.breakdownMs)}\n`);
  for (const [shape, s] of Object.entries(byShape)) process.stdout.write(`  ${shape.padEnd(44)} ${s.rankedFirst}/${s.planted} ranked first\n`);
}

/**
 * Each query's forward search (no candidate limit) against every family scored exactly and kept by
 * the policy verdict: a mismatch is a candidate missing or extra, or an LR differing by more than
 * 1e-9 relative.
 */
/** Families simulated ahead of each timed load: enough to keep the pipeline full, few enough to keep 1M families out of memory. */
const CHUNK_FAMILIES = 65_536;
const BATCH_FAMILIES = 4096;

/** The service's index build of the same families (FamilyLoader: rates on the pool beside the engine), timed without the simulation. */
async function buildWithCalibration(options: MatchingEngineOptions, families: () => Iterable<SimulatedRecord>): Promise<{ ms: number; expectedFalseCandidates: number }> {
  const engine = await MatchingEngine.create(options);
  const rates = new FalseHitRates(engine);
  const loader = new FamilyLoader(engine, rates);
  let ms = 0;
  let chunk: Array<[string, FamilyInput]> = [];
  const load = async (): Promise<void> => {
    const t0 = performance.now();
    for (let i = 0; i < chunk.length; i += BATCH_FAMILIES) await loader.add(chunk.slice(i, i + BATCH_FAMILIES));
    ms += performance.now() - t0;
    chunk = [];
  };
  for (const r of families()) {
    if (r.type !== 'family') break;
    chunk.push([r.key, r.family]);
    if (chunk.length >= CHUNK_FAMILIES) await load();
  }
  await load();
  const t0 = performance.now();
  await loader.finish();
  ms += performance.now() - t0;
  const expectedFalseCandidates = rates.total;
  await engine.close();
  return { ms, expectedFalseCandidates };
}

async function verifyAgainstExhaustiveScan(
  engine: MatchingEngine,
  families: ReadonlyMap<string, FamilyInput>,
  queries: readonly ProfileGenotypes[],
): Promise<{ searches: number; familiesScored: number; mismatches: number }> {
  let mismatches = 0;
  let familiesScored = 0;
  for (const poi of queries) {
    const found = new Map((await engine.searchFamilies(poi, { maxCandidates: Number.MAX_SAFE_INTEGER })).candidates.map((c) => [c.key, c.LR]));
    for (const [key, family] of families) {
      const exact = await engine.score(family, poi);
      familiesScored++;
      const expected = exact !== null && meetsSearchPolicy(exact, POLICY);
      const lr = found.get(key);
      if (expected !== (lr !== undefined) || (expected && Math.abs(lr! - exact!.LR) > 1e-9 * exact!.LR)) mismatches++;
    }
  }
  return { searches: queries.length, familiesScored, mismatches };
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
