import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../domain';
import { ForbiddenError, UnauthorizedError } from '../lib';
import { authenticate, type Actor, type ServiceDeps, type SessionLimits } from '../services';
import { actorOfSession, sessionTokenOf } from './session-auth';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link authenticateRequest} for every /v1 request. */
    actor?: Actor;
  }
}

/**
 * Resolves `Authorization: Bearer <key>` to the actor, or, without that header, the workbench
 * session cookie (src/api/session-auth.ts); 401 problem for a missing or invalid key or session.
 */
export function authenticateRequest(services: ServiceDeps, sessionLimits: SessionLimits): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const sessionToken = req.headers.authorization === undefined ? sessionTokenOf(req) : undefined;
    req.actor = sessionToken === undefined
      ? await authenticate(services, req.headers.authorization, String(req.id ?? ''))
      : await actorOfSession(services, req, sessionToken, sessionLimits);
    next();
  };
}

/** Allows only the listed roles; others get a 403 problem. Enforced on the server for every route. */
export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = req.actor;
    if (!actor) throw new UnauthorizedError();
    if (!roles.includes(actor.role as Role)) {
      throw new ForbiddenError(`role ${actor.role} may not ${req.method} ${req.baseUrl}${req.route?.path ?? ''}; allowed: ${roles.join(', ')}`);
    }
    next();
  };
}

/** The authenticated actor of a request behind {@link authenticateRequest}. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new UnauthorizedError();
  return req.actor;
}
