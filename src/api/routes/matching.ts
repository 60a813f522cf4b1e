import { Router } from 'express';
import { z } from 'zod';
import {
  AdHocSearchInput, AdHocSearchResult, CandidateListQuery, JobView, MatchPage, MatchView, SearchPolicyInput, SearchPolicyView,
} from '../../domain';
import {
  adHocSearch, getJob, getMatch, getSearchPolicy, listCaseCandidates, listFoundPersonCandidates, setSearchPolicy,
  type ServiceDeps,
} from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

const PolicyUpdated = z
  .object({ policy: SearchPolicyView, rescoreJobId: z.string().nullable().meta({ description: 'the re-score job (GET /v1/jobs/{id})' }) })
  .meta({ id: 'SearchPolicyUpdated' });

/** Candidate matches, ad hoc searches, the search policy, and background jobs. */
export function matchingRouter(services: ServiceDeps): Router {
  const router = Router();

  router.get('/cases/:id/candidates', requireRole('investigator'), async (req, res) => {
    res.json(await listCaseCandidates(services, actorOf(req), IdParam.parse(req.params).id, CandidateListQuery.parse(req.query)));
  });
  router.get('/found-persons/:id/candidates', requireRole('investigator'), async (req, res) => {
    res.json(await listFoundPersonCandidates(services, actorOf(req), IdParam.parse(req.params).id, CandidateListQuery.parse(req.query)));
  });
  router.get('/matches/:id', requireRole('investigator'), async (req, res) => {
    res.json(await getMatch(services, actorOf(req), IdParam.parse(req.params).id));
  });
  router.post('/search', requireRole('investigator'), async (req, res) => {
    res.json(await adHocSearch(services, actorOf(req), AdHocSearchInput.parse(req.body)));
  });

  router.get('/search-policy', requireRole('admin', 'investigator'), async (_req, res) => {
    res.json(await getSearchPolicy(services));
  });
  router.put('/search-policy', requireRole('admin'), async (req, res) => {
    const updated = await setSearchPolicy(services, actorOf(req), SearchPolicyInput.parse(req.body));
    res.json(updated);
  });
  router.get('/jobs/:id', requireRole('admin'), async (req, res) => {
    res.json(await getJob(services, IdParam.parse(req.params).id));
  });
  return router;
}

export const documentMatching: Documenter = (registry) => {
  const candidates = MatchPage;
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}/candidates', tags: ['matching'], security: SECURITY,
    summary: 'Candidate matches of a case, highest LR first (investigator; audited)',
    request: { params: IdParam, query: CandidateListQuery },
    responses: { 200: json(candidates, 'a page of matches'), ...problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/found-persons/{id}/candidates', tags: ['matching'], security: SECURITY,
    summary: 'Candidate matches of a found person, highest LR first (investigator; audited)',
    request: { params: IdParam, query: CandidateListQuery },
    responses: { 200: json(candidates, 'a page of matches'), ...problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/matches/{id}', tags: ['matching'], security: SECURITY,
    summary: 'One match with its per-locus breakdown (investigator; audited)',
    request: { params: IdParam },
    responses: { 200: json(MatchView, 'the match'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/search', tags: ['matching'], security: SECURITY,
    summary: 'Ad hoc search under the current policy: a person against every family, or a family against every found person; stores nothing (investigator; audited)',
    request: { body: jsonBody(AdHocSearchInput) },
    responses: { 200: json(AdHocSearchResult, 'candidates, highest LR first'), ...problems(400, 401, 403, 415, 503) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/search-policy', tags: ['matching'], security: SECURITY,
    summary: 'The current search policy (admin, investigator)',
    responses: { 200: json(SearchPolicyView, 'the policy'), ...problems(401, 403) },
  });
  registry.registerPath({
    method: 'put', path: '/v1/search-policy', tags: ['matching'], security: SECURITY,
    summary: 'Store a new version of the search policy; the index is rebuilt and every stored match re-scored in the background (admin)',
    request: { body: jsonBody(SearchPolicyInput) },
    responses: { 200: json(PolicyUpdated, 'the new version and its re-score job'), ...problems(400, 401, 403, 415, 503) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/jobs/{id}', tags: ['matching'], security: SECURITY, summary: 'A background job and its progress (admin)',
    request: { params: IdParam },
    responses: { 200: json(JobView, 'the job'), ...problems(401, 403, 404) },
  });
};
