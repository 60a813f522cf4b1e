import mongoose, { type ClientSession, type Connection, type Model } from 'mongoose';
import type { Page } from '../../domain';
import { ConflictError } from '../../lib';
import type {
  ApiKeyRepository, AuditRepository, CaseRepository, FamilyRecord, FoundPersonRecord, FoundPersonRepository,
  ChangeListener, FrequencyTableRepository, ProfileRepository, Repositories, Store, StoreChange,
} from '../store';
import { familyRecords } from '../family-record';
import { SCHEMAS } from './mongo-schemas';
import {
  fromApiKey, fromAudit, fromCase, fromFoundPerson, fromProfile, fromTable, listFilters, toApiKey, toAudit, toCase, toFoundPerson,
  toProfile, toTable,
} from './mongo-mappers';
import { mapDuplicate, type Doc, type Filter } from './mongo-helpers';
import { mongoHubRepositories, registerHubModels, type MongoHubModels } from './mongo-hub';
import { mongoMatchingRepositories, registerMatchingModels, type MongoMatchingModels } from './mongo-matching';
import { mongoReviewRepositories, registerReviewModels, type MongoReviewModels } from './mongo-reviews';
import { mongoSessionRepositories, registerSessionModels, type MongoSessionModels } from './mongo-sessions';
import { caseChange, ChangeListeners, foundPersonChange } from '../change-listeners';
import type { LeaseRepository } from '../lease-store';
import { MongoLeases, registerLeaseModel } from './mongo-leases';
import { followChangeStream, type ChangeStreamFollower } from './mongo-change-stream';
import { changesSince, lastChangeSeq, recordChange, registerChangeModels, type MongoChangeModels } from './mongo-changes';

export interface MongoModels extends MongoHubModels, MongoMatchingModels, MongoReviewModels, MongoChangeModels, MongoSessionModels {
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
    ...registerChangeModels(conn),
    ...registerSessionModels(conn),
  };
}


// The repositories are assigned in the constructor; the interface merges their declarations into the class.
interface MongoRepositories extends Repositories {}

class MongoRepositories implements Repositories {
  /**
   * `feed` says how a write of a case or a found person reaches the change feed: inside a
   * transaction its entry joins the session and the commit is reported later; outside one, the
   * record and its entry are written in a transaction of their own and reported at once.
   */
  constructor(m: MongoModels, session: ClientSession | undefined, feed: ChangeFeedAccess) {
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
    // All or none: in the caller's transaction, or in one of its own outside a transaction.
    const insertMany = async (model: Model<Doc>, docs: Doc[]): Promise<void> => {
      if (docs.length === 0) return;
      if (session) await model.insertMany(docs, { session }).catch(mapDuplicate);
      else await feed.transaction(async (own) => {
        await model.insertMany(docs, { session: own }).catch(mapDuplicate);
      });
    };
    const count = (model: Model<Doc>) => (): Promise<number> => model.countDocuments({}, opts);
    const withChange = async (change: Omit<StoreChange, 'seq'>, write: (o: { session?: ClientSession }) => Promise<void>): Promise<void> => {
      if (session) {
        await write(opts);
        await recordChange(m, session, change);
        feed.recorded();
        return;
      }
      await feed.transaction(async (own) => {
        await write({ session: own });
        await recordChange(m, own, change);
      });
      await feed.committed();
    };
    const updateVersioned = async (model: Model<Doc>, doc: Doc, version: number, o: { session?: ClientSession }, what: string): Promise<void> => {
      const { _id, ...fields } = doc;
      const r = await model.updateOne({ _id, version: version - 1 }, { $set: fields }, o).catch(mapDuplicate);
      if (r.matchedCount !== 1) throw new ConflictError('STALE_VERSION', `${what} ${_id} was changed by another request; reload and retry`);
    };

    const profiles: ProfileRepository = {
      insert: (p) => insert(m.Profile, fromProfile(p)),
      insertMany: (list) => insertMany(m.Profile, list.map(fromProfile)),
      findById: (id) => lean(m.Profile, { _id: id }, toProfile),
      findByIds: async (ids) => ((await m.Profile.find({ _id: { $in: [...ids] } }, null, opts).lean()) as Doc[]).map(toProfile),
      findBySampleId: (lab, sampleId) => lean(m.Profile, { lab, sampleId }, toProfile),
      findIdsByGenotypeHash: async (hash) =>
        ((await m.Profile.find({ genotypeHash: hash }, { _id: 1 }, opts).sort({ createdAt: 1, _id: 1 }).lean()) as Doc[]).map((d) => d._id),
      list: (q) => page(m.Profile, listFilters.profiles(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toProfile),
      count: count(m.Profile),
    };
    const cases: CaseRepository = {
      insert: (c) => withChange(caseChange(c), async (o) => {
        await m.Case.create([fromCase(c)], o).catch(mapDuplicate);
      }),
      findById: (id) => lean(m.Case, { _id: id }, toCase),
      update: (next) => withChange(caseChange(next), (o) => updateVersioned(m.Case, fromCase(next), next.version, o, 'case')),
      list: (q) => page(m.Case, listFilters.cases(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toCase),
      findFamily: async (caseId) => {
        const c = await lean(m.Case, { _id: caseId }, toCase);
        return c ? (await familyRecords([c], profiles))[0]! : null;
      },
      findIdsByProfileId: async (profileId) =>
        ((await m.Case.find({ typedProfileIds: profileId }, { _id: 1 }, opts).sort({ _id: 1 }).lean()) as Doc[]).map((d) => d._id),
      count: count(m.Case),
    };
    const foundPersons: FoundPersonRepository = {
      insert: (p) => withChange(foundPersonChange(p), async (o) => {
        await m.FoundPerson.create([fromFoundPerson(p)], o).catch(mapDuplicate);
      }),
      findById: (id) => lean(m.FoundPerson, { _id: id }, toFoundPerson),
      findByProfileId: (profileId) => lean(m.FoundPerson, { profileId }, toFoundPerson),
      update: (next) => withChange(foundPersonChange(next), (o) => updateVersioned(m.FoundPerson, fromFoundPerson(next), next.version, o, 'found person')),
      list: (q) => page(m.FoundPerson, listFilters.foundPersons(q), { createdAt: 1, _id: 1 }, q.limit, q.offset, toFoundPerson),
      count: count(m.FoundPerson),
    };
    const frequencyTables: FrequencyTableRepository = {
      insert: (t) => insert(m.FrequencyTable, fromTable(t)),
      findById: (id) => lean(m.FrequencyTable, { _id: id }, toTable),
      listAll: async () => ((await m.FrequencyTable.find({}, null, opts).sort({ _id: 1 }).lean()) as Doc[]).map(toTable),
      count: count(m.FrequencyTable),
    };
    const apiKeys: ApiKeyRepository = {
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
    const audit: AuditRepository = {
      append: (e) => insert(m.Audit, fromAudit(e)),
      appendMany: (list) => insertMany(m.Audit, list.map(fromAudit)),
      list: (q) => page(m.Audit, listFilters.audit(q), { at: -1, _id: -1 }, q.limit, q.offset, toAudit),
      count: count(m.Audit),
    };
    Object.assign(this, {
      profiles, cases, foundPersons, frequencyTables, apiKeys, audit,
      ...mongoHubRepositories(m, session), ...mongoMatchingRepositories(m, session), ...mongoReviewRepositories(m, session),
      ...mongoSessionRepositories(m, session),
    });
  }
}

/** How repositories reach the change feed (see the MongoRepositories constructor). */
interface ChangeFeedAccess {
  /** A change entry joined the current transaction. */
  recorded(): void;
  /** A write outside a transaction committed with its entry: tell the listeners. */
  committed(): Promise<void>;
  /** Runs a write and its change entry in a transaction of their own. */
  transaction(work: (session: ClientSession) => Promise<void>): Promise<void>;
}

export interface MongoStoreOptions {
  readonly uri: string;
  /** Database name; the one in the URI when omitted. */
  readonly dbName?: string;
  /** Server selection timeout (ms): how long to wait for a reachable primary. */
  readonly serverSelectionTimeoutMs?: number;
}

const TRANSACTION_OPTIONS = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } } as const;

/**
 * The MongoDB adapter (mongoose 9). Multi-document changes use a session with a transaction
 * (requires a replica set or sharded cluster: https://www.mongodb.com/docs/manual/core/transactions/);
 * writes use majority write concern so an acknowledged change survives a primary failover.
 */
export class MongoStore extends MongoRepositories implements Store {
  readonly kind = 'mongo' as const;

