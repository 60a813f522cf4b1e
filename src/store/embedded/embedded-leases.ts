import type { LeaseRepository } from '../lease-store';
import { one, run, type Access } from './sql';

/**
 * Leases in the embedded store. One upsert decides: the row is written only when absent, expired
 * or already the holder's (INSERT … ON CONFLICT DO UPDATE … WHERE, https://sqlite.org/lang_upsert.html),
 * and the write lock that every write takes (BEGIN IMMEDIATE) orders two processes racing for it.
 */
export class EmbeddedLeases implements LeaseRepository {
  constructor(private readonly db: Access) {}

  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const at = now.getTime();
    const changes = await this.db.write((db) => run(db, `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= @at`, { name, holder, expires: at + ttlMs, at }));
    return changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.write((db) => run(db, 'DELETE FROM leases WHERE name = @name AND holder = @holder', { name, holder }));
  }

  async holder(name: string, now: Date): Promise<string | null> {
    const r = one(this.db.read(), 'SELECT holder FROM leases WHERE name = @name AND expires_at > @at', { name, at: now.getTime() });
    return r ? String(r.holder) : null;
  }
}
