import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import type {
  ApiKey, ApiKeyListQuery, AuditEntry, AuditListQuery, CaseListQuery, FoundPerson, FoundPersonListQuery,
  FrequencyTable, MissingCase, Page, Profile,
} from '../../domain';
import { ConflictError } from '../../lib';
import type {
  ApiKeyRepository, AuditRepository, CaseRepository, FamilyRecord, FoundPersonRecord, FoundPersonRepository,
  FrequencyTableRepository, ProfileQuery, ProfileRepository, Repositories, Store,
} from '../store';
import { AsyncMutex } from './async-mutex';
import { familyRecord } from '../family-record';
import { migrate } from './migrations';
import { embeddedHubRepositories } from './embedded-hub';
import { embeddedMatchingRepositories } from './embedded-matching';
import { embeddedReviewRepositories } from './embedded-reviews';
import { embeddedSessionRepositories } from './embedded-sessions';
import type { ReviewRepository } from '../review-store';
import type { SessionRepository } from '../session-store';
import type { JobRepository, MatchRepository, SearchPolicyRepository } from '../matching-store';
import type { HubAlertRepository, OutboxRepository, StatusChangeRepository, SubscriptionRepository } from '../hub-store';

export interface EmbeddedStoreOptions {
  /** Folder of the database file; created when absent. */
  readonly dataDir: string;
  readonly fileName?: string;
  /** How long a statement waits for another process's write lock (ms). */
  readonly busyTimeoutMs?: number;
}

export type Row = Record<string, unknown>;
export type Params = Record<string, unknown>;

/**
 * Access to the database for one set of repositories: `read` answers queries; `write` runs a
 * synchronous unit of statements. Outside a transaction `read` is a separate read-only connection
 * (WAL readers see only committed data) and `write` queues behind the writer mutex; inside one,
 * both use the writer connection so the transaction sees its own writes.
 */
export interface Access {
  read(): Database;
  write<T>(unit: (db: Database) => T): Promise<T>;
}

const statementCache = new WeakMap<Database, Map<string, Statement>>();

function stmt(db: Database, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

export function all(db: Database, sql: string, params: Params = {}): Row[] {
  return stmt(db, sql).all(params) as Row[];
}

export function one(db: Database, sql: string, params: Params = {}): Row | undefined {
  return stmt(db, sql).get(params) as Row | undefined;
}

export function run(db: Database, sql: string, params: Params = {}): number {
  try {
    return stmt(db, sql).run(params).changes;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new ConflictError('DUPLICATE_KEY', `a record with the same key exists (${(e as Error).message})`, { cause: e });
    }
    throw e;
  }
}

