import { Router } from 'express';
import { z } from 'zod';
import {
  ApiKeyInput, ApiKeyListQuery, ApiKeyView, AuditEntryView, AuditListQuery, CreatedApiKey, FrequencyTableFileMetadata, FrequencyTableInput,
  FrequencyTableSummary, FrequencyTableView, pageOf,
} from '../../domain';
import {
  addFrequencyTable, addFrequencyTableFile, createApiKey, getFrequencyTable, listApiKeys, listAudit, listFrequencyTables, revokeApiKey, type ServiceDeps,
} from '../../services';
import { FAMILIAS_MEDIA_TYPE } from '../../importers';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

export const FREQUENCY_TABLES_PATH = '/v1/frequency-tables';
/** A Familias / pedtools frequency database in the plain-text list layout (NorskDB_v2023.txt). */
const FREQUENCY_LIST_TYPE = 'text/plain';
/** The text bodies POST /v1/frequency-tables takes besides JSON. */
export const FREQUENCY_TABLE_FILE_TYPES: readonly string[] = [FREQUENCY_LIST_TYPE, FAMILIAS_MEDIA_TYPE];

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
    const table = req.is(FREQUENCY_LIST_TYPE) || req.is(FAMILIAS_MEDIA_TYPE)
      ? await addFrequencyTableFile(services, actorOf(req), String(req.body ?? ''), req.is(FAMILIAS_MEDIA_TYPE) ? 'familias' : 'list', FrequencyTableFileMetadata.parse(req.query))
      : await addFrequencyTable(services, actorOf(req), FrequencyTableInput.parse(req.body));
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
    summary: 'Add a table in the shipped JSON shape, or a Familias frequency database (admin)',
    description: 'application/json: the shipped JSON shape. text/plain: a Familias / pedtools frequency database in the list layout (a marker name, then allele<TAB>frequency lines; NorskDB_v2023.txt). application/x-familias: a Familias .fam file, whose database section is the table. For the text bodies the id and description come from the query. Allele names are kept as the file writes them (repeat numbers, microvariants, fragment lengths, bins); a malformed name, an unknown locus or a frequency outside (0, 1] is a 400 naming the line, locus and allele, and nothing is stored.',
    request: {
      query: FrequencyTableFileMetadata.partial(),
      body: {
        required: true,
        content: {
          'application/json': { schema: FrequencyTableInput },
          [FREQUENCY_LIST_TYPE]: { schema: z.string() },
          [FAMILIAS_MEDIA_TYPE]: { schema: z.string() },
        },
      },
    },
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
