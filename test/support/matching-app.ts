import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/api';
import type { Genotypes, Role, SearchPolicy } from '../../src/domain';
import { createLogger } from '../../src/lib';
import { readMutationRates, readNistGenotypes, readShippedFrequencyTables } from '../../src/main';
import {
  BackgroundJobs, createApiKey, createServiceDeps, ensureSearchPolicy, genotypesFromNistRow, SearchIndex, seedFrequencyTables, SYSTEM_ACTOR,
  type Policy, type ServiceDeps,
} from '../../src/services';
import { type Store } from '../../src/store';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';

export interface MatchingTestApp {
  readonly app: Express;
  readonly store: Store;
  readonly services: ServiceDeps;
  readonly index: SearchIndex;
  readonly dir: string;
  readonly auth: Record<Role, { Authorization: string }>;
  close(): Promise<void>;
}

/**
 * An app on a fresh embedded store with the shipped frequency tables, the default search policy
 * (NIST 1036 all populations, per-locus mutation rates) and a search index running inline
 * (`workers: 0`), with one key per role.
 */
export async function createMatchingTestApp(opts: {
  dir?: string; policy?: Partial<SearchPolicy>; workers?: number; servicePolicy?: Partial<Policy>; now?: () => Date;
} = {}): Promise<MatchingTestApp> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-matching-'));
  const store = EmbeddedStore.open({ dataDir: dir });
  const policyValues: Policy = { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 50, defaultFrequencyTable: 'nist1036-all', ...opts.servicePolicy };
  const base = createServiceDeps(store, policyValues);
  await seedFrequencyTables(base, SYSTEM_ACTOR, readShippedFrequencyTables());
  const policy = await ensureSearchPolicy(base, SYSTEM_ACTOR);
  const index = await SearchIndex.build(store, { ...policy, ...opts.policy }, { workers: opts.workers ?? 0, mutationRates: readMutationRates() });
  const services = createServiceDeps(store, policyValues, { search: index, jobs: new BackgroundJobs(), ...(opts.now ? { now: opts.now } : {}) });
  const logger = createLogger({ level: 'silent', destination: new Writable({ write(_c, _e, done) { done(); } }) });
  const key = async (role: Role, org: string) => ({ Authorization: `Bearer ${(await createApiKey(services, SYSTEM_ACTOR, { role, org })).key}` });
  const auth = {
    lab: await key('lab', 'LAB-01'), investigator: await key('investigator', 'PSB-01'), hub: await key('hub', 'HUB-01'), admin: await key('admin', 'ADMIN'),
  };
  const app = createApp({ services, logger, bodyLimit: '1mb', rateLimitPerMinute: 0 });
  return {
    app, store, services, index, dir, auth,
    close: async () => {
      await services.jobs.idle();
      await index.close();
      await store.close();
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Real genotypes of NIST 1036 individuals (29 STR loci), by row. */
export function nistPerson(row: number): Genotypes {
  return genotypesFromNistRow(readNistGenotypes()[row]!);
}

/** POST /v1/profiles by the lab with Amelogenin for the sex; returns the profile id. */
export async function uploadProfile(t: MatchingTestApp, genotypes: Record<string, string[]>, kind: 'reference' | 'found', sex: 'male' | 'female'): Promise<string> {
  const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).send({
    sampleId: `S-${Math.random().toString(36).slice(2, 10)}`, kind, kit: 'custom', genotypes: { ...genotypes, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] },
  });
  if (res.status !== 201) throw new Error(`profile upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}
