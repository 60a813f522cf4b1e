import type { ClientSession, Connection, Model } from 'mongoose';
import type { Job, Match, Page, SearchPolicy } from '../../domain';
import { ConflictError } from '../../lib';
import type { MatchingRepositories, MatchListQuery } from '../matching-store';
import { MATCHING_SCHEMAS } from './mongo-matching-schemas';
import { iso, mapDuplicate, type Doc, type Filter } from './mongo-helpers';

export interface MongoMatchingModels {
  readonly Match: Model<Doc>;
  readonly SearchPolicy: Model<Doc>;
  readonly Job: Model<Doc>;
}

/** Registers the matching models on a connection (no server round trip). */
export function registerMatchingModels(conn: Connection): MongoMatchingModels {
  const m = (name: keyof typeof MATCHING_SCHEMAS): Model<Doc> =>
    (conn.models[name] as Model<Doc> | undefined) ?? conn.model<Doc>(name, MATCHING_SCHEMAS[name] as never);
  return { Match: m('Match'), SearchPolicy: m('SearchPolicy'), Job: m('Job') };
}

type MatchBody = Omit<Match, 'id' | 'caseId' | 'foundPersonId' | 'status' | 'version' | 'createdAt' | 'updatedAt'>;

function toMatch(d: Doc): Match {
  const body = JSON.parse(d.bodyJson as string) as MatchBody;
  return {
    ...body, id: d._id, caseId: d.caseId as string, foundPersonId: d.foundPersonId as string, status: d.status as Match['status'],
    version: d.version as number, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}
function fromMatch(m: Match): Doc {
  const { id, caseId, foundPersonId, status, version, createdAt, updatedAt, ...body } = m;
  return {
    _id: id, caseId, foundPersonId, status, log10Lr: m.log10Lr, bodyJson: JSON.stringify(body), version,
    createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
  };
}

/** A policy version as a key that sorts like the number ("v0000000012"). */
export function policyKey(version: number): string {
  return `v${String(version).padStart(10, '0')}`;
}

/** Document <-> domain mappers of the matching collections, exported for the server-less schema tests. */
export const matchingMappers = { toMatch, fromMatch };

/** The matching repositories of the MongoDB adapter, in a session (transaction) or not. */
export function mongoMatchingRepositories(m: MongoMatchingModels, session: ClientSession | undefined): MatchingRepositories {
  const opts: { session?: ClientSession } = session ? { session } : {};
  const list = async (filter: Filter, q: MatchListQuery): Promise<Page<Match>> => {
    const f = q.status === undefined ? filter : { ...filter, status: q.status };
    const [total, docs] = await Promise.all([
      m.Match.countDocuments(f, opts),
      m.Match.find(f, null, opts).sort({ log10Lr: -1, _id: 1 }).skip(q.offset).limit(q.limit).lean(),
    ]);
    return { items: (docs as Doc[]).map(toMatch), total, limit: q.limit, offset: q.offset };
  };
  const findOne = async (filter: Filter): Promise<Match | null> => {
    const d = (await m.Match.findOne(filter, null, opts).lean()) as Doc | null;
    return d ? toMatch(d) : null;
  };
  return {
    matches: {
      findById: (id) => findOne({ _id: id }),
      findByPair: (caseId, foundPersonId) => findOne({ caseId, foundPersonId }),
      upsert: async (match) => {
        const old = await findOne({ caseId: match.caseId, foundPersonId: match.foundPersonId });
        if (!old) {
          const stored = { ...match, version: 1 };
          await m.Match.create([fromMatch(stored)], opts).catch(mapDuplicate);
          return stored;
        }
        const next: Match = { ...match, id: old.id, status: old.status, createdAt: old.createdAt, version: old.version + 1 };
        const doc = fromMatch(next);
        const r = await m.Match.updateOne({ _id: old.id, version: old.version },
          { $set: { log10Lr: doc.log10Lr, bodyJson: doc.bodyJson, version: next.version, updatedAt: doc.updatedAt } }, opts);
        if (r.matchedCount !== 1) throw new ConflictError('STALE_VERSION', `match ${old.id} was changed by another request; reload and retry`);
        return next;
      },
      update: async (next) => {
        const doc = fromMatch(next);
        const r = await m.Match.updateOne({ _id: next.id, version: next.version - 1 },
          { $set: { status: doc.status, log10Lr: doc.log10Lr, bodyJson: doc.bodyJson, version: next.version, updatedAt: doc.updatedAt } }, opts);
        if (r.matchedCount !== 1) throw new ConflictError('STALE_VERSION', `match ${next.id} was changed by another request; reload and retry`);
      },
      listByCase: (caseId, q) => list({ caseId }, q),
      listByFoundPerson: (foundPersonId, q) => list({ foundPersonId }, q),
      listAfter: async (after, limit) => ((await m.Match.find({ _id: { $gt: after } }, null, opts).sort({ _id: 1 }).limit(limit).lean()) as Doc[]).map(toMatch),
      count: () => m.Match.countDocuments({}, opts),
    },
    searchPolicies: {
      current: async () => {
        const d = (await m.SearchPolicy.findOne({}, null, opts).sort({ _id: -1 }).lean()) as (Doc & { bodyJson: string }) | null;
        return d ? (JSON.parse(d.bodyJson) as SearchPolicy) : null;
      },
      findByVersion: async (version) => {
        const d = (await m.SearchPolicy.findOne({ _id: policyKey(version) }, null, opts).lean()) as (Doc & { bodyJson: string }) | null;
        return d ? (JSON.parse(d.bodyJson) as SearchPolicy) : null;
      },
      insert: async (p) => {
        await m.SearchPolicy.create([{ _id: policyKey(p.version), bodyJson: JSON.stringify(p), createdAt: new Date(p.createdAt), createdBy: p.createdBy }], opts)
          .catch(mapDuplicate);
      },
    },
    jobs: {
      insert: async (job: Job) => {
        await m.Job.create([{ _id: job.id, status: job.status, bodyJson: JSON.stringify(job), createdAt: new Date(job.createdAt) }], opts).catch(mapDuplicate);
      },
      findById: async (id) => {
        const d = (await m.Job.findOne({ _id: id }, null, opts).lean()) as (Doc & { bodyJson: string }) | null;
        return d ? (JSON.parse(d.bodyJson) as Job) : null;
      },
      update: async (job) => {
        await m.Job.updateOne({ _id: job.id }, { $set: { status: job.status, bodyJson: JSON.stringify(job) } }, opts);
      },
    },
  };
}
