import { Router } from 'express';
import { z } from 'zod';
import { Role, Timestamp } from '../../domain';
import { UnauthorizedError } from '../../lib';
import { closeSession, csrfTokenOf, openSession, resolveSession, type ServiceDeps, type SessionLimits } from '../../services';
import type { Session } from '../../store';
import { actorOfSession, clearSessionCookie, CSRF_HEADER, SESSION_COOKIE, sessionTokenOf, setSessionCookie } from '../session-auth';
import { json, jsonBody, problems, type Documenter } from '../openapi-helpers';

export const SessionInput = z
  .object({ apiKey: z.string().min(1).max(200).meta({ description: 'an API key `rk_<role>_…`; sent once, in the body, never in a URL' }) })
  .strict()
  .meta({ id: 'SessionInput' });

export const SessionView = z
  .object({
    role: Role,
    org: z.string(),
    expiresAt: Timestamp.meta({ description: 'idle expiry; every request moves it forward' }),
    absoluteExpiresAt: Timestamp.meta({ description: 'the session ends then whatever the use' }),
    csrfToken: z.string().meta({ description: `send it in the ${CSRF_HEADER} header on every POST, PUT, PATCH and DELETE made with the session cookie` }),
    reviewPolicy: z.object({ requireTwoInvestigators: z.boolean(), requireRetestBeforeConfirm: z.boolean() })
      .meta({ description: 'the review rules the workbench states next to its decision buttons' }),
  })
  .meta({ id: 'Session' });
type SessionView = z.infer<typeof SessionView>;

/**
 * Workbench sign-in: POST exchanges an API key for an HttpOnly session cookie, GET tells the page
 * who it is signed in as (and its CSRF token, e.g. after a reload), DELETE signs out. Mounted
 * before the bearer authentication: POST needs no session, GET and DELETE check their own.
 */
export function sessionRouter(services: ServiceDeps, limits: SessionLimits): Router {
  const router = Router();
  const view = (session: Session, token: string): SessionView => ({
    role: session.role, org: session.org, expiresAt: session.expiresAt, absoluteExpiresAt: session.absoluteExpiresAt, csrfToken: csrfTokenOf(token),
    reviewPolicy: {
      requireTwoInvestigators: services.policy.requireTwoInvestigators ?? false,
      requireRetestBeforeConfirm: services.policy.requireRetestBeforeConfirm ?? false,
    },
  });
  const tokenOf = (req: Parameters<typeof sessionTokenOf>[0]): string => {
    const token = sessionTokenOf(req);
    if (token === undefined) throw new UnauthorizedError('not signed in: POST /v1/session with an API key first');
    return token;
  };

  router.post('/session', async (req, res) => {
    const { apiKey } = SessionInput.parse(req.body);
    const opened = await openSession(services, apiKey, String(req.id ?? ''), limits);
    setSessionCookie(req, res, opened.token, new Date(opened.session.absoluteExpiresAt));
    res.status(201).set('Cache-Control', 'no-store').json(view(opened.session, opened.token));
  });

  router.get('/session', async (req, res) => {
    const token = tokenOf(req);
    const { session } = await resolveSession(services, token, String(req.id ?? ''), limits);
    res.set('Cache-Control', 'no-store').json(view(session, token));
  });

  router.delete('/session', async (req, res) => {
    const token = tokenOf(req);
    await actorOfSession(services, req, token, limits);
    await closeSession(services, token);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}

export const documentSession: Documenter = (registry) => {
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey', in: 'cookie', name: SESSION_COOKIE,
    description: `workbench session from POST /v1/session; state-changing requests also send the ${CSRF_HEADER} header`,
  });
  registry.registerPath({
    method: 'post', path: '/v1/session', tags: ['session'], summary: 'Sign in to the workbench: exchange an API key for a session cookie',
    description: 'Sets an HttpOnly, SameSite=Strict cookie (Secure over TLS). The session ends after the idle limit without requests, at its absolute limit, at sign-out, or when its key is revoked.',
    request: { body: jsonBody(SessionInput) },
    responses: { 201: json(SessionView, 'signed in; the cookie is set'), ...problems(400, 401, 415, 429) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/session', tags: ['session'], security: [{ sessionCookie: [] }], summary: 'The signed-in session',
    responses: { 200: json(SessionView, 'the session'), ...problems(401) },
  });
  registry.registerPath({
    method: 'delete', path: '/v1/session', tags: ['session'], security: [{ sessionCookie: [] }], summary: 'Sign out: the session is revoked on the server',
    responses: { 204: { description: 'signed out; the cookie is cleared' }, ...problems(401, 403) },
  });
};
