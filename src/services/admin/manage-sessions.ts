import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../domain';
import { UnauthorizedError } from '../../lib';
import type { Session } from '../../store';
import type { Actor, StoreAccess } from '../shared';
import { authenticate } from './manage-api-keys';

/** How long a workbench session lives: idle limit (moved on use) and hard limit since sign-in, in milliseconds. */
export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export interface OpenedSession {
  /** The cookie value: 256 random bits, returned once and never stored. */
  readonly token: string;
  readonly csrfToken: string;
  readonly session: Session;
}

/**
 * A use is recorded at most once a minute, so that a page issuing a burst of reads costs one
 * write, while the idle expiry still moves within a minute of the truth.
 */
const TOUCH_INTERVAL_MS = 60_000;

const EXPIRED = 'the session has expired or was signed out; sign in again';

/** SHA-256 of a session token: like an API key, 256 random bits need no slow hash (OWASP Password Storage Cheat Sheet). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: HMAC-SHA256 keyed by the session token (OWASP CSRF Prevention
 * Cheat Sheet, signed double submit bound to the session). The page reads it from the sign-in
 * answer and sends it in a header; a cross-site form can send the cookie but cannot know it, and
 * it reveals nothing of the cookie. Nothing is stored: it is recomputed from the cookie.
 */
export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('reunion workbench csrf').digest('base64url');
}

/** Whether `given` is the CSRF token of the session `token`, compared in constant time. */
export function isCsrfTokenValid(token: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Exchanges an API key for a session (workbench sign-in). Expired sessions are purged on the way.
 * @throws UnauthorizedError for an unknown, malformed or revoked key (the same message as the API).
 */
export async function openSession(access: StoreAccess, apiKey: string, requestId: string | null, limits: SessionLimits): Promise<OpenedSession> {
  const actor = await authenticate(access, `Bearer ${apiKey}`, requestId);
  const now = access.now();
  await access.store.sessions.deleteExpired(now.toISOString());
  const token = randomBytes(32).toString('base64url');
  const absolute = now.getTime() + limits.absoluteMs;
  const session: Session = {
    id: access.newId('ses'), tokenHash: hashSessionToken(token), keyId: actor.keyId, role: actor.role as Role, org: actor.org,
    createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: new Date(Math.min(now.getTime() + limits.idleMs, absolute)).toISOString(),
    absoluteExpiresAt: new Date(absolute).toISOString(), revokedAt: null,
  };
  await access.store.sessions.insert(session);
  return { token, csrfToken: csrfTokenOf(token), session };
}

/**
 * The actor a session cookie stands for: the session must be live (not signed out, within its
 * idle and absolute limits) and its API key not revoked since, so revoking a key ends its sessions.
 * @throws UnauthorizedError otherwise.
 */
export async function resolveSession(
  access: StoreAccess, token: string, requestId: string | null, limits: SessionLimits,
): Promise<{ actor: Actor; session: Session }> {
  const session = await access.store.sessions.findByTokenHash(hashSessionToken(token));
  const now = access.now();
  if (!session || session.revokedAt !== null || Date.parse(session.expiresAt) <= now.getTime() || Date.parse(session.absoluteExpiresAt) <= now.getTime()) {
    throw new UnauthorizedError(EXPIRED);
  }
  const key = await access.store.apiKeys.findById(session.keyId);
  if (!key || key.revokedAt !== null) throw new UnauthorizedError(EXPIRED);
  let current = session;
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
    const expiresAt = new Date(Math.min(now.getTime() + limits.idleMs, Date.parse(session.absoluteExpiresAt))).toISOString();
    await access.store.sessions.touch(session.id, now.toISOString(), expiresAt);
    current = { ...session, lastSeenAt: now.toISOString(), expiresAt };
  }
  return { actor: { keyId: key.id, role: key.role, org: key.org, requestId }, session: current };
}

/** Signs a session out: it is revoked in the store, so the cookie stops working even if kept. */
export async function closeSession(access: StoreAccess, token: string): Promise<void> {
  const session = await access.store.sessions.findByTokenHash(hashSessionToken(token));
  if (session) await access.store.sessions.revoke(session.id, access.now().toISOString());
}
