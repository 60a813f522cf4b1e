import type { Request, Response } from 'express';
import { ForbiddenError } from '../lib';
import { isCsrfTokenValid, resolveSession, type Actor, type ServiceDeps, type SessionLimits } from '../services';

/** Name of the workbench session cookie (HttpOnly, SameSite=Strict, Secure behind TLS). */
export const SESSION_COOKIE = 'reunion_session';
/** Header carrying the session's CSRF token on state-changing requests. */
export const CSRF_HEADER = 'x-csrf-token';

/** Eight hours idle, a day at most: a working shift, then a fresh sign-in (configurable, src/lib/config.ts). */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 8 * 3_600_000, absoluteMs: 24 * 3_600_000 };

/** Methods that change nothing (RFC 9110 §9.2.1): the only ones a session may use without the CSRF header. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session token of the request's Cookie header, if any (RFC 6265 §5.4 syntax: `name=value; name=value`). */
export function sessionTokenOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The actor of a request signed in with the session cookie. A state-changing request must also
 * carry the session's CSRF token: SameSite=Strict already keeps the cookie off cross-site
 * requests, the token is the second, independent guard (OWASP CSRF Prevention Cheat Sheet).
 * @throws UnauthorizedError for a dead session; ForbiddenError (403) when the CSRF token is missing or wrong.
 */
export async function actorOfSession(services: ServiceDeps, req: Request, token: string, limits: SessionLimits): Promise<Actor> {
  const { actor } = await resolveSession(services, token, String(req.id ?? ''), limits);
  if (!SAFE_METHODS.has(req.method) && !isCsrfTokenValid(token, req.header(CSRF_HEADER))) {
    throw new ForbiddenError(`a request signed in by the session cookie must send the session's CSRF token in the ${CSRF_HEADER} header`);
  }
  return actor;
}

/** Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict, Secure when the request came over TLS. */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: expiresAt });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
