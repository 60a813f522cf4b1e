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
 * trueFamily, shape}). The store mode uploads every profile, opens one case per family with its
 * relatives and registers the found persons through the service's use cases, so the automatic
 * searches run and store candidate matches as they would for real data (cases are opened without
 * an alert id; the lab is SIM-LAB, the investigators' organisation SIM-PSB).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Relationship } from '../src/domain';
import { createLogger, loadConfig } from '../src/lib';
import { buildSearchIndex, policyOf, readShippedFrequencyTables } from '../src/main';
import {
  addRelative, createServiceDeps, openCase, registerFoundPerson, registerProfile, seedFrequencyTables, SYSTEM_ACTOR, type Actor, type ServiceDeps,
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
  .parse();
const opts = program.opts<{
  families: number; planted: number; unrelated: number; decoys: number; seed: number; founders: string; table: string; out?: string; store?: boolean;
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
  const index = await buildSearchIndex(config, base, logger);
  const deps = createServiceDeps(store, policyOf(config), { search: index });
  const lab: Actor = { keyId: 'simulator', role: 'lab', org: 'SIM-LAB', requestId: null };
  const psb: Actor = { keyId: 'simulator', role: 'investigator', org: 'SIM-PSB', requestId: null };
  let cases = 0;
  let persons = 0;
  try {
    for (const r of records()) {
      if (r.type === 'family') {
        await storeFamily(deps, lab, psb, r);
        cases++;
      } else {
        const profile = await upload(deps, lab, `${r.key}-P`, 'found', r.genotypes, 'male');
        await registerFoundPerson(deps, psb, { profileId: profile, foundAt: '2024-06-01', place: 'simulated' });
        persons++;
      }
    }
    const matches = await store.matches.count();
    process.stdout.write(`stored ${cases} cases, ${persons} found persons; ${matches} candidate matches\n`);
  } finally {
    await deps.jobs.idle();
    await index.close();
    await store.close();
  }
}

async function storeFamily(deps: ServiceDeps, lab: Actor, psb: Actor, r: Extract<SimulatedRecord, { type: 'family' }>): Promise<void> {
  const c = await openCase(deps, psb, { child: { sex: r.childSex, birthDate: null, missingSince: '2015-01-01', place: 'simulated' } });
  const individuals = new Map(r.family.individuals.map((i) => [i.id, i]));
  for (const [member, genotypes] of Object.entries(r.family.typed)) {
    const sex = individuals.get(member)?.sex === 'female' ? 'female' : 'male';
    const profileId = await upload(deps, lab, `${r.key}-${member}`, 'reference', genotypes, sex);
    await addRelative(deps, psb, c.id, { profileId, relationship: MEMBER_RELATIONSHIPS[member] as Relationship });
  }
}

async function upload(deps: ServiceDeps, lab: Actor, sampleId: string, kind: 'reference' | 'found', g: Readonly<Record<string, readonly string[]>>, sex: 'male' | 'female'): Promise<string> {
  const genotypes = { ...Object.fromEntries(Object.entries(g).map(([l, a]) => [l, [...a]])), AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] };
  return (await registerProfile(deps, lab, { sampleId, kind, kit: 'custom', genotypes })).profile.id;
}

async function main(): Promise<void> {
  if (opts.store) await toStore();
  else await toFiles(opts.out ?? path.join('var', 'simulation'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
