/**
 * `npm run simulate`: a synthetic national database from a fixed seed
 * (src/simulation/simulate-database.ts): reference families of realistic shapes with founders from
 * the real NIST 1036 genotypes (or a frequency table), found children who truly belong to some
 * families (with one-step mutations at the per-locus rates of data-samples/mutation-rates.json),
 * hard decoys (the true father's brother, a cousin, a sibling), and unrelated found persons.
 *
 *   npm run --silent simulate -- --families 10000 --out ./var/sim      # JSON lines for the bench
 *   npm run --silent simulate -- --families 200 --store                 # into the configured store
 *
 * Files: families.jsonl ({key, shape, childSex, family}), found-persons.jsonl ({key, genotypes,
 * trueFamily, shape}). The store mode goes through the bulk path of the service's use cases, in
 * batches of `--batch` records of one side: a batch of families is one transaction (openFamiliesBulk:
 * the members' profiles under the bulk import's rules, those of POST /v1/profiles, and the cases
 * opened with their relatives); found persons are imported, then registered; then one automatic
 * search pass per batch stores candidate matches as they would be for real data (cases are opened
 * without an alert id; the lab is SIM-LAB, the investigators' organisation SIM-PSB).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Relationship } from '../src/domain';
import { createLogger, loadConfig } from '../src/lib';
import { buildSearchIndex, policyOf, readShippedFrequencyTables } from '../src/main';
import {
  createServiceDeps, importerActor, importProfilesBulk, openFamiliesBulk, registerFoundPersonsBulk, searchAfterBulkWrite, seedFrequencyTables,
  SYSTEM_ACTOR, type Actor, type LabFileSample, type SearchIndex, type ServiceDeps,
} from '../src/services';
import { MEMBER_RELATIONSHIPS, simulateDatabase, type SimulatedRecord } from '../src/simulation';
import { openStore } from '../src/store';
import { loadSampleData } from './load-sample-data';

const program = new Command()
  .option('--families <n>', 'reference families', (v) => Number(v), 1000)
  .option('--planted <n>', 'found children who belong to a family', (v) => Number(v), 100)
  .option('--unrelated <n>', 'unrelated found persons', (v) => Number(v), 100)
  .option('--decoys <share>', 'share of planted children with three decoy families', (v) => Number(v), 0.2)
  .option('--seed <n>', 'seed', (v) => Number(v), 20250601)
  .option('--founders <source>', 'nist (real per-locus genotypes) or table (frequency draws)', 'nist')
  .option('--table <id>', 'frequency table of data-samples/frequencies', 'nist1036-all')
  .option('--out <dir>', 'write families.jsonl and found-persons.jsonl here')
  .option('--store', 'write into the store named by DATA_DIR / MONGODB_URI instead')
  .option('--batch <n>', 'store mode: records per transaction (and per search pass)', (v) => Number(v), 2000)
  .parse();
const opts = program.opts<{
  families: number; planted: number; unrelated: number; decoys: number; seed: number; founders: string; table: string; out?: string; store?: boolean;
  batch: number;
}>();

function records(): Generator<SimulatedRecord> {
  const data = loadSampleData(opts.table);
  return simulateDatabase({
    seed: opts.seed, families: opts.families, planted: opts.planted, unrelatedFound: opts.unrelated, decoyShare: opts.decoys,
    loci: Object.keys(data.table.loci).filter((l) => data.nist.some((g) => g[l])),
    founders: opts.founders === 'table' ? { frequencies: data.table.loci } : { genotypes: data.nist },
    mutationRates: data.rates,
  });
}

async function toFiles(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const families = fs.createWriteStream(path.join(dir, 'families.jsonl'));
  const found = fs.createWriteStream(path.join(dir, 'found-persons.jsonl'));
  let f = 0;
  let p = 0;
  for (const r of records()) {
    if (r.type === 'family') {
      f++;
      if (!families.write(`${JSON.stringify({ key: r.key, shape: r.shape, childSex: r.childSex, family: r.family })}\n`)) await new Promise<void>((ok) => families.once('drain', () => ok()));
    } else {
      p++;
      found.write(`${JSON.stringify({ key: r.key, genotypes: r.genotypes, trueFamily: r.trueFamily, shape: r.shape })}\n`);
    }
  }
  await Promise.all([new Promise((ok) => families.end(ok)), new Promise((ok) => found.end(ok))]);
  process.stdout.write(`wrote ${f} families and ${p} found persons to ${dir}\n`);
}

async function toStore(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const store = await openStore(config);
  const base = createServiceDeps(store, policyOf(config));
  await seedFrequencyTables(base, SYSTEM_ACTOR, readShippedFrequencyTables());
  // The index is derived data: while the store holds no found person, a family's search has
  // nothing to find, so the index is built from the store (the fast start-up path) right before
  // the first found person is stored rather than followed family by family.
  let index = (await store.foundPersons.count()) > 0 ? await buildSearchIndex(config, base, logger) : null;
  const psb: Actor = { keyId: 'simulator', role: 'investigator', org: 'SIM-PSB', requestId: null };
  const loadWith = (search: SearchIndex | null): BulkLoad => ({ deps: createServiceDeps(store, policyOf(config), { search }), lab: importerActor('SIM-LAB'), psb });
  let load = loadWith(index);
  const counted = { cases: 0, persons: 0, familySeconds: 0, familyCpuSeconds: 0, foundSeconds: 0, indexSeconds: 0 };
  try {
    let batch: SimulatedRecord[] = [];
    const flush = async (): Promise<void> => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const families = batch.filter((r): r is FamilyRecord => r.type === 'family');
      const found = batch.filter((r): r is FoundRecord => r.type === 'found');
      if (families.length > 0) counted.cases += await storeFamilies(load, families);
      if (found.length > 0 && !index) {
        const built = performance.now();
        index = await buildSearchIndex(config, base, logger);
        load = loadWith(index);
        counted.indexSeconds += (performance.now() - built) / 1000;
      }
      if (found.length > 0) counted.persons += await storeFoundPersons(load, found);
      counted[families.length > 0 ? 'familySeconds' : 'foundSeconds'] += (performance.now() - started) / 1000;
      if (families.length > 0) counted.familyCpuSeconds += cpuSeconds(process.cpuUsage(cpu));
      batch = [];
    };
    for (const r of records()) {
      // A batch holds one side only, so that each side's searches run once per batch.
      if (batch.length > 0 && (batch.length >= opts.batch || batch[0]!.type !== r.type)) await flush();
      batch.push(r);
    }
    await flush();
    const matches = await store.matches.count();
    // CPU seconds of this process too: on a shared machine the wall-clock rate follows the load.
    process.stdout.write(`stored ${counted.cases} cases in ${counted.familySeconds.toFixed(1)} s (${Math.round(counted.cases / Math.max(counted.familySeconds, 1e-3))} families/s; `
      + `${counted.familyCpuSeconds.toFixed(1)} CPU s, ${Math.round(counted.cases / Math.max(counted.familyCpuSeconds, 1e-3))} families per CPU second), `
      + `${counted.persons} found persons in ${counted.foundSeconds.toFixed(1)} s (index built in ${counted.indexSeconds.toFixed(1)} s of it); ${matches} candidate matches\n`);
  } finally {
    await load.deps.jobs.idle();
    await index?.close();
    await store.close();
  }
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

type FamilyRecord = Extract<SimulatedRecord, { type: 'family' }>;
type FoundRecord = Extract<SimulatedRecord, { type: 'found' }>;

interface BulkLoad {
  readonly deps: ServiceDeps;
  /** the lab that typed every profile */
  readonly lab: Actor;
  /** the investigators who open the cases and register the found persons */
  readonly psb: Actor;
}

