import { Schema, type Connection, type Model } from 'mongoose';
import type { LeaseRepository } from '../lease-store';

interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export const leaseSchema = new Schema<LeaseDoc>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw', id: false, collection: 'leases' },
);

/** Registers the lease model on a connection (no server round trip). */
export function registerLeaseModel(conn: Connection): Model<LeaseDoc> {
  return (conn.models.Lease as Model<LeaseDoc> | undefined) ?? conn.model<LeaseDoc>('Lease', leaseSchema);
}

/**
 * Leases in MongoDB: one findOneAndUpdate with upsert on the lease's _id, matching only a lease that
 * is the holder's or expired. Single-document writes are atomic; when another holder's unexpired
 * lease exists the filter misses, the upsert tries to insert the same _id and fails with a
 * duplicate key (11000), which means "held by someone else"
 * (https://www.mongodb.com/docs/manual/reference/method/db.collection.findOneAndUpdate/#upsert-with-unique-index).
 */
export class MongoLeases implements LeaseRepository {
  constructor(private readonly Lease: Model<LeaseDoc>) {}

  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    try {
      const doc = await this.Lease.findOneAndUpdate(
        { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
        { $set: { holder, expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return doc?.holder === holder;
    } catch (e) {
      if ((e as { code?: unknown }).code === 11000) return false;
      throw e;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    await this.Lease.deleteOne({ _id: name, holder });
  }

  async holder(name: string, now: Date): Promise<string | null> {
    const doc = await this.Lease.findOne({ _id: name, expiresAt: { $gt: now } }).lean();
    return doc?.holder ?? null;
  }
}
