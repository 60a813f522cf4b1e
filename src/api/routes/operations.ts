import { Router } from 'express';
import swaggerUi, { type JsonObject } from 'swagger-ui-express';
import { z } from 'zod';
import { ServiceUnavailableError } from '../../lib';
import type { Store } from '../../store';
import type { HttpMetrics } from '../metrics';
import { json, problems, type Documenter } from '../openapi-helpers';

export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void>;
}

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), z.string()),
}).meta({ id: 'Readiness' });

/** The API's own description, served as JSON, as YAML and as the /docs page. */
export interface ApiDocument {
  readonly json: JsonObject;
  readonly yaml: string;
}

/**
 * Liveness, readiness, metrics and the API documentation; no authentication. The document is
 * handed in (built by src/api/openapi.ts from every router's documenter, this one's included),
 * so that this router does not import what imports it.
 */
export function operationsRouter(store: Store, metrics: HttpMetrics, extraChecks: readonly ReadinessCheck[], apiDocument: ApiDocument): Router {
  const router = Router();
  const document = apiDocument.json;
  const yamlText = apiDocument.yaml;

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = true;
    for (const { name, check } of [{ name: 'store', check: () => store.ping() }, ...extraChecks]) {
      try {
        await check();
        checks[name] = 'ok';
      } catch (e) {
        ready = false;
        checks[name] = `failed: ${(e as Error).message}`;
      }
    }
    if (!ready) throw new ServiceUnavailableError(`not ready: ${Object.entries(checks).filter(([, v]) => v !== 'ok').map(([k, v]) => `${k} ${v}`).join('; ')}`);
    res.json({ status: 'ready', checks });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(yamlText);
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Reunion API' }));
  return router;
}

export const documentOperations: Documenter = (registry) => {
  registry.registerPath({
    method: 'get', path: '/healthz', tags: ['operations'], summary: 'Liveness: the process answers',
    responses: { 200: json(Health, 'alive') },
  });
  registry.registerPath({
    method: 'get', path: '/readyz', tags: ['operations'], summary: 'Readiness: the store and the search worker pool answer',
    responses: { 200: json(Readiness, 'ready'), ...problems(503) },
  });
  registry.registerPath({
    method: 'get', path: '/metrics', tags: ['operations'], summary: 'Prometheus metrics',
    responses: { 200: { description: 'text exposition format', content: { 'text/plain': { schema: z.string() } } } },
  });
  registry.registerPath({
    method: 'get', path: '/openapi.yaml', tags: ['operations'], summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/yaml': { schema: z.string() } } } },
  });
};
