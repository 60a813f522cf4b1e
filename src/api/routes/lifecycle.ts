import { Router } from 'express';
import { CaseHistoryView, CaseView, CloseCaseInput, StatsView } from '../../domain';
import { closeCase, getCaseHistory, getStats, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

/** Case closing and history (investigators) and the statistics. */
export function lifecycleRouter(services: ServiceDeps): Router {
  const router = Router();

  router.post('/cases/:id/close', requireRole('investigator'), async (req, res) => {
    res.json(await closeCase(services, actorOf(req), IdParam.parse(req.params).id, CloseCaseInput.parse(req.body)));
  });
  router.get('/cases/:id/history', requireRole('investigator'), async (req, res) => {
    res.json(await getCaseHistory(services, IdParam.parse(req.params).id));
  });
  router.get('/stats', requireRole('investigator', 'admin', 'hub'), async (_req, res) => {
    res.json(await getStats(services));
  });

  return router;
}

export const documentLifecycle: Documenter = (registry) => {
  registry.registerPath({
    method: 'post', path: '/v1/cases/{id}/close', tags: ['cases'], security: SECURITY,
    summary: 'Close a case: `closed` after a reunion, `closedNoReunion` with a reason (investigator); publishes case.closed',
    description: 'A status change the lifecycle does not allow is a 409 urn:reunion:INVALID_TRANSITION.',
    request: { params: IdParam, body: jsonBody(CloseCaseInput) },
    responses: { 200: json(CaseView, 'the closed case'), ...problems(400, 401, 403, 404, 409, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}/history', tags: ['cases'], security: SECURITY,
    summary: 'Status history of a case and the events published for it, oldest first (investigator)',
    request: { params: IdParam },
    responses: { 200: json(CaseHistoryView, 'the history'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/stats', tags: ['statistics'], security: SECURITY,
    summary: 'Alerts, cases, found persons, candidates, reunions and median times (investigator, admin, hub)',
    responses: { 200: json(StatsView, 'the statistics'), ...problems(401, 403) },
  });
};
