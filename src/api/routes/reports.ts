import { Router } from 'express';
import { getCase, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { gatherMatchReport } from '../report/gather-match-report';
import { renderMatchReport } from '../report/render-match-report';
import { IdParam, json, problems, SECURITY, type Documenter } from '../openapi-helpers';
import { layoutPedigree, PedigreeDrawing } from '../report/pedigree-layout';

/** Presentation of stored records for people: the pedigree drawing and the printable match report. */
export function reportsRouter(services: ServiceDeps): Router {
  const router = Router();

  router.get('/cases/:id/pedigree/drawing', requireRole('investigator'), async (req, res) => {
    const c = await getCase(services, IdParam.parse(req.params).id);
    const relationships = Object.fromEntries(c.family.relatives.map((r) => [r.individualId, r.relationship]));
    res.json(layoutPedigree(c.family.pedigree, relationships));
  });

  router.get('/matches/:id/report.pdf', requireRole('investigator'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const pdf = await renderMatchReport(await gatherMatchReport(services, actorOf(req), id));
    res.status(200).type('application/pdf').set({
      'Content-Disposition': `inline; filename="reunion-match-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf"`,
      // Genotypes and names of people: never kept by a browser or proxy cache.
      'Cache-Control': 'no-store',
    }).send(pdf);
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
  registry.registerPath({
    method: 'get', path: '/v1/matches/{id}/report.pdf', tags: ['matching'], security: SECURITY,
    summary: 'Printable report of a match (PDF, A4): case, family drawing, per-locus table with alleles, LR and evidence, method, review decisions (investigator; its reads are audited)',
    request: { params: IdParam },
    responses: {
      200: { description: 'the report', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
      ...problems(401, 403, 404),
    },
  });
};