/** WHERE clause from optional equality / range filters; undefined filters are left out. */
function where(filters: ReadonlyArray<readonly [string, string, unknown]>): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  filters.forEach(([column, op, value], i) => {
    if (value === undefined) return;
    parts.push(`${column} ${op} @p${i}`);
    params[`p${i}`] = value;
  });
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function page<T>(
  db: Database, table: string, filters: ReadonlyArray<readonly [string, string, unknown]>, order: string,
  limit: number, offset: number, map: (r: Row) => T,
): Page<T> {
  const w = where(filters);
  const total = Number(one(db, `SELECT COUNT(*) AS n FROM ${table} ${w.sql}`, w.params)!.n);
  const rows = all(db, `SELECT * FROM ${table} ${w.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { ...w.params, limit, offset });
  return { items: rows.map(map), total, limit, offset };
}

export const str = (v: unknown): string => v as string;
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

function toProfile(r: Row): Profile {
  return {
    id: str(r.id), lab: str(r.lab), sampleId: str(r.sample_id), kind: r.kind as Profile['kind'], kit: str(r.kit),
    population: strOrNull(r.population), sex: strOrNull(r.sex) as Profile['sex'],
    genotypes: JSON.parse(str(r.genotypes)) as Profile['genotypes'], autosomalLoci: Number(r.autosomal_loci),
    genotypeHash: str(r.genotype_hash), contentHash: str(r.content_hash), createdAt: str(r.created_at), createdBy: str(r.created_by),
  };
}

function toCase(r: Row): MissingCase {
  return {
    id: str(r.id), alertId: strOrNull(r.alert_id), traffickingCaseNo: strOrNull(r.trafficking_case_no),
    child: {
      sex: r.child_sex as MissingCase['child']['sex'], birthDate: strOrNull(r.child_birth_date),
      missingSince: str(r.missing_since), place: str(r.place),
    },
    population: str(r.population), status: r.status as MissingCase['status'], org: str(r.org), openedBy: str(r.opened_by),
    family: JSON.parse(str(r.family)) as MissingCase['family'], version: Number(r.version),
    createdAt: str(r.created_at), updatedAt: str(r.updated_at),
  };
}

function caseParams(c: MissingCase): Params {
  return {
    id: c.id, alert_id: c.alertId, trafficking_case_no: c.traffickingCaseNo, child_sex: c.child.sex,
    child_birth_date: c.child.birthDate, missing_since: c.child.missingSince, place: c.child.place,
    population: c.population, status: c.status, org: c.org, opened_by: c.openedBy, family: JSON.stringify(c.family),
    version: c.version, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

function toFoundPerson(r: Row): FoundPerson {
  return {
    id: str(r.id), profileId: str(r.profile_id), foundAt: str(r.found_at), place: str(r.place),
    estimatedBirthYear: r.estimated_birth_year === null ? null : Number(r.estimated_birth_year), notes: strOrNull(r.notes),
    status: r.status as FoundPerson['status'], org: str(r.org), createdBy: str(r.created_by), version: Number(r.version),
    createdAt: str(r.created_at), updatedAt: str(r.updated_at),
  };
}

function foundPersonParams(p: FoundPerson): Params {
  return {
    id: p.id, profile_id: p.profileId, found_at: p.foundAt, place: p.place, estimated_birth_year: p.estimatedBirthYear,
    notes: p.notes, status: p.status, org: p.org, created_by: p.createdBy, version: p.version,
    created_at: p.createdAt, updated_at: p.updatedAt,
  };
}

function toTable(r: Row): FrequencyTable {
  return {
    id: str(r.id), name: str(r.name), population: str(r.population), source: str(r.source),
    licenseNote: strOrNull(r.license_note), sampleSize: r.sample_size === null ? null : Number(r.sample_size),
    loci: JSON.parse(str(r.loci)) as FrequencyTable['loci'], notes: JSON.parse(str(r.notes)) as string[],
    builtIn: r.built_in === 1, createdAt: str(r.created_at), createdBy: str(r.created_by),
  };
}

function toApiKey(r: Row): ApiKey {
  return {
    id: str(r.id), role: r.role as ApiKey['role'], org: str(r.org), label: strOrNull(r.label), hash: str(r.hash),
    demo: r.demo === 1, createdAt: str(r.created_at), revokedAt: strOrNull(r.revoked_at),
  };
}

function toAudit(r: Row): AuditEntry {
  return {
    id: str(r.id), at: str(r.at), actor: str(r.actor), role: r.role as AuditEntry['role'], org: str(r.org),
    action: r.action as AuditEntry['action'], targetType: r.target_type as AuditEntry['targetType'],
    targetId: str(r.target_id), requestId: strOrNull(r.request_id),
  };
}

function placeholders(prefix: string, values: readonly string[]): { sql: string; params: Params } {
  const params: Params = {};
  values.forEach((v, i) => (params[`${prefix}${i}`] = v));
  return { sql: values.map((_, i) => `@${prefix}${i}`).join(', '), params };
}

class EmbeddedProfiles implements ProfileRepository {
  constructor(private readonly db: Access) {}

  async insert(p: Profile): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO profiles (id, lab, sample_id, kind, kit, population, sex, genotypes,
      autosomal_loci, genotype_hash, content_hash, created_at, created_by) VALUES (@id, @lab, @sample_id, @kind, @kit,
      @population, @sex, @genotypes, @autosomal_loci, @genotype_hash, @content_hash, @created_at, @created_by)`, {
      id: p.id, lab: p.lab, sample_id: p.sampleId, kind: p.kind, kit: p.kit, population: p.population, sex: p.sex,
      genotypes: JSON.stringify(p.genotypes), autosomal_loci: p.autosomalLoci, genotype_hash: p.genotypeHash,
      content_hash: p.contentHash, created_at: p.createdAt, created_by: p.createdBy,
    }));
  }

  async findById(id: string): Promise<Profile | null> {
    const r = one(this.db.read(), 'SELECT * FROM profiles WHERE id = @id', { id });
    return r ? toProfile(r) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Profile[]> {
    const out: Profile[] = [];
    // SQLite binds at most 32766 parameters per statement; 500 keeps statements cacheable and small.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const p = placeholders('i', chunk);
      out.push(...this.db.read().prepare(`SELECT * FROM profiles WHERE id IN (${p.sql})`).all(p.params).map((r) => toProfile(r as Row)));
    }
    return out;
  }

  async findBySampleId(lab: string, sampleId: string): Promise<Profile | null> {
    const r = one(this.db.read(), 'SELECT * FROM profiles WHERE lab = @lab AND sample_id = @sampleId', { lab, sampleId });
    return r ? toProfile(r) : null;
  }

  async findIdsByGenotypeHash(hash: string): Promise<string[]> {
    return all(this.db.read(), 'SELECT id FROM profiles WHERE genotype_hash = @hash ORDER BY created_at, id', { hash }).map((r) => str(r.id));
  }

  async list(q: ProfileQuery): Promise<Page<Profile>> {
    return page(this.db.read(), 'profiles', [['lab', '=', q.lab], ['kind', '=', q.kind]], 'created_at, id', q.limit, q.offset, toProfile);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM profiles')!.n);
  }
}

