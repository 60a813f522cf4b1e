import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../domain';
import { ForbiddenError, UnauthorizedError } from '../lib';
import { authenticate, type Actor, type ServiceDeps } from '../services';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link authenticateRequest} for every /v1 request. */
    actor?: Actor;
  }
}

/** Resolves `Authorization: Bearer <key>` to the actor; 401 problem for a missing or invalid key. */
export function authenticateRequest(services: ServiceDeps): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    req.actor = await authenticate(services, req.headers.authorization, String(req.id ?? ''));
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
