import mongoose, { type ClientSession, type Connection, type Model } from 'mongoose';
import type {
  ApiKey, ApiKeyListQuery, AuditEntry, AuditListQuery, CaseListQuery, FoundPerson, FoundPersonListQuery,
  FrequencyTable, MissingCase, Page, Profile,
} from '../../domain';
import { ConflictError } from '../../lib';
import type {
  ApiKeyRepository, AuditRepository, CaseRepository, FamilyRecord, FoundPersonRecord, FoundPersonRepository,
  FrequencyTableRepository, ProfileQuery, ProfileRepository, Repositories, Store,
} from '../store';
import { familyRecord } from '../family-record';
import { SCHEMAS } from './mongo-schemas';
import { mongoHubRepositories, registerHubModels, type MongoHubModels } from './mongo-hub';
import type { HubAlertRepository, OutboxRepository, StatusChangeRepository, SubscriptionRepository } from '../hub-store';
import type { JobRepository, MatchRepository, SearchPolicyRepository } from '../matching-store';
import { mongoMatchingRepositories, registerMatchingModels, type MongoMatchingModels } from './mongo-matching';
import { mongoReviewRepositories, registerReviewModels, type MongoReviewModels } from './mongo-reviews';
import type { ReviewRepository } from '../review-store';
import { mongoSessionRepositories, registerSessionModels, type MongoSessionModels } from './mongo-sessions';
import type { SessionRepository } from '../session-store';

export type Doc = Record<string, unknown> & { _id: string };
export type Filter = Record<string, unknown>;

export interface MongoModels extends MongoHubModels, MongoMatchingModels, MongoReviewModels, MongoSessionModels {
  readonly Profile: Model<Doc>;
  readonly Case: Model<Doc>;
  readonly FoundPerson: Model<Doc>;
  readonly FrequencyTable: Model<Doc>;
  readonly ApiKey: Model<Doc>;
  readonly Audit: Model<Doc>;
}

/** Registers the adapter's models on a connection (no server round trip). */
export function registerModels(conn: Connection): MongoModels {
  const m = (name: keyof typeof SCHEMAS): Model<Doc> =>
    (conn.models[name] as Model<Doc> | undefined) ?? conn.model<Doc>(name, SCHEMAS[name] as never);
  return {
    Profile: m('Profile'), Case: m('Case'), FoundPerson: m('FoundPerson'),
    FrequencyTable: m('FrequencyTable'), ApiKey: m('ApiKey'), Audit: m('Audit'),
    ...registerHubModels(conn),
    ...registerMatchingModels(conn),
    ...registerReviewModels(conn),
    ...registerSessionModels(conn),
  };
}

/** MongoDB duplicate key error (E11000) as the port's ConflictError. */
export function mapDuplicate(e: unknown): never {
  if ((e as { code?: number }).code === 11000) {
    throw new ConflictError('DUPLICATE_KEY', 'a record with the same key exists', { cause: e });
  }
  throw e;
}

export const iso = (d: unknown): string => (d instanceof Date ? d.toISOString() : String(d));
export const isoOrNull = (d: unknown): string | null => (d === null || d === undefined ? null : iso(d));
export const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** Builds a filter from optional equality / range conditions; undefined values are left out. */
export function filterOf(conditions: ReadonlyArray<readonly [string, '$eq' | '$gte' | '$lte', unknown]>): Filter {
  const filter: Record<string, Record<string, unknown>> = {};
  for (const [field, op, value] of conditions) {
    if (value === undefined) continue;
    (filter[field] ??= {})[op] = value;
  }
  return filter;
}

function toProfile(d: Doc): Profile {
  return {
    id: d._id, lab: d.lab as string, sampleId: d.sampleId as string, kind: d.kind as Profile['kind'], kit: d.kit as string,
    population: orNull(d.population as string | undefined), sex: orNull(d.sex as Profile['sex'] | undefined),
    genotypes: d.genotypes as Profile['genotypes'], autosomalLoci: d.autosomalLoci as number,
    genotypeHash: d.genotypeHash as string, contentHash: d.contentHash as string, createdAt: iso(d.createdAt),
    createdBy: d.createdBy as string,
  };
}

function fromProfile(p: Profile): Doc {
  const { id, createdAt, ...rest } = p;
  return { _id: id, ...rest, createdAt: new Date(createdAt) };
}

