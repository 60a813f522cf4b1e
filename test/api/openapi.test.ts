import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { buildOpenApiDocument, openApiYaml } from '../../src/api';

describe('openapi.yaml', () => {
  it('when the document is generated from the zod schemas, then it equals the committed openapi.yaml (run `npm run openapi` if not)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'openapi.yaml'), 'utf8');

    expect(openApiYaml()).toBe(committed);
  });

  it('when the document is read back, then every endpoint of the service is in it with its problem responses', () => {
    const doc = parse(openApiYaml());

    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz', '/metrics', '/openapi.yaml', '/readyz', '/v1/api-keys', '/v1/api-keys/{id}', '/v1/audit', '/v1/cases',
      '/v1/cases/{id}', '/v1/cases/{id}/candidates', '/v1/cases/{id}/close', '/v1/cases/{id}/familias', '/v1/cases/{id}/history', '/v1/cases/{id}/pedigree',
      '/v1/cases/{id}/pedigree/drawing', '/v1/cases/{id}/power', '/v1/cases/{id}/relatives', '/v1/found-persons', '/v1/found-persons/{id}', '/v1/found-persons/{id}/candidates',
      '/v1/frequency-tables', '/v1/frequency-tables/{id}', '/v1/hub/alerts',
      '/v1/hub/alerts/{alertId}', '/v1/hub/deliveries', '/v1/hub/events/{id}', '/v1/hub/events/{id}/redeliver', '/v1/hub/subscriptions',
      '/v1/hub/subscriptions/{id}', '/v1/jobs/{id}', '/v1/kinship/evaluate', '/v1/kits', '/v1/matches/{id}', '/v1/matches/{id}/report.pdf', '/v1/matches/{id}/reviews', '/v1/profiles',
      '/v1/profiles/batch', '/v1/profiles/import', '/v1/profiles/{id}', '/v1/search', '/v1/search-policy', '/v1/session', '/v1/stats',
    ]);
    expect(doc.paths['/v1/profiles'].post.responses['400'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    expect(doc.components.schemas.Relationship.enum).toHaveLength(14);
    expect(buildOpenApiDocument().openapi).toBe('3.1.0');
  });
});
