import { Router } from 'express';
import { z } from 'zod';
import {
  ApiKeyInput, ApiKeyListQuery, ApiKeyView, AuditEntryView, AuditListQuery, CreatedApiKey, FrequencyTableInput,
  FrequencyTableSummary, FrequencyTableView, pageOf,
} from '../../domain';
import {
  addFrequencyTable, createApiKey, getFrequencyTable, listApiKeys, listAudit, listFrequencyTables, revokeApiKey, type ServiceDeps,
} from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

/** Frequency tables (read by every role, added by admins), API keys and the audit trail (admins). */
export function adminRouter(services: ServiceDeps): Router {
  const router = Router();

  router.get('/frequency-tables', async (_req, res) => {
    res.json(await listFrequencyTables(services));
  });
  router.get('/frequency-tables/:id', async (req, res) => {
    res.json(await getFrequencyTable(services, IdParam.parse(req.params).id));
  });
  router.post('/frequency-tables', requireRole('admin'), async (req, res) => {
    const table = await addFrequencyTable(services, actorOf(req), FrequencyTableInput.parse(req.body));
    res.status(201).location(`/v1/frequency-tables/${table.id}`).json(table);
  });

  router.post('/api-keys', requireRole('admin'), async (req, res) => {
    const { key, view } = await createApiKey(services, actorOf(req), ApiKeyInput.parse(req.body));
    res.status(201).set('Cache-Control', 'no-store').json({ ...view, key });
  });
  router.get('/api-keys', requireRole('admin'), async (req, res) => {
    res.json(await listApiKeys(services, ApiKeyListQuery.parse(req.query)));
  });
  router.delete('/api-keys/:id', requireRole('admin'), async (req, res) => {
    res.json(await revokeApiKey(services, actorOf(req), IdParam.parse(req.params).id));
  });

  router.get('/audit', requireRole('admin'), async (req, res) => {
    res.json(await listAudit(services, AuditListQuery.parse(req.query)));
  });

  return router;
}

export const documentAdmin: Documenter = (registry) => {
  registry.registerPath({
    method: 'get', path: '/v1/frequency-tables', tags: ['frequency tables'], security: SECURITY,
    summary: 'Allele frequency tables (shipped: NIST 1036, Chinese tables); isDefault marks the deployment default',
    responses: { 200: json(z.array(FrequencyTableSummary), 'all tables'), ...problems(401) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/frequency-tables/{id}', tags: ['frequency tables'], security: SECURITY, summary: 'One table with its frequencies',
    request: { params: IdParam },
    responses: { 200: json(FrequencyTableView, 'the table'), ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/frequency-tables', tags: ['frequency tables'], security: SECURITY,
    summary: 'Add a table in the shipped JSON shape (admin)',
    request: { body: jsonBody(FrequencyTableInput) },
    responses: { 201: json(FrequencyTableView, 'added'), ...problems(400, 401, 403, 409, 415) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/api-keys', tags: ['API keys'], security: SECURITY,
    summary: 'Create an API key (admin); the key is shown once, only its SHA-256 is stored',
    request: { body: jsonBody(ApiKeyInput) },
    responses: { 201: json(CreatedApiKey, 'created'), ...problems(400, 401, 403, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/api-keys', tags: ['API keys'], security: SECURITY, summary: 'List API keys (admin)',
    request: { query: ApiKeyListQuery },
    responses: { 200: json(pageOf(ApiKeyView, 'ApiKeyPage'), 'a page'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'delete', path: '/v1/api-keys/{id}', tags: ['API keys'], security: SECURITY, summary: 'Revoke an API key (admin)',
    request: { params: IdParam },
    responses: { 200: json(ApiKeyView, 'revoked'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/audit', tags: ['audit'], security: SECURITY,
    summary: 'Audit trail of genetic-data reads and changes, newest first (admin)',
    request: { query: AuditListQuery },
    responses: { 200: json(pageOf(AuditEntryView, 'AuditPage'), 'a page'), ...problems(400, 401, 403) },
  });
};