function toCase(d: Doc): MissingCase {
  const child = d.child as MissingCase['child'];
  const family = d.family as MissingCase['family'];
  return {
    id: d._id, alertId: orNull(d.alertId as string | undefined), traffickingCaseNo: orNull(d.traffickingCaseNo as string | undefined),
    child: { sex: child.sex, birthDate: orNull(child.birthDate ?? undefined), missingSince: child.missingSince, place: child.place },
    population: d.population as string, status: d.status as MissingCase['status'], org: d.org as string,
    openedBy: d.openedBy as string,
    family: {
      mode: family.mode, lab: orNull(family.lab ?? undefined),
      relatives: family.relatives.map((r) => ({ profileId: r.profileId, relationship: r.relationship, individualId: r.individualId })),
      pedigree: {
        missing: family.pedigree.missing,
        individuals: family.pedigree.individuals.map((i) => ({ id: i.id, father: orNull(i.father ?? undefined), mother: orNull(i.mother ?? undefined), sex: i.sex })),
        typed: { ...family.pedigree.typed },
      },
    },
    version: d.version as number, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}

function fromCase(c: MissingCase): Doc {
  const { id, createdAt, updatedAt, ...rest } = c;
  return {
    _id: id, ...rest, typedProfileIds: [...new Set(Object.values(c.family.pedigree.typed))],
    createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
  };
}

function toFoundPerson(d: Doc): FoundPerson {
  return {
    id: d._id, profileId: d.profileId as string, foundAt: d.foundAt as string, place: d.place as string,
    estimatedBirthYear: orNull(d.estimatedBirthYear as number | undefined), notes: orNull(d.notes as string | undefined),
    status: d.status as FoundPerson['status'], org: d.org as string, createdBy: d.createdBy as string,
    version: d.version as number, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}

function fromFoundPerson(p: FoundPerson): Doc {
  const { id, createdAt, updatedAt, ...rest } = p;
  return { _id: id, ...rest, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

function toTable(d: Doc): FrequencyTable {
  return {
    id: d._id, name: d.name as string, population: d.population as string, source: d.source as string,
    licenseNote: orNull(d.licenseNote as string | undefined), sampleSize: orNull(d.sampleSize as number | undefined),
    loci: JSON.parse(d.lociJson as string) as FrequencyTable['loci'], notes: [...(d.notes as string[])],
    builtIn: d.builtIn as boolean, createdAt: iso(d.createdAt), createdBy: d.createdBy as string,
  };
}

function fromTable(t: FrequencyTable): Doc {
  const { id, loci, createdAt, ...rest } = t;
  return { _id: id, ...rest, lociJson: JSON.stringify(loci), notes: [...t.notes], createdAt: new Date(createdAt) };
}

function fromApiKey(k: ApiKey): Doc {
  const { id, createdAt, revokedAt, ...rest } = k;
  return { _id: id, ...rest, createdAt: new Date(createdAt), revokedAt: revokedAt === null ? null : new Date(revokedAt) };
}

function fromAudit(e: AuditEntry): Doc {
  const { id, at, ...rest } = e;
  return { _id: id, ...rest, at: new Date(at) };
}

function toApiKey(d: Doc): ApiKey {
  return {
    id: d._id, role: d.role as ApiKey['role'], org: d.org as string, label: orNull(d.label as string | undefined),
    hash: d.hash as string, demo: d.demo as boolean, createdAt: iso(d.createdAt), revokedAt: isoOrNull(d.revokedAt),
  };
}

function toAudit(d: Doc): AuditEntry {
  return {
    id: d._id, at: iso(d.at), actor: d.actor as string, role: d.role as AuditEntry['role'], org: d.org as string,
    action: d.action as AuditEntry['action'], targetType: d.targetType as AuditEntry['targetType'],
    targetId: d.targetId as string, requestId: orNull(d.requestId as string | undefined),
  };
}

/** Document <-> domain mappers, exported so that casting through the schemas can be checked without a server. */
export const mappers = {
  toProfile, fromProfile, toCase, fromCase, toFoundPerson, fromFoundPerson, toTable, fromTable, toApiKey, fromApiKey,
  toAudit, fromAudit,
};

/** Query shapes of the list methods, exported so that they can be checked without a server. */
export const listFilters = {
  profiles: (q: ProfileQuery): Filter => filterOf([['lab', '$eq', q.lab], ['kind', '$eq', q.kind]]),
  cases: (q: CaseListQuery): Filter => filterOf([
    ['status', '$eq', q.status], ['alertId', '$eq', q.alertId], ['traffickingCaseNo', '$eq', q.traffickingCaseNo],
    ['child.sex', '$eq', q.sex], ['child.missingSince', '$gte', q.missingSinceFrom], ['child.missingSince', '$lte', q.missingSinceTo],
  ]),
  foundPersons: (q: FoundPersonListQuery): Filter => filterOf([
    ['status', '$eq', q.status], ['foundAt', '$gte', q.foundFrom], ['foundAt', '$lte', q.foundTo],
  ]),
  apiKeys: (q: ApiKeyListQuery): Filter => filterOf([['role', '$eq', q.role], ['org', '$eq', q.org]]),
  audit: (q: AuditListQuery): Filter => filterOf([
    ['actor', '$eq', q.actor], ['org', '$eq', q.org], ['action', '$eq', q.action], ['targetType', '$eq', q.targetType],
    ['targetId', '$eq', q.targetId], ['at', '$gte', q.from && new Date(q.from)], ['at', '$lte', q.to && new Date(q.to)],
  ]),
};

class MongoRepositories implements Repositories {
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

  constructor(m: MongoModels, session: ClientSession | undefined) {
    ({ hubAlerts: this.hubAlerts, subscriptions: this.subscriptions, outbox: this.outbox, statusChanges: this.statusChanges } =
      mongoHubRepositories(m, session));
    ({ matches: this.matches, searchPolicies: this.searchPolicies, jobs: this.jobs } = mongoMatchingRepositories(m, session));
    ({ reviews: this.reviews } = mongoReviewRepositories(m, session));
    ({ sessions: this.sessions } = mongoSessionRepositories(m, session));
    const opts: { session?: ClientSession } = session ? { session } : {};
    const lean = async <T>(model: Model<Doc>, filter: Filter, map: (d: Doc) => T): Promise<T | null> => {
      const d = (await model.findOne(filter, null, opts).lean()) as Doc | null;
      return d ? map(d) : null;
    };
    const page = async <T>(model: Model<Doc>, filter: Filter, sort: Record<string, 1 | -1>, limit: number, offset: number, map: (d: Doc) => T): Promise<Page<T>> => {
      const [total, docs] = await Promise.all([
        model.countDocuments(filter, opts),
        model.find(filter, null, opts).sort(sort).skip(offset).limit(limit).lean(),
      ]);
      return { items: (docs as Doc[]).map(map), total, limit, offset };
    };
    const insert = async (model: Model<Doc>, doc: Doc): Promise<void> => {
      await model.create([doc], opts).catch(mapDuplicate);
    };
    const count = (model: Model<Doc>) => (): Promise<number> => model.countDocuments({}, opts);

    this.profiles = {
      insert: (p) => insert(m.Profile, fromProfile(p)),
      findById: (id) => lean(m.Profile, { _id: id }, toProfile),
      findByIds: async (ids) => ((await m.Profile.find({ _id: { $in: [...ids] } }, null, opts).lean()) as Doc[]).map(toProfile),
      findBySampleId: (lab, sampleId) => lean(m.Profile, { lab, sampleId }, toProfile),
      findIdsByGenotypeHash: async (hash) =>
        ((await m.Profile.find({ genotypeHash: hash }, { _id: 1 }, opts).sort({ createdAt: 1, _id: 1 }).lean()) as Doc[]).map((d) => d._id),
      list: (q) => page(m.Profile, listFilters.profiles(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toProfile),
      count: count(m.Profile),
    };
    this.cases = {
      insert: (c) => insert(m.Case, fromCase(c)),
      findById: (id) => lean(m.Case, { _id: id }, toCase),
      update: async (next) => {
        const { _id, ...fields } = fromCase(next);
        const r = await m.Case.updateOne({ _id, version: next.version - 1 }, { $set: fields }, opts);
        if (r.matchedCount !== 1) throw new ConflictError('STALE_VERSION', `case ${next.id} was changed by another request; reload and retry`);
      },
      list: (q) => page(m.Case, listFilters.cases(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toCase),
      findIdsByProfileId: async (profileId) =>
        ((await m.Case.find({ typedProfileIds: profileId }, { _id: 1 }, opts).sort({ _id: 1 }).lean()) as Doc[]).map((d) => d._id),
      count: count(m.Case),
    };
    this.foundPersons = {
      insert: (p) => insert(m.FoundPerson, fromFoundPerson(p)),
      findById: (id) => lean(m.FoundPerson, { _id: id }, toFoundPerson),
      findByProfileId: (profileId) => lean(m.FoundPerson, { profileId }, toFoundPerson),
      update: async (next) => {
        const { _id, ...fields } = fromFoundPerson(next);
        const r = await m.FoundPerson.updateOne({ _id, version: next.version - 1 }, { $set: fields }, opts);
        if (r.matchedCount !== 1) throw new ConflictError('STALE_VERSION', `found person ${next.id} was changed by another request; reload and retry`);
      },
      list: (q) => page(m.FoundPerson, listFilters.foundPersons(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toFoundPerson),
      count: count(m.FoundPerson),
    };
    this.frequencyTables = {
      insert: (t) => insert(m.FrequencyTable, fromTable(t)),
      findById: (id) => lean(m.FrequencyTable, { _id: id }, toTable),
      listAll: async () => ((await m.FrequencyTable.find({}, null, opts).sort({ _id: 1 }).lean()) as Doc[]).map(toTable),
      count: count(m.FrequencyTable),
    };
    this.apiKeys = {
      insert: (k) => insert(m.ApiKey, fromApiKey(k)),
      findByHash: (hash) => lean(m.ApiKey, { hash }, toApiKey),
      findById: (id) => lean(m.ApiKey, { _id: id }, toApiKey),
      revoke: async (id, at) => {
        const r = await m.ApiKey.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date(at) } }, opts);
        return r.matchedCount === 1 || (await m.ApiKey.countDocuments({ _id: id }, opts)) === 1;
      },
      list: (q) => page(m.ApiKey, listFilters.apiKeys(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toApiKey),
      listDemo: async () => ((await m.ApiKey.find({ demo: true }, null, opts).sort({ createdAt: 1, _id: 1 }).lean()) as Doc[]).map(toApiKey),
      count: count(m.ApiKey),
    };
    this.audit = {
      append: (e) => insert(m.Audit, fromAudit(e)),
      list: (q) => page(m.Audit, listFilters.audit(q), { at: -1, _id: -1 }, q.limit, q.offset, toAudit),
      count: count(m.Audit),
    };
  }
}

export interface MongoStoreOptions {
  readonly uri: string;
  /** Database name; the one in the URI when omitted. */
  readonly dbName?: string;
  /** Server selection timeout (ms): how long to wait for a reachable primary. */
  readonly serverSelectionTimeoutMs?: number;
}

/**
 * The MongoDB adapter (mongoose 9). Multi-document changes use a session with a transaction
 * (requires a replica set or sharded cluster: https://www.mongodb.com/docs/manual/core/transactions/);
 * writes use majority write concern so an acknowledged change survives a primary failover.
 */
export class MongoStore extends MongoRepositories implements Store {
  readonly kind = 'mongo' as const;

  private constructor(private readonly conn: Connection, private readonly models: MongoModels) {
    super(models, undefined);
  }

  static async open(opts: MongoStoreOptions): Promise<MongoStore> {
    const conn = mongoose.createConnection(opts.uri, {
      writeConcern: { w: 'majority' },
      readConcern: { level: 'majority' },
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 10_000,
      autoIndex: false,
      ...(opts.dbName ? { dbName: opts.dbName } : {}),
    });
    await conn.asPromise();
    const models = registerModels(conn);
    // Indexes (unique (lab, sampleId), key hash, …) are part of correctness, so build them before serving.
    await Promise.all(Object.values(models).map((model) => (model as Model<Doc>).syncIndexes()));
    return new MongoStore(conn, models);
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.conn.transaction(
      (session) => work(new MongoRepositories(this.models, session)),
      { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } },
    );
  }

  async *iterateFamilies(batchSize = 500): AsyncIterable<FamilyRecord> {
    let after = '';
    for (;;) {
      const docs = (await this.models.Case.find({ _id: { $gt: after }, 'typedProfileIds.0': { $exists: true } })
        .sort({ _id: 1 }).limit(batchSize).lean()) as Doc[];
      if (docs.length === 0) return;
      const cases = docs.map(toCase);
      const profiles = await this.profiles.findByIds([...new Set(cases.flatMap((c) => Object.values(c.family.pedigree.typed)))]);
      const byId = new Map(profiles.map((p) => [p.id, p]));
      for (const c of cases) yield familyRecord(c, byId);
      after = cases[cases.length - 1]!.id;
    }
  }

  async *iterateFoundPersons(batchSize = 500): AsyncIterable<FoundPersonRecord> {
    let after = '';
    for (;;) {
      const docs = (await this.models.FoundPerson.find({ _id: { $gt: after } }).sort({ _id: 1 }).limit(batchSize).lean()) as Doc[];
      if (docs.length === 0) return;
      const persons = docs.map(toFoundPerson);
      const profiles = new Map((await this.profiles.findByIds(persons.map((p) => p.profileId))).map((p) => [p.id, p]));
      for (const person of persons) {
        const profile = profiles.get(person.profileId);
        if (!profile) continue;
        yield {
          foundPersonId: person.id, profileId: profile.id, status: person.status, sex: profile.sex,
          genotypes: profile.genotypes, version: person.version,
        };
      }
      after = persons[persons.length - 1]!.id;
    }
  }

  async countRecords(): ReturnType<Store['countRecords']> {
    const [profiles, cases, foundPersons, frequencyTables, apiKeys, audit] = await Promise.all([
      this.profiles.count(), this.cases.count(), this.foundPersons.count(), this.frequencyTables.count(),
      this.apiKeys.count(), this.audit.count(),
    ]);
    return { profiles, cases, foundPersons, frequencyTables, apiKeys, audit };
  }

  async ping(): Promise<void> {
    await this.conn.db!.admin().ping();
  }

  async close(): Promise<void> {
    await this.conn.close();
  }

  /** Drops the whole database (tests only). */
  async dropDatabase(): Promise<void> {
    await this.conn.dropDatabase();
  }
}
