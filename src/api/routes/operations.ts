import { Router } from 'express';
import swaggerUi, { type JsonObject } from 'swagger-ui-express';
import { z } from 'zod';
import { ServiceUnavailableError } from '../../lib';
import type { Store } from '../../store';
import type { HttpMetrics } from '../metrics';
import { Problem } from '../../domain';
import { problemOf } from '../error-handler';
import { json, type Documenter } from '../openapi-helpers';

/** How far a start is: a phase and its counts (e.g. the search index reading its snapshot). */
export interface StartProgress {
  readonly phase: string;
  readonly loaded: number;
  readonly total: number;
}

export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void>;
  /**
   * While the component is starting: its progress, shown by /readyz; every request other than
   * /healthz, /readyz and /metrics is then refused with 503, so that a client that reaches the
   * replica before its load balancer noticed gets a retryable answer rather than a partial one.
   * Null once started.
   */
  readonly starting?: () => StartProgress | null;
}

const OPEN_WHILE_STARTING = new Set(['/healthz', '/readyz', '/metrics']);

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), z.string()),
}).meta({ id: 'Readiness' });
const NotReady = Problem.extend({
  checks: z.record(z.string(), z.string()).meta({ description: 'each check: ok, or why it failed' }),
  progress: z.object({
    phase: z.string().meta({ description: 'search index: snapshot (reading it), rebuild (from the store), replay (changes since the snapshot)' }),
    loaded: z.number().int(),
    total: z.number().int(),
  }).optional().meta({ description: 'how far the start is, while starting' }),
}).meta({ id: 'NotReady' });

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

  router.use((req, _res, next) => {
    if (OPEN_WHILE_STARTING.has(req.path)) return next();
    const starting = startingProgress(extraChecks);
    if (starting) throw new ServiceUnavailableError(`starting: ${starting.phase} ${starting.loaded} of ${starting.total}; retry shortly`);
    next();
  });

  router.get('/readyz', async (req, res) => {
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
    if (!ready) {
      const error = new ServiceUnavailableError(`not ready: ${Object.entries(checks).filter(([, v]) => v !== 'ok').map(([k, v]) => `${k} ${v}`).join('; ')}`);
      const progress = startingProgress(extraChecks);
      res.status(503).type('application/problem+json').json({ ...problemOf(error, String(req.id ?? '')), checks, ...(progress ? { progress } : {}) });
      return;
    }
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
    responses: {
      200: json(Readiness, 'ready'),
      503: { description: 'not ready: the failed checks, and the progress while starting', content: { 'application/problem+json': { schema: NotReady } } },
    },
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

/** The progress of the first component still starting, or null. */
function startingProgress(checks: readonly ReadinessCheck[]): StartProgress | null {
  for (const c of checks) {
    const progress = c.starting?.();
    if (progress) return progress;
  }
  return null;
}
