import { Router } from 'express';
import { z } from 'zod';
import { KinshipCaseFile, KinshipEvaluateQuery, KinshipEvaluationView } from '../../domain';
import { FAMILIAS_MEDIA_TYPE } from '../../importers';
import { evaluateFamiliasFile, evaluateKinship, MAX_KINSHIP_CASES, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

export const KINSHIP_EVALUATE_PATH = '/v1/kinship/evaluate';

/** The kinship calculator over HTTP: the same evaluation as `npm run kinship`. */
export function kinshipRouter(services: ServiceDeps): Router {
  const router = Router();
  router.post('/kinship/evaluate', requireRole('investigator', 'admin'), async (req, res) => {
    const { prior } = KinshipEvaluateQuery.parse(req.query);
    res.json(req.is(FAMILIAS_MEDIA_TYPE)
      ? await evaluateFamiliasFile(services, actorOf(req), String(req.body ?? ''), prior)
      : await evaluateKinship(services, actorOf(req), req.body, prior));
  });
  return router;
}

export const documentKinship: Documenter = (registry) => {
  registry.registerPath({
    method: 'post', path: '/v1/kinship/evaluate', tags: ['kinship'], security: SECURITY,
    summary: 'Evaluate kinship cases: exact pedigree LRs with mutation models and theta (investigator, admin)',
    description: `Body: the kinship case format (missingPerson or kinship mode; see the README). Results in input order with LR, log10LR, per-locus LR, likelihoods and status. Or a Familias .fam case file (application/x-familias): every pedigree against the last one (in a file from GET /v1/cases/{id}/familias, the found person as the missing child against unrelated), with the file's frequencies, mutation models and theta; a marker the file cannot give whole is a 400 naming it. A case that cannot be computed gets {"id", "error"}; a body that is not a case file is a 400 naming the field. At most ${MAX_KINSHIP_CASES} cases; nothing is stored except the audit trail.`,
    request: {
      query: KinshipEvaluateQuery,
      body: { required: true, content: { ...jsonBody(KinshipCaseFile)!.content, [FAMILIAS_MEDIA_TYPE]: { schema: z.string() } } },
    },
    responses: { 200: json(KinshipEvaluationView, 'one result per case'), ...problems(400, 401, 403, 413, 415) },
  });
};
