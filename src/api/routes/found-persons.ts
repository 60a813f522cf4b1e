import { Router } from 'express';
import { FoundPersonInput, FoundPersonListQuery, FoundPersonView, pageOf } from '../../domain';
import { getFoundPerson, listFoundPersons, registerFoundPerson, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

export function foundPersonsRouter(services: ServiceDeps): Router {
  const router = Router();
  router.use('/found-persons', requireRole('investigator'));

  router.post('/found-persons', async (req, res) => {
    const created = await registerFoundPerson(services, actorOf(req), FoundPersonInput.parse(req.body));
    res.status(201).location(`/v1/found-persons/${created.id}`).json(created);
  });

  router.get('/found-persons', async (req, res) => {
    res.json(await listFoundPersons(services, FoundPersonListQuery.parse(req.query)));
  });

  router.get('/found-persons/:id', async (req, res) => {
    res.json(await getFoundPerson(services, IdParam.parse(req.params).id));
  });

  return router;
}

export const documentFoundPersons: Documenter = (registry) => {
  registry.registerPath({
    method: 'post', path: '/v1/found-persons', tags: ['found persons'], security: SECURITY,
    summary: 'Register a found person typed by a profile of kind "found" (investigator)',
    request: { body: jsonBody(FoundPersonInput) },
    responses: { 201: json(FoundPersonView, 'registered'), ...problems(400, 401, 403, 409, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/found-persons', tags: ['found persons'], security: SECURITY, summary: 'List found persons',
    request: { query: FoundPersonListQuery },
    responses: { 200: json(pageOf(FoundPersonView, 'FoundPersonPage'), 'a page, oldest first'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/found-persons/{id}', tags: ['found persons'], security: SECURITY, summary: 'One found person',
    request: { params: IdParam },
    responses: { 200: json(FoundPersonView, 'the found person'), ...problems(401, 403, 404) },
  });
};
