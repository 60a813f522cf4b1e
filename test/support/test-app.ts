import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/api';
import type { Role } from '../../src/domain';
import { createLogger } from '../../src/lib';
import { createApiKey, createServiceDeps, SYSTEM_ACTOR, type Policy, type ServiceDeps } from '../../src/services';
import { type Store } from '../../src/store';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';
import { aFrequencyTable } from './builders';

export interface TestApp {
  readonly app: Express;
  readonly store: Store;
  readonly services: ServiceDeps;
  /** Bearer headers of one key per role (orgs LAB-01, PSB-01, HUB-01, ADMIN), plus a second lab LAB-02. */
  readonly auth: Record<Role | 'lab2', { Authorization: string }>;
  /** JSON log lines written so far. */
  logLines(): string[];
  close(): Promise<void>;
}

export const DEFAULT_TABLE = 'test-default-table';

/** An app on a fresh embedded store in a temporary folder, with one key per role and one frequency table. */
export async function createTestApp(opts: {
  policy?: Partial<Policy>; rateLimitPerMinute?: number; bodyLimit?: string; now?: () => Date; appDeps?: Partial<AppDeps>;
} = {}): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-api-'));
  const store = EmbeddedStore.open({ dataDir: dir });
  const services = createServiceDeps(store, {
    maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 50, defaultFrequencyTable: DEFAULT_TABLE, ...opts.policy,
  }, opts.now ? { now: opts.now } : {});
  await store.frequencyTables.insert(aFrequencyTable({ id: DEFAULT_TABLE, builtIn: true }));
  const chunks: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({ write(chunk, _e, done) { chunks.push(String(chunk)); done(); } }),
  });
  const key = async (role: Role, org: string) => ({
    Authorization: `Bearer ${(await createApiKey(services, SYSTEM_ACTOR, { role, org })).key}`,
  });
  const auth = {
    lab: await key('lab', 'LAB-01'), lab2: await key('lab', 'LAB-02'), investigator: await key('investigator', 'PSB-01'),
    hub: await key('hub', 'HUB-01'), admin: await key('admin', 'ADMIN'),
  };
  const app = createApp({ services, logger, bodyLimit: opts.bodyLimit ?? '1mb', rateLimitPerMinute: opts.rateLimitPerMinute ?? 0, ...opts.appDeps });
  return {
    app, store, services, auth,
    logLines: () => chunks.join('').split('\n').filter(Boolean),
    close: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The 15 STR loci + Amelogenin of an Identifiler profile; alleles of a real NIST 1036 individual. */
export function identifilerGenotypes(over: Record<string, Array<string | number>> = {}): Record<string, Array<string | number>> {
  return {
    D8S1179: ['14', '15'], D21S11: ['28', '30'], D7S820: ['10', '11'], CSF1PO: ['11', '12'], D3S1358: ['16', '16'],
    TH01: ['6', '7'], D13S317: ['11', '12'], D16S539: ['11', '11'], D2S1338: ['16', '17'], D19S433: ['14', '14'],
    vWA: ['17', '17'], TPOX: ['8', '9'], D18S51: ['17', '18'], D5S818: ['11', '12'], FGA: ['23', '24'], AMEL: ['X', 'Y'],
    ...over,
  };
}

/** A valid POST /v1/profiles body; override what the test is about. */
export function aProfileBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { sampleId: `S-${Math.random().toString(36).slice(2, 10)}`, kind: 'reference', kit: 'Identifiler', genotypes: identifilerGenotypes(), ...over };
}
