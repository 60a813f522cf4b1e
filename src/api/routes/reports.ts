import { Router } from 'express';
import { getCase, type ServiceDeps } from '../../services';
import { requireRole } from '../auth';
import { IdParam, json, problems, SECURITY, type Documenter } from '../openapi-helpers';
import { layoutPedigree, PedigreeDrawing } from '../report/pedigree-layout';

/** Presentation of stored records for people: the pedigree drawing. */
export function reportsRouter(services: ServiceDeps): Router {
  const router = Router();

  router.get('/cases/:id/pedigree/drawing', requireRole('investigator'), async (req, res) => {
    const c = await getCase(services, IdParam.parse(req.params).id);
    const relationships = Object.fromEntries(c.family.relatives.map((r) => [r.individualId, r.relationship]));
    res.json(layoutPedigree(c.family.pedigree, relationships));
  });

  return router;
}

export const documentReports: Documenter = (registry) => {
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}/pedigree/drawing', tags: ['cases'], security: SECURITY,
    summary: 'The family laid out for drawing (no genotypes): generations, symbols, lines (investigator)',
    request: { params: IdParam },
    responses: { 200: json(PedigreeDrawing, 'the layout'), ...problems(401, 403, 404) },
  });
};