  private readonly listeners: ChangeListeners;
  private stream: ChangeStreamFollower | null = null;
  readonly leases: LeaseRepository;

  private constructor(private readonly conn: Connection, private readonly models: MongoModels) {
    const listeners = new ChangeListeners();
    super(models, undefined, {
      recorded: () => undefined,
      committed: () => listeners.notify(),
      transaction: (work) => conn.transaction(work, TRANSACTION_OPTIONS),
    });
    this.listeners = listeners;
    this.leases = new MongoLeases(registerLeaseModel(conn));
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
    let recorded = false;
    const feed: ChangeFeedAccess = {
      recorded: () => {
        recorded = true;
      },
      committed: async () => undefined,
      transaction: () => Promise.reject(new Error('nested transactions are not supported')),
    };
    const result = await this.conn.transaction((session) => work(new MongoRepositories(this.models, session, feed)), TRANSACTION_OPTIONS);
    if (recorded) await this.listeners.notify();
    return result;
  }

  changesSince(seq: number, limit: number): Promise<StoreChange[]> {
    return changesSince(this.models, seq, limit);
  }

  lastChangeSeq(): Promise<number> {
    return lastChangeSeq(this.models);
  }

  /** Listeners hear of this store's commits at once, and of other replicas' by the change stream. */
  onChanges(listener: ChangeListener): () => void {
    this.stream ??= followChangeStream(this.models.Change, () => this.listeners.notify());
    return this.listeners.add(listener);
  }

  async *iterateFamilies(batchSize = 500): AsyncIterable<FamilyRecord> {
    let after = '';
    for (;;) {
      const docs = (await this.models.Case.find({ _id: { $gt: after }, 'typedProfileIds.0': { $exists: true } })
        .sort({ _id: 1 }).limit(batchSize).lean()) as Doc[];
      if (docs.length === 0) return;
      const cases = docs.map(toCase);
      yield* await familyRecords(cases, this.profiles);
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
    await this.stream?.close();
    await this.conn.close();
  }

  /** Drops the whole database (tests only). */
  async dropDatabase(): Promise<void> {
    await this.conn.dropDatabase();
  }
}