class EmbeddedCases implements CaseRepository {
  constructor(private readonly db: Access) {}

  private static writeTyped(db: Database, c: MissingCase): void {
    run(db, 'DELETE FROM case_profiles WHERE case_id = @id', { id: c.id });
    for (const [individualId, profileId] of Object.entries(c.family.pedigree.typed)) {
      run(db, 'INSERT INTO case_profiles (case_id, individual_id, profile_id) VALUES (@c, @i, @p)', { c: c.id, i: individualId, p: profileId });
    }
  }

  async insert(c: MissingCase): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      run(db, `INSERT INTO cases (id, alert_id, trafficking_case_no, child_sex, child_birth_date, missing_since, place,
        population, status, org, opened_by, family, version, created_at, updated_at) VALUES (@id, @alert_id,
        @trafficking_case_no, @child_sex, @child_birth_date, @missing_since, @place, @population, @status, @org,
        @opened_by, @family, @version, @created_at, @updated_at)`, caseParams(c));
      EmbeddedCases.writeTyped(db, c);
    })());
  }

  async update(next: MissingCase): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      const changed = run(db, `UPDATE cases SET alert_id = @alert_id, trafficking_case_no = @trafficking_case_no,
        child_sex = @child_sex, child_birth_date = @child_birth_date, missing_since = @missing_since, place = @place,
        population = @population, status = @status, org = @org, opened_by = @opened_by, family = @family,
        version = @version, updated_at = @updated_at WHERE id = @id AND version = @version - 1`, caseParams(next));
      if (changed !== 1) throw new ConflictError('STALE_VERSION', `case ${next.id} was changed by another request; reload and retry`);
      EmbeddedCases.writeTyped(db, next);
    })());
  }

  async findById(id: string): Promise<MissingCase | null> {
    const r = one(this.db.read(), 'SELECT * FROM cases WHERE id = @id', { id });
    return r ? toCase(r) : null;
  }

  async list(q: CaseListQuery): Promise<Page<MissingCase>> {
    return page(this.db.read(), 'cases', [
      ['status', '=', q.status], ['alert_id', '=', q.alertId], ['trafficking_case_no', '=', q.traffickingCaseNo],
      ['child_sex', '=', q.sex], ['missing_since', '>=', q.missingSinceFrom], ['missing_since', '<=', q.missingSinceTo],
    ], 'created_at, id', q.limit, q.offset, toCase);
  }

  async findIdsByProfileId(profileId: string): Promise<string[]> {
    return all(this.db.read(), 'SELECT DISTINCT case_id FROM case_profiles WHERE profile_id = @profileId ORDER BY case_id', { profileId })
      .map((r) => str(r.case_id));
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM cases')!.n);
  }
}

