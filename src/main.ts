/**
 * Composition root: config -> store -> search policy -> index build (worker pool) -> app ->
 * listen, and the reverse on SIGTERM / SIGINT. `npm start` runs this file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createApp, createHttpMetrics } from './api';
import type { Role } from './domain';
import { DeliveryWorker, registerOutboxMetrics } from './hub';
import { ConfigError, createLogger, loadConfig, type Config, type Logger } from './lib';
import type { LocusMutationRate } from './matching';
import {
  BackgroundJobs, createServiceDeps, ensureDemoKeys, ensureSearchPolicy, revokeDemoKeys, SearchIndex, seedFrequencyTables, seedSampleData,
  SYSTEM_ACTOR, type SearchIndexOptions, type ServiceDeps,
} from './services';
import { openStore, type Store } from './store';

/** Shipped public data (data-samples/SOURCES.md). */
export const DATA_SAMPLES_DIR = path.resolve(__dirname, '..', 'data-samples');

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  /** The demo key of each role (empty when DEMO_KEYS is off). */
  readonly demoKeys: Partial<Record<Role, string>>;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Where the start banner (URL, demo keys) goes; standard error by default, keeping stdout for JSON logs. */
  readonly print?: (line: string) => void;
}

let running: RunningServer | undefined;

/** The policy values the use cases apply, from the configuration. */
export function policyOf(config: Config): ServiceDeps['policy'] {
  return {
    maxMissingKitLoci: config.MAX_MISSING_KIT_LOCI,
    minCustomLoci: config.MIN_CUSTOM_LOCI,
    maxBatchItems: config.MAX_BATCH_ITEMS,
    defaultFrequencyTable: config.DEFAULT_FREQUENCY_TABLE,
    requireTwoInvestigators: config.REQUIRE_TWO_INVESTIGATORS,
    requireRetestBeforeConfirm: config.REQUIRE_RETEST_BEFORE_CONFIRM,
  };
}

/** The shipped frequency tables (data-samples/frequencies/*.json), keyed by file name. */
export function readShippedFrequencyTables(dir = path.join(DATA_SAMPLES_DIR, 'frequencies')): Array<{ id: string; json: unknown }> {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ id: path.basename(f, '.json'), json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown }));
}

/** Per-locus mutation rates of data-samples/mutation-rates.json (the search policy's `perLocus` model). */
export function readMutationRates(file = path.join(DATA_SAMPLES_DIR, 'mutation-rates.json')): Record<string, LocusMutationRate> {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { loci: Record<string, LocusMutationRate> }).loci;
}

