export { createApp, type AppDeps } from './create-app';
export { buildOpenApiDocument, openApiYaml } from './openapi';
export { createHttpMetrics, type HttpMetrics } from './metrics';
export { toAppError, problemOf } from './error-handler';
export type { ReadinessCheck } from './routes/operations';
