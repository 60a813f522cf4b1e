import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import { ROLES } from '../../domain';
import type { Session, SessionRepositories } from '../session-store';
import { iso, isoOrNull, mapDuplicate, type Doc } from './mongo-helpers';

/**
 * Workbench sessions in MongoDB: the token's hash (unique), never the token. The indexes mirror
 * the embedded store's (src/store/embedded/session-migration.ts).
 */
export const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true },
    keyId: { type: String, required: true },
    role: { type: String, required: true, enum: [...ROLES] },
    org: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    absoluteExpiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false, strict: 'throw', id: false, collection: 'sessions' },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
sessionSchema.index({ expiresAt: 1 }, { name: 'expires' });

export const SESSION_SCHEMAS = { Session: sessionSchema } as const;

export interface MongoSessionModels {
  readonly Session: Model<Doc>;
}

/** Registers the session model on a connection (no server round trip). */
export function registerSessionModels(conn: Connection): MongoSessionModels {
  return { Session: (conn.models.Session as Model<Doc> | undefined) ?? conn.model<Doc>('Session', sessionSchema as never) };
}

function toSession(d: Doc): Session {
  return {
    id: d._id, tokenHash: d.tokenHash as string, keyId: d.keyId as string, role: d.role as Session['role'], org: d.org as string,
    createdAt: iso(d.createdAt), lastSeenAt: iso(d.lastSeenAt), expiresAt: iso(d.expiresAt), absoluteExpiresAt: iso(d.absoluteExpiresAt),
    revokedAt: isoOrNull(d.revokedAt),
  };
}
function fromSession(s: Session): Doc {
  return {
    _id: s.id, tokenHash: s.tokenHash, keyId: s.keyId, role: s.role, org: s.org, createdAt: new Date(s.createdAt),
    lastSeenAt: new Date(s.lastSeenAt), expiresAt: new Date(s.expiresAt), absoluteExpiresAt: new Date(s.absoluteExpiresAt),
    revokedAt: s.revokedAt === null ? null : new Date(s.revokedAt),
  };
}

/** Document <-> domain mappers, exported for the server-less schema tests. */
export const sessionMappers = { toSession, fromSession };

/** The session repository of the MongoDB adapter, in a session (transaction) or not. */
export function mongoSessionRepositories(m: MongoSessionModels, session: ClientSession | undefined): SessionRepositories {
  const opts: { session?: ClientSession } = session ? { session } : {};
  return {
    sessions: {
      insert: async (s) => {
        await m.Session.create([fromSession(s)], opts).catch(mapDuplicate);
      },
      findByTokenHash: async (tokenHash) => {
        const d = (await m.Session.findOne({ tokenHash }, null, opts).lean()) as Doc | null;
        return d ? toSession(d) : null;
      },
      touch: async (id, lastSeenAt, expiresAt) => {
        await m.Session.updateOne({ _id: id }, { $set: { lastSeenAt: new Date(lastSeenAt), expiresAt: new Date(expiresAt) } }, opts);
      },
      revoke: async (id, at) => {
        const r = await m.Session.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date(at) } }, opts);
        return r.matchedCount === 1 || (await m.Session.countDocuments({ _id: id }, opts)) === 1;
      },
      deleteExpired: async (before) => {
        const t = new Date(before);
        const r = await m.Session.deleteMany({ $or: [{ expiresAt: { $lt: t } }, { absoluteExpiresAt: { $lt: t } }] }, opts);
        return r.deletedCount;
      },
    },
  };
}
