import type { Session, SessionRepositories, SessionRepository } from '../session-store';
import { one, run, str, strOrNull, type Access, type Row } from './sql';

const toSession = (r: Row): Session => ({
  id: str(r.id), tokenHash: str(r.token_hash), keyId: str(r.key_id), role: r.role as Session['role'], org: str(r.org),
  createdAt: str(r.created_at), lastSeenAt: str(r.last_seen_at), expiresAt: str(r.expires_at),
  absoluteExpiresAt: str(r.absolute_expires_at), revokedAt: strOrNull(r.revoked_at),
});

class EmbeddedSessions implements SessionRepository {
  constructor(private readonly db: Access) {}

  async insert(s: Session): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO sessions (id, token_hash, key_id, role, org, created_at, last_seen_at, expires_at,
      absolute_expires_at, revoked_at) VALUES (@id, @token_hash, @key_id, @role, @org, @created_at, @last_seen_at, @expires_at,
      @absolute_expires_at, @revoked_at)`, {
      id: s.id, token_hash: s.tokenHash, key_id: s.keyId, role: s.role, org: s.org, created_at: s.createdAt,
      last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, absolute_expires_at: s.absoluteExpiresAt, revoked_at: s.revokedAt,
    }));
  }

  async findByTokenHash(tokenHash: string): Promise<Session | null> {
    const r = one(this.db.read(), 'SELECT * FROM sessions WHERE token_hash = @tokenHash', { tokenHash });
    return r ? toSession(r) : null;
  }

  async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db.write((db) => run(db, 'UPDATE sessions SET last_seen_at = @lastSeenAt, expires_at = @expiresAt WHERE id = @id', {
      id, lastSeenAt, expiresAt,
    }));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.db.write((db) => run(db, 'UPDATE sessions SET revoked_at = COALESCE(revoked_at, @at) WHERE id = @id', { id, at }) === 1);
  }

  async deleteExpired(before: string): Promise<number> {
    return this.db.write((db) => run(db, 'DELETE FROM sessions WHERE expires_at < @before OR absolute_expires_at < @before', { before }));
  }
}

/** The session repository of the embedded store over one {@link Access} (the store's, or a transaction's). */
export function embeddedSessionRepositories(access: Access): SessionRepositories {
  return { sessions: new EmbeddedSessions(access) };
}
