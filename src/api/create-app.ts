import { createHash, randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { FAMILIAS_MEDIA_TYPE } from '../importers';
import { TooManyRequestsError, type Logger } from '../lib';
import type { ServiceDeps, SessionLimits } from '../services';
import { authenticateRequest } from './auth';
import { errorHandler, FILE_UPLOAD_TYPES, notFoundHandler, requireJsonBody, sendProblem } from './error-handler';
import { createHttpMetrics, type HttpMetrics } from './metrics';
import { adminRouter, FREQUENCY_TABLE_FILE_TYPES, FREQUENCY_TABLES_PATH } from './routes/admin';
import { casesRouter } from './routes/cases';
import { foundPersonsRouter } from './routes/found-persons';
import { KINSHIP_EVALUATE_PATH, kinshipRouter } from './routes/kinship';
import { hubRouter } from './routes/hub';
import { lifecycleRouter } from './routes/lifecycle';
import { matchingRouter } from './routes/matching';
import { servedApiDocument } from './openapi';
import { operationsRouter, type ReadinessCheck } from './routes/operations';
import { PROFILE_IMPORT_PATH, profilesRouter } from './routes/profiles';
import { reviewsRouter } from './routes/reviews';
import { reportsRouter } from './routes/reports';
import { sessionRouter } from './routes/session';
import { workbenchRouter } from './routes/workbench';
import { DEFAULT_SESSION_LIMITS, sessionTokenOf } from './session-auth';

export interface AppDeps {
  readonly services: ServiceDeps;
  readonly logger: Logger;
  /** body-parser size limit, e.g. "5mb" */
  readonly bodyLimit: string;
  /** requests per minute per API key (or client address); 0 turns the limit off */
  readonly rateLimitPerMinute: number;
  readonly metrics?: HttpMetrics;
  /** checks /readyz runs besides the store (the search pool) */
  readonly readinessChecks?: readonly ReadinessCheck[];
  /** Workbench session lifetime; 8 h idle, 24 h at most by default. */
  readonly sessionLimits?: SessionLimits;
  /** express "trust proxy" (TRUST_PROXY): behind a TLS proxy, req.secure and so the Secure cookie follow X-Forwarded-Proto. */
  readonly trustProxy?: string;
  /** Folder of the built workbench (dist/web by default). */
  readonly workbenchDir?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Builds the express application without listening: middleware, routes, one error handler.
 * Tests call it with a temporary store; src/main.ts owns the socket.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const metrics = deps.metrics ?? createHttpMetrics();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.trustProxy !== undefined) app.set('trust proxy', /^\d+$/.test(deps.trustProxy) ? Number(deps.trustProxy) : deps.trustProxy);
  const sessionLimits = deps.sessionLimits ?? DEFAULT_SESSION_LIMITS;

  app.use(pinoHttp({
    logger: deps.logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    // Probes are not requests worth a line each: a load balancer asks every few seconds, and /readyz
    // answers 503 by design while the index starts (its progress is logged by the index itself).
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }));
  app.use(metrics.middleware);
  app.use(helmet());
  if (deps.rateLimitPerMinute > 0) {
    app.use('/v1', rateLimit({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // One budget per API key or session (hashed: the secret never sits in memory tables), else per address.
      keyGenerator: (req) => {
        const auth = req.headers.authorization ?? sessionTokenOf(req);
        return auth ? createHash('sha256').update(auth).digest('hex') : ipKeyGenerator(req.ip ?? '');
      },
      handler: (req, res) => sendProblem(req, res, new TooManyRequestsError(`more than ${deps.rateLimitPerMinute} requests per minute`)),
    }));
  }
  app.use(requireJsonBody([PROFILE_IMPORT_PATH], { [FREQUENCY_TABLES_PATH]: FREQUENCY_TABLE_FILE_TYPES, [KINSHIP_EVALUATE_PATH]: [FAMILIAS_MEDIA_TYPE] }));
  app.use(express.json({ limit: deps.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(PROFILE_IMPORT_PATH, express.text({ limit: deps.bodyLimit, type: [...FILE_UPLOAD_TYPES] }));
  app.use(FREQUENCY_TABLES_PATH, express.text({ limit: deps.bodyLimit, type: [...FREQUENCY_TABLE_FILE_TYPES] }));
  app.use(KINSHIP_EVALUATE_PATH, express.text({ limit: deps.bodyLimit, type: FAMILIAS_MEDIA_TYPE }));

  app.use(operationsRouter(deps.services.store, metrics, deps.readinessChecks ?? [], servedApiDocument()));
  app.use('/app', workbenchRouter(deps.workbenchDir));
  app.use('/v1', sessionRouter(deps.services, sessionLimits));
  app.use('/v1', authenticateRequest(deps.services, sessionLimits));
  app.use('/v1', profilesRouter(deps.services));
  app.use('/v1', casesRouter(deps.services));
  app.use('/v1', foundPersonsRouter(deps.services));
  app.use('/v1', kinshipRouter(deps.services));
  app.use('/v1', adminRouter(deps.services));
  app.use('/v1', lifecycleRouter(deps.services));
  app.use('/v1', hubRouter(deps.services));
  app.use('/v1', matchingRouter(deps.services));
  app.use('/v1', reviewsRouter(deps.services));
  app.use('/v1', reportsRouter(deps.services));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