class EmbeddedFoundPersons implements FoundPersonRepository {
  constructor(private readonly db: Access) {}

  async insert(p: FoundPerson): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO found_persons (id, profile_id, found_at, place, estimated_birth_year,
      notes, status, org, created_by, version, created_at, updated_at) VALUES (@id, @profile_id, @found_at, @place,
      @estimated_birth_year, @notes, @status, @org, @created_by, @version, @created_at, @updated_at)`, foundPersonParams(p)));
  }

  async update(next: FoundPerson): Promise<void> {
    await this.db.write((db) => {
      const changed = run(db, `UPDATE found_persons SET profile_id = @profile_id, found_at = @found_at, place = @place,
        estimated_birth_year = @estimated_birth_year, notes = @notes, status = @status, version = @version,
        updated_at = @updated_at WHERE id = @id AND version = @version - 1`, foundPersonParams(next));
      if (changed !== 1) throw new ConflictError('STALE_VERSION', `found person ${next.id} was changed by another request; reload and retry`);
    });
  }

  async findById(id: string): Promise<FoundPerson | null> {
    const r = one(this.db.read(), 'SELECT * FROM found_persons WHERE id = @id', { id });
    return r ? toFoundPerson(r) : null;
  }

  async findByProfileId(profileId: string): Promise<FoundPerson | null> {
    const r = one(this.db.read(), 'SELECT * FROM found_persons WHERE profile_id = @profileId', { profileId });
    return r ? toFoundPerson(r) : null;
  }

  async list(q: FoundPersonListQuery): Promise<Page<FoundPerson>> {
    return page(this.db.read(), 'found_persons', [
      ['status', '=', q.status], ['found_at', '>=', q.foundFrom], ['found_at', '<=', q.foundTo],
    ], 'created_at, id', q.limit, q.offset, toFoundPerson);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM found_persons')!.n);
  }
}

class EmbeddedFrequencyTables implements FrequencyTableRepository {
  constructor(private readonly db: Access) {}

  async insert(t: FrequencyTable): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO frequency_tables (id, name, population, source, license_note,
      sample_size, loci, notes, built_in, created_at, created_by) VALUES (@id, @name, @population, @source,
      @license_note, @sample_size, @loci, @notes, @built_in, @created_at, @created_by)`, {
      id: t.id, name: t.name, population: t.population, source: t.source, license_note: t.licenseNote,
      sample_size: t.sampleSize, loci: JSON.stringify(t.loci), notes: JSON.stringify(t.notes), built_in: t.builtIn ? 1 : 0,
      created_at: t.createdAt, created_by: t.createdBy,
    }));
  }

  async findById(id: string): Promise<FrequencyTable | null> {
    const r = one(this.db.read(), 'SELECT * FROM frequency_tables WHERE id = @id', { id });
    return r ? toTable(r) : null;
  }

  async listAll(): Promise<FrequencyTable[]> {
    return all(this.db.read(), 'SELECT * FROM frequency_tables ORDER BY id').map(toTable);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM frequency_tables')!.n);
  }
}

class EmbeddedApiKeys implements ApiKeyRepository {
  constructor(private readonly db: Access) {}