/** One batch of families: the members' profiles and the cases with their relatives in one transaction (the bulk import's rules), one search pass. */
async function storeFamilies(load: BulkLoad, families: readonly FamilyRecord[]): Promise<number> {
  const opened = await openFamiliesBulk(load.deps, load.lab, load.psb, families.map((r) => {
    const sexes = new Map(r.family.individuals.map((i) => [i.id, i.sex]));
    return {
      case: { child: { sex: r.childSex, birthDate: null, missingSince: '2015-01-01', place: 'simulated' } },
      members: Object.entries(r.family.typed).map(([member, g]) => ({
        sample: sample(`${r.key}-${member}`, 'reference', g, sexes.get(member) === 'female' ? 'female' : 'male'),
        relationship: MEMBER_RELATIONSHIPS[member] as Relationship,
      })),
    };
  }));
  await searchAfterBulkWrite(load.deps, load.psb, { foundPersonIds: [], caseIds: opened.map((c) => c.id) });
  return opened.length;
}

/** One batch of found persons: their profiles through the bulk import, the found-person records, one search pass. */
async function storeFoundPersons(load: BulkLoad, found: readonly FoundRecord[]): Promise<number> {
  const profileIds = await importSamples(load, found.map((r) => sample(`${r.key}-P`, 'found', r.genotypes, 'male')));
  const persons = await registerFoundPersonsBulk(load.deps, load.psb, found.map((r) => ({ profileId: profileIds.get(`${r.key}-P`)!, foundAt: '2024-06-01', place: 'simulated' })));
  await searchAfterBulkWrite(load.deps, load.psb, { foundPersonIds: persons.map((p) => p.id), caseIds: [] });
  return persons.length;
}

/** The profiles of a batch through the bulk import path (the rules of POST /v1/profiles); profile id by sample id. */
async function importSamples(load: BulkLoad, samples: readonly LabFileSample[]): Promise<Map<string, string>> {
  const outcomes = await importProfilesBulk(load.deps, load.lab, samples);
  const refused = outcomes.find((o) => o.status === 'rejected');
  if (refused) throw new Error(`simulated sample ${refused.sampleId} refused: ${refused.status === 'rejected' ? refused.reason : ''}`);
  return new Map(outcomes.flatMap((o) => (o.status === 'rejected' ? [] : [[o.sampleId, o.profileId] as const])));
}

function sample(sampleId: string, kind: 'reference' | 'found', g: Readonly<Record<string, readonly string[]>>, sex: 'male' | 'female'): LabFileSample {
  // The body is read, not kept: validation builds the profile's own genotypes, so the simulated arrays need no copies.
  const genotypes = { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] };
  return { sampleId, at: `simulated ${sampleId}`, body: { sampleId, kind, kit: 'custom', genotypes }, issues: [] };
}

async function main(): Promise<void> {
  if (opts.store) await toStore();
  else await toFiles(opts.out ?? path.join('var', 'simulation'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
