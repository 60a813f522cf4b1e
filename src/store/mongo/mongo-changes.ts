import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import type { StoreChange } from '../store';

interface ChangeDoc {
  _id: number;
  kind: StoreChange['kind'];
  entityId: string;
  op: StoreChange['op'];
}

interface CounterDoc {
  _id: string;
  seq: number;
}

/**
 * The change feed in MongoDB: one document per write of a case or a found person, keyed by its
 * sequence number. The number comes from one counter document incremented in the writing
 * transaction; two transactions that both increment it conflict, and the second is retried after
 * the first commits (https://www.mongodb.com/docs/manual/core/transactions-production-consideration/#in-progress-transactions-and-write-conflicts),
 * so the feed grows in commit order and a reader never sees seq n+1 before n.
 */
export const changeSchema = new Schema<ChangeDoc>(
  {
    _id: { type: Number, required: true },
    kind: { type: String, required: true, enum: ['family', 'foundPerson'] },
    entityId: { type: String, required: true },
    op: { type: String, required: true, enum: ['upsert', 'remove'] },
  },
  { versionKey: false, strict: 'throw', id: false, collection: 'changes' },
);

export const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false, strict: 'throw', id: false, collection: 'counters' },
);

export const CHANGE_SCHEMAS = { Change: changeSchema, Counter: counterSchema } as const;

export interface MongoChangeModels {
  readonly Change: Model<ChangeDoc>;
  readonly Counter: Model<CounterDoc>;
}

/** Registers the change-feed models on a connection (no server round trip). */
export function registerChangeModels(conn: Connection): MongoChangeModels {
  return {
    Change: (conn.models.Change as Model<ChangeDoc> | undefined) ?? conn.model<ChangeDoc>('Change', changeSchema),
    Counter: (conn.models.Counter as Model<CounterDoc> | undefined) ?? conn.model<CounterDoc>('Counter', counterSchema),
  };
}

/** Appends a change entry in `session`'s transaction, with the next sequence number. */
export async function recordChange(m: MongoChangeModels, session: ClientSession, change: Omit<StoreChange, 'seq'>): Promise<void> {
  const counter = await m.Counter.findOneAndUpdate(
    { _id: 'changes' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after', session },
  ).lean();
  await m.Change.create([{ _id: counter!.seq, kind: change.kind, entityId: change.id, op: change.op }], { session });
}

export async function changesSince(m: MongoChangeModels, seq: number, limit: number): Promise<StoreChange[]> {
  const docs = await m.Change.find({ _id: { $gt: seq } }).sort({ _id: 1 }).limit(limit).lean();
  return docs.map((d) => ({ seq: d._id, kind: d.kind, id: d.entityId, op: d.op }));
}

export async function lastChangeSeq(m: MongoChangeModels): Promise<number> {
  return (await m.Counter.findById('changes').lean())?.seq ?? 0;
}
