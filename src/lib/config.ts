import os from 'node:os';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A size accepted by body-parser (`bytes` syntax): "512kb", "5mb", "1048576". */
const BYTE_SIZE = /^\d+(b|kb|mb)?$/i;

/**
 * Every setting of the service, read from the environment once at start.
 * Booleans accept true/false, 1/0, yes/no, on/off (zod `stringbool`).
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** When set, MongoDB is the system of record; otherwise the embedded store under DATA_DIR. */
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
      .optional(),
    DATA_DIR: z.string().min(1).default('./var'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    WORKERS: z.coerce.number().int().min(1).max(256).default(() => os.availableParallelism()),
    BODY_LIMIT: z.string().regex(BYTE_SIZE, 'must be a size such as 512kb or 5mb').default('5mb'),
    /** Requests per minute per API key (or per client address without a key); 0 disables the limit. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    MAX_BATCH_ITEMS: z.coerce.number().int().min(1).max(100_000).default(1000),
    /** Demo keys (one per role, printed at start) — for trying the service, never for production. */
    DEMO_KEYS: z.stringbool().optional(),
    SEED_SAMPLE_DATA: z.stringbool().optional(),
    DEFAULT_FREQUENCY_TABLE: z.string().min(1).default('nist1036-all'),
    /** Minimum-loci policy: a kit profile may miss at most this many of the kit's autosomal loci. */
    MAX_MISSING_KIT_LOCI: z.coerce.number().int().min(0).default(2),
    /** Minimum-loci policy for `kit: "custom"`: at least this many autosomal loci. */
    MIN_CUSTOM_LOCI: z.coerce.number().int().min(1).default(10),
    /** Review policy: a confirmation needs two different investigators (README "Lifecycle"). */
    REQUIRE_TWO_INVESTIGATORS: z.stringbool().default(false),
    /** Review policy: a match is confirmed only after a re-sampled profile was scored (Chinese practice; README "Lifecycle"). */
    REQUIRE_RETEST_BEFORE_CONFIRM: z.stringbool().default(false),
    /** Workbench sessions (README "Workbench"): signed out after this long without a request ... */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(480),
    /** ... and this long after sign-in whatever the use. */
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(24),
    /**
     * express "trust proxy" behind a TLS-terminating proxy (e.g. "loopback", "1", "10.0.0.0/8"), so that
     * req.secure follows X-Forwarded-Proto and the session cookie is marked Secure. Unset: no proxy is trusted.
     */
    TRUST_PROXY: z.string().min(1).optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /** Webhook delivery worker (src/hub): on unless turned off (e.g. a replica that only serves reads). */
    HUB_DELIVERY: z.stringbool().default(true),
    HUB_POLL_MS: z.coerce.number().int().min(10).default(500),
    HUB_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    HUB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(15),
    HUB_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(1_000),
    HUB_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(3_600_000),
    HUB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    /** A start loads the search index snapshot and replays the changes since (README "Restart and replicas"); off: every start rebuilds. */
    SNAPSHOT: z.stringbool().default(true),
    /** Where the snapshot is written; unset: `<DATA_DIR>/search-index.snapshot`. */
    SNAPSHOT_PATH: z.string().min(1).optional(),
    /** A new snapshot after this many applied changes (0: only by time and at shutdown) ... */
    SNAPSHOT_INTERVAL_CHANGES: z.coerce.number().int().min(0).default(50_000),
    /** ... or this many seconds after the last one when something changed (0: only by count and at shutdown). */
    SNAPSHOT_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(600),
    /** How often the index reads the change feed for writes of other replicas over the same store (ms; 0: never). */
    CHANGE_POLL_MS: z.coerce.number().int().min(0).default(500),
    /** Background work (hub delivery, re-score jobs) runs under a lease in the store, held this long without renewal (ms). */
    LEASE_TTL_MS: z.coerce.number().int().min(1000).default(30_000),
  })
  .transform((env) => ({
    ...env,
    // Demo keys and sample data are on for a fresh clone, off by default in production.
    DEMO_KEYS: env.DEMO_KEYS ?? env.NODE_ENV !== 'production',
    SEED_SAMPLE_DATA: env.SEED_SAMPLE_DATA ?? env.NODE_ENV !== 'production',
  }));

export type Config = Readonly<z.output<typeof EnvSchema>>;

/** Thrown when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  override get name(): string {
    return 'ConfigError';
  }
}

/**
 * Parses the environment into a frozen {@link Config}. Empty variables count as unset.
 * The only place in the code base that reads environment variables (callers pass `process.env`).
 * @throws ConfigError listing every invalid variable at once.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return Object.freeze(parsed.data);
}
