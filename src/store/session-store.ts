import type { Role } from '../domain';

/**
 * A workbench sign-in: the browser holds a random token in an HttpOnly cookie; the store holds
 * only the token's SHA-256, the key it was exchanged for and when it expires. `expiresAt` is the
 * idle limit (moved forward on use), `absoluteExpiresAt` the hard limit since sign-in.
 */
export interface Session {
  readonly id: string;
  readonly tokenHash: string;
  readonly keyId: string;
  readonly role: Role;
  readonly org: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly absoluteExpiresAt: string;
  readonly revokedAt: string | null;
}

/**
 * Store port of workbench sessions. Both adapters implement it; test/store/session-store-contract.test.ts
 * is its contract. Kept apart from store.ts like the review port, so the table and collection stay in their own files.
 */
export interface SessionRepository {
  /** @throws ConflictError `DUPLICATE_KEY` when the id or the token hash exists. */
  insert(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | null>;
  /** Records a use: `lastSeenAt` and the new idle expiry. */
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  /** Marks the session revoked at `at` (sign-out); returns false when there is no such session. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Deletes sessions whose idle or absolute expiry is before `before`; returns how many. */
  deleteExpired(before: string): Promise<number>;
}

export interface SessionRepositories {
  readonly sessions: SessionRepository;
}