/** Rows of data-samples/profiles/nist1036-genotypes.csv (1036 unrelated individuals, NIST). */
export function readNistGenotypes(file = path.join(DATA_SAMPLES_DIR, 'profiles', 'nist1036-genotypes.csv')): Array<Record<string, string>> {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

const DEMO_SECRET_FILE = 'demo-keys.secret';

/** The per-installation secret the demo keys derive from, created with owner-only permissions (0600). */
function loadOrCreateDemoSecret(dataDir: string): string {
  const file = path.join(dataDir, DEMO_SECRET_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const secret = randomBytes(32).toString('hex');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * Seeds what a deployment needs before serving: the shipped frequency tables (idempotent),
 * demo keys or their revocation, and the sample data set when asked for (after the search index
 * exists when `services` has one, so that its found persons are searched like any other).
 */
export async function prepareData(config: Config, services: ServiceDeps, logger: Logger, opts: { sampleData?: boolean } = {}): Promise<Partial<Record<Role, string>>> {
  const added = await seedFrequencyTables(services, SYSTEM_ACTOR, readShippedFrequencyTables());
  if (added.length > 0) logger.info({ tables: added }, 'shipped frequency tables stored');
  if (!(await services.store.frequencyTables.findById(config.DEFAULT_FREQUENCY_TABLE))) {
    throw new ConfigError([`DEFAULT_FREQUENCY_TABLE: no frequency table "${config.DEFAULT_FREQUENCY_TABLE}"`]);
  }
  let demoKeys: Partial<Record<Role, string>> = {};
  if (config.DEMO_KEYS) {
    demoKeys = await ensureDemoKeys(services, SYSTEM_ACTOR, loadOrCreateDemoSecret(config.DATA_DIR));
  } else {
    const revoked = await revokeDemoKeys(services, SYSTEM_ACTOR);
    fs.rmSync(path.join(config.DATA_DIR, DEMO_SECRET_FILE), { force: true });
    if (revoked > 0) logger.warn({ revoked }, 'demo keys revoked (DEMO_KEYS is off)');
  }
  if (config.SEED_SAMPLE_DATA && (opts.sampleData ?? true)) await seedSamples(services, logger);
  return demoKeys;
}

async function seedSamples(services: ServiceDeps, logger: Logger): Promise<void> {
  const seeded = await seedSampleData(services, readNistGenotypes());
  if (seeded.profiles + seeded.cases + seeded.foundPersons > 0) logger.info(seeded, 'sample data loaded');
}

/** The search index options of the configuration: the snapshot beside the store and the change-feed poll. */
export function searchIndexOptions(config: Config, logger: Logger): SearchIndexOptions {
  return {
    workers: config.WORKERS,
    mutationRates: readMutationRates(),
    pollMs: config.CHANGE_POLL_MS,
    log: logger.child({ component: 'search-index' }),
    ...(config.SNAPSHOT ? {
      snapshot: {
        file: config.SNAPSHOT_PATH ?? path.join(config.DATA_DIR, 'search-index.snapshot'),
        everyChanges: config.SNAPSHOT_INTERVAL_CHANGES,
        everySeconds: config.SNAPSHOT_INTERVAL_SECONDS,
      },
    } : {}),
  };
}

/**
 * Builds the search index under the current search policy (stored first when the installation has
 * none), on a pool of WORKERS threads, and waits until it is searchable (scripts; the server
 * listens meanwhile instead, see {@link startServer}).
 */
export async function buildSearchIndex(config: Config, services: ServiceDeps, logger: Logger): Promise<SearchIndex> {
  const policy = await ensureSearchPolicy(services, SYSTEM_ACTOR);
  return SearchIndex.build(services.store, policy, searchIndexOptions(config, logger));
}

/**
 * Starts the service: opens the store, seeds, listens on HOST:PORT (port 0 picks a free port)
 * while the search index starts (from its snapshot and the changes since, or from the store;
 * /readyz answers 503 with the progress until then), and resolves once the index is searchable.
 * One server per process; {@link stopServer} undoes everything in reverse.
 */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  if (running) throw new Error('the server is already running in this process');
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL });
  const print = opts.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  fs.mkdirSync(config.DATA_DIR, { recursive: true });
  const store = await openStore(config);
  let index: SearchIndex | undefined;
  let server: Server | undefined;
  try {
    const base = createServiceDeps(store, policyOf(config));
    const demoKeys = await prepareData(config, base, logger, { sampleData: false });
    const searchIndex = SearchIndex.open(store, await ensureSearchPolicy(base, SYSTEM_ACTOR), searchIndexOptions(config, logger));
    index = searchIndex;
    const jobs = new BackgroundJobs();
    const services = createServiceDeps(store, policyOf(config), { search: searchIndex, jobs });
    const metrics = createHttpMetrics({ defaults: true });
    registerOutboxMetrics(metrics.registry, store.outbox);
    const app = createApp({
      services, logger, bodyLimit: config.BODY_LIMIT, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, metrics,
      sessionLimits: { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000 },
      trustProxy: config.TRUST_PROXY,
      readinessChecks: [{
        name: 'search',
        check: async () => {
          if (searchIndex.progress.phase !== 'ready') throw new Error(`the search index is starting (${searchIndex.progress.phase})`);
          if (!searchIndex.isOpen) throw new Error('the search pool is closed');
          if (searchIndex.followError) throw new Error(`the search index does not follow the store: ${searchIndex.followError.message}`);
        },
        starting: () => (searchIndex.progress.phase === 'ready' ? null : searchIndex.progress),
      }],
    });
    server = await listen(app, config.PORT, config.HOST);
    const listening = server;
    const port = (listening.address() as AddressInfo).port;
    const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;
    logger.info({ url, store: store.kind, workers: config.WORKERS }, 'listening; the search index is starting');
    await searchIndex.ready;
    if (config.SEED_SAMPLE_DATA) await seedSamples(services, logger);
    const worker = config.HUB_DELIVERY ? createDeliveryWorker(config, store, logger) : undefined;
    worker?.start();
    print(`Reunion is listening on ${url} (store: ${store.kind})`);
    print(`API documentation: ${url}/docs`);
    print(`Investigator workbench: ${url}/app/ (sign in with a key below)`);
    if (Object.keys(demoKeys).length > 0) {
      print('Demo API keys (for trying the service only; set DEMO_KEYS=false in production):');
      for (const [role, key] of Object.entries(demoKeys)) print(`  ${role.padEnd(12)} ${key}`);
    }
    running = {
      url, port, store, demoKeys,
      stop: async () => {
        running = undefined;
        await closeServer(listening, config.SHUTDOWN_TIMEOUT_MS);
        await worker?.stop();
        // Closing the pool ends a running re-score job (it is recorded as failed); the index writes
        // its snapshot first (a clean shutdown restarts from it); then the store.
        await searchIndex.close();
        await jobs.idle();
        await store.close();
        logger.info('stopped');
        await flushed(logger);
      },
    };
    return running;
  } catch (e) {
    if (server) await closeServer(server, 0);
    await index?.close();
    await store.close();
    throw e;
  }
}

/** The webhook delivery worker of the configuration (started after listening, stopped before the store closes). */
export function createDeliveryWorker(config: Config, store: Store, logger: Logger): DeliveryWorker {
  return new DeliveryWorker({
    store, logger: logger.child({ component: 'hub-delivery' }), pollMs: config.HUB_POLL_MS, timeoutMs: config.HUB_TIMEOUT_MS,
    maxAttempts: config.HUB_MAX_ATTEMPTS, backoff: { baseMs: config.HUB_BACKOFF_BASE_MS, capMs: config.HUB_BACKOFF_CAP_MS },
    concurrency: config.HUB_CONCURRENCY, leaseTtlMs: config.LEASE_TTL_MS,
  });
}

/** Stops the server started by {@link startServer}: no new connections, in-flight requests finish, store closed. */
export async function stopServer(): Promise<void> {
  await running?.stop();
}

/** Resolves when buffered log lines are written (the destination is asynchronous). */
function flushed(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** Stops accepting, lets in-flight requests end, and cuts lingering connections after the timeout. */
function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const fatal = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, kind);
    void flushed(logger).finally(() => process.exit(1));
  };
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
  process.on('uncaughtException', fatal('uncaught exception'));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      stopServer().then(() => process.exit(0), fatal('shutdown failed'));
    });
  }
  try {
    await startServer(config, { logger });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    fatal('start failed')(e);
  }
}

if (require.main === module) void main();
