import { Router } from 'express';
import { z } from 'zod';
import { CaseInput, CaseListQuery, CaseView, FamilyPowerQuery, FamilyPowerView, PedigreeInput, PedigreeView, RelativeInput, pageOf } from '../../domain';
import { FAMILIAS_MEDIA_TYPE } from '../../importers';
import {
  addRelative, exportFamiliasCase, getCase, getFamilyPower, getPedigree, listCases, openCase, setPedigree, type ServiceDeps,
} from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

export function casesRouter(services: ServiceDeps): Router {
  const router = Router();
  router.use('/cases', requireRole('investigator'));

  router.post('/cases', async (req, res) => {
    const created = await openCase(services, actorOf(req), CaseInput.parse(req.body));
    res.status(201).location(`/v1/cases/${created.id}`).json(created);
  });

  router.get('/cases', async (req, res) => {
    res.json(await listCases(services, CaseListQuery.parse(req.query)));
  });

  router.get('/cases/:id', async (req, res) => {
    res.json(await getCase(services, IdParam.parse(req.params).id));
  });

  router.post('/cases/:id/relatives', async (req, res) => {
    res.status(201).json(await addRelative(services, actorOf(req), IdParam.parse(req.params).id, RelativeInput.parse(req.body)));
  });

  router.post('/cases/:id/pedigree', async (req, res) => {
    res.status(200).json(await setPedigree(services, actorOf(req), IdParam.parse(req.params).id, PedigreeInput.parse(req.body)));
  });

  router.get('/cases/:id/pedigree', async (req, res) => {
    res.json(await getPedigree(services, actorOf(req), IdParam.parse(req.params).id));
  });

  router.get('/cases/:id/familias', async (req, res) => {
    const { foundPerson } = FamiliasExportQuery.parse(req.query);
    const file = await exportFamiliasCase(services, actorOf(req), IdParam.parse(req.params).id, foundPerson);
    res.attachment(file.fileName).type(FAMILIAS_MEDIA_TYPE).send(file.text);
  });

  router.get('/cases/:id/power', async (req, res) => {
    res.json(await getFamilyPower(services, actorOf(req), IdParam.parse(req.params).id, FamilyPowerQuery.parse(req.query)));
  });

  return router;
}

const FamiliasExportQuery = z
  .object({ foundPerson: z.string().min(1).max(100).optional().meta({ description: 'id of a found person to compare with the family (H1: the missing child; H2: unrelated)' }) })
  .strict();

export const documentCases: Documenter = (registry) => {
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}/power', tags: ['cases'], security: SECURITY,
    summary: 'How likely the true child would be found, and whom to type next (investigator; audited)',
    description: 'Simulates the true missing child from the typed family under the search policy (mutation model on) and reports the probability that the child meets the policy, the gain of typing each untyped relative, and the family\'s expected false candidates in the database now.',
    request: { params: IdParam, query: FamilyPowerQuery },
    responses: { 200: json(FamilyPowerView, 'the power of the family'), ...problems(400, 401, 403, 404, 409, 503) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/cases', tags: ['cases'], security: SECURITY, summary: 'Open a missing-child case (investigator)',
    request: { body: jsonBody(CaseInput) },
    responses: { 201: json(CaseView, 'opened'), ...problems(400, 401, 403, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/cases', tags: ['cases'], security: SECURITY, summary: 'List cases with filters',
    request: { query: CaseListQuery },
    responses: { 200: json(pageOf(CaseView, 'CasePage'), 'a page, oldest first'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}', tags: ['cases'], security: SECURITY, summary: 'One case',
    request: { params: IdParam },
    responses: { 200: json(CaseView, 'the case'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/cases/{id}/relatives', tags: ['cases'], security: SECURITY,
    summary: 'Add a typed relative by relationship; the pedigree is rebuilt around the missing child',
    description: 'The profile must be a reference profile of the family\'s lab. Two fathers, a relationship whose sex contradicts the profile\'s Amelogenin, or the same profile twice are 409s.',
    request: { params: IdParam, body: jsonBody(RelativeInput) },
    responses: { 201: json(CaseView, 'the case with its new family'), ...problems(400, 401, 403, 404, 409, 415) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/cases/{id}/pedigree', tags: ['cases'], security: SECURITY,
    summary: 'Replace the family by a raw pedigree (any family)',
    request: { params: IdParam, body: jsonBody(PedigreeInput) },
    responses: { 200: json(CaseView, 'the case with its new family'), ...problems(400, 401, 403, 404, 409, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}/pedigree', tags: ['cases'], security: SECURITY,
    summary: 'The family with the typed members\' genotypes, in the kinship case format (audited)',
    request: { params: IdParam },
    responses: { 200: json(PedigreeView, 'the pedigree'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/cases/{id}/familias', tags: ['cases'], security: SECURITY,
    summary: 'The case as a Familias .fam file for cross-checking in Familias 3 (audited)',
    description: 'Persons: the family members with the typed relatives\' autosomal genotypes (and the found person when asked); one database with the case\'s frequency table (alleles it lacks at the policy\'s minimum frequency, renormalised) and the search policy\'s per-locus mutation models and theta. With foundPerson: pedigrees FoundPersonIsMissing (H1) and Unrelated (H2), whose LR in Familias is the service\'s LR for the pair.',
    request: { params: IdParam, query: FamiliasExportQuery },
    responses: {
      200: { description: 'the .fam file (attachment)', content: { [FAMILIAS_MEDIA_TYPE]: { schema: z.string() } } },
      ...problems(400, 401, 403, 404, 503),
    },
  });
};
