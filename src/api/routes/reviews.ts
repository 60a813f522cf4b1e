import { Router } from 'express';
import { MatchReviewsView, ReviewInput, ReviewResultView } from '../../domain';
import { listMatchReviews, reviewMatch, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

/** Investigator review of candidate matches: confirm, reject, re-test; the review history. */
export function reviewsRouter(services: ServiceDeps): Router {
  const router = Router();

  router.post('/matches/:id/reviews', requireRole('investigator'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    res.status(201).json(await reviewMatch(services, actorOf(req), id, ReviewInput.parse(req.body)));
  });
  router.get('/matches/:id/reviews', requireRole('investigator', 'admin'), async (req, res) => {
    res.json(await listMatchReviews(services, actorOf(req), IdParam.parse(req.params).id));
  });
  return router;
}

export const documentReviews: Documenter = (registry) => {
  registry.registerPath({
    method: 'post', path: '/v1/matches/{id}/reviews', tags: ['matching'], security: SECURITY,
    summary: 'Review a match: confirm, reject or re-test (investigator; audited)',
    description: [
      '`confirm`: the match is confirmed, competing open matches of the same case and found person are superseded, the case becomes',
      '`reunited`, the found person `identified`, and `match.confirmed` and `case.reunited` are published — or, under the two-investigator',
      'policy, the first confirmation is recorded as pending (`confirmations.given` 1 of 2) and a different investigator completes it.',
      '`reject`: the match is rejected; the case goes back to `open` (found person to `unidentified`) when no open match remains.',
      '`retest`: without `retestProfileId` the match waits for a re-sample (case `retestRequested`); with it the re-sampled profile',
      'replaces the one it re-samples and the match is re-scored: back to `candidate` when it still meets the search policy, else rejected.',
      'Conflicts are 409 problems: INVALID_TRANSITION, FOUND_PERSON_IDENTIFIED, SAME_INVESTIGATOR, RETEST_REQUIRED, RETEST_PROFILE_CONFLICT, STALE_VERSION.',
    ].join(' '),
    request: { params: IdParam, body: jsonBody(ReviewInput) },
    responses: { 201: json(ReviewResultView, 'the stored review and the new statuses'), ...problems(400, 401, 403, 404, 409, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/matches/{id}/reviews', tags: ['matching'], security: SECURITY,
    summary: 'Every review and status change of a match, oldest first, with the re-test scorings (investigator, admin; audited)',
    request: { params: IdParam },
    responses: { 200: json(MatchReviewsView, 'the review history'), ...problems(401, 403, 404) },
  });
};