  async insert(k: ApiKey): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO api_keys (id, role, org, label, hash, demo, created_at, revoked_at)
      VALUES (@id, @role, @org, @label, @hash, @demo, @created_at, @revoked_at)`, {
      id: k.id, role: k.role, org: k.org, label: k.label, hash: k.hash, demo: k.demo ? 1 : 0, created_at: k.createdAt,
      revoked_at: k.revokedAt,
    }));
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const r = one(this.db.read(), 'SELECT * FROM api_keys WHERE hash = @hash', { hash });
    return r ? toApiKey(r) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    const r = one(this.db.read(), 'SELECT * FROM api_keys WHERE id = @id', { id });
    return r ? toApiKey(r) : null;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.db.write((db) => run(db, 'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @at) WHERE id = @id', { id, at }) === 1);
  }

  async list(q: ApiKeyListQuery): Promise<Page<ApiKey>> {
    return page(this.db.read(), 'api_keys', [['role', '=', q.role], ['org', '=', q.org]], 'created_at, id', q.limit, q.offset, toApiKey);
  }

  async listDemo(): Promise<ApiKey[]> {
    return all(this.db.read(), 'SELECT * FROM api_keys WHERE demo = 1 ORDER BY created_at, id').map(toApiKey);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM api_keys')!.n);
  }
}

class EmbeddedAudit implements AuditRepository {
  constructor(private readonly db: Access) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO audit (id, at, actor, role, org, action, target_type, target_id,
      request_id) VALUES (@id, @at, @actor, @role, @org, @action, @target_type, @target_id, @request_id)`, {
      id: e.id, at: e.at, actor: e.actor, role: e.role, org: e.org, action: e.action, target_type: e.targetType,
      target_id: e.targetId, request_id: e.requestId,
    }));
  }

  async list(q: AuditListQuery): Promise<Page<AuditEntry>> {
    return page(this.db.read(), 'audit', [
      ['actor', '=', q.actor], ['org', '=', q.org], ['action', '=', q.action], ['target_type', '=', q.targetType],
      ['target_id', '=', q.targetId], ['at', '>=', q.from], ['at', '<=', q.to],
    ], 'at DESC, id DESC', q.limit, q.offset, toAudit);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM audit')!.n);
  }
}

function repositories(access: Access): Repositories {
  return {
    profiles: new EmbeddedProfiles(access),
    cases: new EmbeddedCases(access),
    foundPersons: new EmbeddedFoundPersons(access),
    frequencyTables: new EmbeddedFrequencyTables(access),
    apiKeys: new EmbeddedApiKeys(access),
    audit: new EmbeddedAudit(access),
    ...embeddedHubRepositories(access),
    ...embeddedMatchingRepositories(access),
    ...embeddedReviewRepositories(access),
    ...embeddedSessionRepositories(access),
  };
}

/**
 * The embedded store: SQLite through better-sqlite3 in WAL mode, one file under DATA_DIR.
 *
 * better-sqlite3 is synchronous and one connection has one transaction, so an async transaction
 * that awaits between statements would let other requests' statements join it. Every write and
 * every transaction therefore runs behind one {@link AsyncMutex} on the writer connection
 * (BEGIN IMMEDIATE … COMMIT / ROLLBACK), while reads outside transactions use a second,
 * read-only connection that in WAL mode sees only committed data (https://sqlite.org/wal.html §2.2).
 * BEGIN IMMEDIATE takes the write lock at once, so another process using the same file
 * (e.g. `npm run keys`) waits up to the busy timeout instead of failing mid-transaction.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly profiles: ProfileRepository;
  readonly cases: CaseRepository;
  readonly foundPersons: FoundPersonRepository;
  readonly frequencyTables: FrequencyTableRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly audit: AuditRepository;
  readonly hubAlerts: HubAlertRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
  readonly statusChanges: StatusChangeRepository;
  readonly matches: MatchRepository;
  readonly searchPolicies: SearchPolicyRepository;
  readonly jobs: JobRepository;
  readonly reviews: ReviewRepository;
  readonly sessions: SessionRepository;
  private readonly mutex = new AsyncMutex();
  /** Set while a transaction's callback runs: writes through the store itself would deadlock there. */
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private closed = false;

  private constructor(private readonly writer: Database, private readonly reader: Database, readonly file: string) {
    const repos = repositories({
      read: () => this.reader,
      write: (unit) => {
        this.assertNotInTransaction();
        return this.mutex.run(async () => {
          this.assertOpen();
          return unit(this.writer);
        });
      },
    });
    this.profiles = repos.profiles;
    this.cases = repos.cases;
    this.foundPersons = repos.foundPersons;
    this.frequencyTables = repos.frequencyTables;
    this.apiKeys = repos.apiKeys;
    this.audit = repos.audit;
    this.hubAlerts = repos.hubAlerts;
    this.subscriptions = repos.subscriptions;
    this.outbox = repos.outbox;
    this.statusChanges = repos.statusChanges;
    this.matches = repos.matches;
    this.searchPolicies = repos.searchPolicies;
    this.jobs = repos.jobs;
    this.reviews = repos.reviews;
    this.sessions = repos.sessions;
  }

  /** Opens (creating when needed) and migrates the database file `<dataDir>/reunion.sqlite`. */
  static open(opts: EmbeddedStoreOptions): EmbeddedStore {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, opts.fileName ?? 'reunion.sqlite');
    const busy = opts.busyTimeoutMs ?? 5000;
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives power loss (https://sqlite.org/pragma.html#pragma_synchronous).
    writer.pragma('synchronous = FULL');
    writer.pragma(`busy_timeout = ${busy}`);
    writer.pragma('foreign_keys = ON');
    migrate(writer);
    const reader = new BetterSqlite3(file, { readonly: true });
    reader.pragma(`busy_timeout = ${busy}`);
    return new EmbeddedStore(writer, reader, file);
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    this.assertNotInTransaction();
    return this.mutex.run(async () => {
      this.assertOpen();
      let active = true;
      const tx = repositories({
        read: () => {
          if (!active) throw new Error('transaction already finished');
          return this.writer;
        },
        write: async (unit) => {
          if (!active) throw new Error('transaction already finished');
          return unit(this.writer);
        },
      });
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.inTransaction.run(true, () => work(tx));
        this.writer.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw e;
      } finally {
        active = false;
      }
    });
  }

  async *iterateFamilies(batchSize = 500): AsyncIterable<FamilyRecord> {
    let after = '';
    for (;;) {
      const rows = all(this.reader, `SELECT * FROM cases WHERE id > @after AND EXISTS
        (SELECT 1 FROM case_profiles cp WHERE cp.case_id = cases.id) ORDER BY id LIMIT @n`, { after, n: batchSize });
      if (rows.length === 0) return;
      const cases = rows.map(toCase);
      const profiles = await this.profiles.findByIds([...new Set(cases.flatMap((c) => Object.values(c.family.pedigree.typed)))]);
      const byId = new Map(profiles.map((p) => [p.id, p]));
      for (const c of cases) yield familyRecord(c, byId);
      after = cases[cases.length - 1]!.id;
    }
  }

  async *iterateFoundPersons(batchSize = 500): AsyncIterable<FoundPersonRecord> {
    let after = '';
    for (;;) {
      const rows = all(this.reader, `SELECT f.id AS fid, f.status AS fstatus, f.version AS fversion, p.*
        FROM found_persons f JOIN profiles p ON p.id = f.profile_id WHERE f.id > @after ORDER BY f.id LIMIT @n`, { after, n: batchSize });
      if (rows.length === 0) return;
      for (const r of rows) {
        const p = toProfile(r);
        yield {
          foundPersonId: str(r.fid), profileId: p.id, status: r.fstatus as FoundPersonRecord['status'],
          sex: p.sex, genotypes: p.genotypes, version: Number(r.fversion),
        };
      }
      after = str(rows[rows.length - 1]!.fid);
    }
  }

  async countRecords(): ReturnType<Store['countRecords']> {
    return {
      profiles: await this.profiles.count(),
      cases: await this.cases.count(),
      foundPersons: await this.foundPersons.count(),
      frequencyTables: await this.frequencyTables.count(),
      apiKeys: await this.apiKeys.count(),
      audit: await this.audit.count(),
    };
  }

  async ping(): Promise<void> {
    this.assertOpen();
    one(this.reader, 'SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.run(async () => {
      this.closed = true;
      this.reader.close();
      this.writer.close();
    });
  }

  private assertNotInTransaction(): void {
    if (this.inTransaction.getStore()) {
      throw new Error('inside a transaction, write through the transaction\'s repositories (tx), not the store');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the embedded store is closed');
  }
}
