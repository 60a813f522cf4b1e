import request from 'supertest';
import type { Test } from 'supertest';
import { aProfileBody, createTestApp, identifilerGenotypes, type TestApp } from '../support/test-app';

/**
 * The bad-input table: every row is a 4xx application/problem+json (RFC 9457) that names the
 * field, locus or allele at fault, and no record of any kind is stored (counted before and after),
 * as the house rules require of every endpoint (shared/STYLE.md 5, DESIGN.md "Data flow").
 */
interface Row {
  readonly name: string;
  /** builds what the row needs, then returns the bad request, not yet sent */
  readonly prepare: (t: TestApp) => Promise<() => Test>;
  readonly status: number;
  readonly type: string;
  readonly fault: Record<string, unknown>;
}

const post = (t: TestApp, path: string, auth: keyof TestApp['auth'] = 'lab') => request(t.app).post(path).set(t.auth[auth]);

async function caseWithFatherOfLab01(t: TestApp): Promise<string> {
  const father = await post(t, '/v1/profiles').send(aProfileBody());
  const c = await post(t, '/v1/cases', 'investigator').send({ child: { sex: 'male', missingSince: '2019-01-01', place: 'Hefei' } });
  await post(t, `/v1/cases/${c.body.id}/relatives`, 'investigator').send({ profileId: father.body.id, relationship: 'father' });
  return c.body.id;
}

const rows: Row[] = [
  {
    name: 'invalid JSON', status: 400, type: 'INVALID_JSON', fault: { path: '' },
    prepare: async (t) => () => post(t, '/v1/profiles').set('Content-Type', 'application/json').send('{"sampleId": "S-1", "genotypes": {'),
  },
  {
    name: 'wrong content type', status: 415, type: 'UNSUPPORTED_MEDIA_TYPE', fault: {},
    prepare: async (t) => () => post(t, '/v1/profiles').set('Content-Type', 'text/csv').send('sampleId,D3S1358_1\nS-1,15'),
  },
  {
    name: 'unknown locus', status: 400, type: 'UNKNOWN_LOCUS', fault: { path: 'genotypes.D3S1385', locus: 'D3S1385' },
    prepare: async (t) => () => post(t, '/v1/profiles').send(aProfileBody({ genotypes: identifilerGenotypes({ D3S1385: ['15', '16'] }) })),
  },
  {
    name: 'allele "abc"', status: 400, type: 'INVALID_ALLELE', fault: { path: 'genotypes.TH01', locus: 'TH01', allele: 'abc' },
    prepare: async (t) => () => post(t, '/v1/profiles').send(aProfileBody({ genotypes: identifilerGenotypes({ TH01: ['abc', '7'] }) })),
  },
  {
    name: 'three alleles at a locus', status: 400, type: 'VALIDATION_FAILED', fault: { path: 'genotypes.FGA', locus: 'FGA' },
    prepare: async (t) => () => post(t, '/v1/profiles').send(aProfileBody({ genotypes: identifilerGenotypes({ FGA: ['21', '22', '23'] }) })),
  },
  {
    name: 'empty profile', status: 400, type: 'VALIDATION_FAILED', fault: { path: 'genotypes' },
    prepare: async (t) => () => post(t, '/v1/profiles').send(aProfileBody({ genotypes: {} })),
  },
  {
    name: 'too few loci for the kit', status: 400, type: 'TOO_FEW_LOCI', fault: { path: 'genotypes', locus: 'FGA' },
    prepare: async (t) => {
      const genotypes = identifilerGenotypes();
      for (const locus of ['FGA', 'TPOX', 'D5S818']) delete genotypes[locus];
      return () => post(t, '/v1/profiles').send(aProfileBody({ genotypes }));
    },
  },
  {
    name: 'unknown relationship', status: 400, type: 'VALIDATION_FAILED', fault: { path: 'relationship' },
    prepare: async (t) => {
      const caseId = await caseWithFatherOfLab01(t);
      const profile = await post(t, '/v1/profiles').send(aProfileBody());
      return () => post(t, `/v1/cases/${caseId}/relatives`, 'investigator').send({ profileId: profile.body.id, relationship: 'godmother' });
    },
  },
  {
    name: 'relative profile of another lab', status: 409, type: 'RELATIVE_CONFLICT', fault: { path: 'profileId' },
    prepare: async (t) => {
      const caseId = await caseWithFatherOfLab01(t);
      const other = await post(t, '/v1/profiles', 'lab2').send(aProfileBody({ genotypes: identifilerGenotypes({ AMEL: ['X', 'X'] }) }));
      return () => post(t, `/v1/cases/${caseId}/relatives`, 'investigator').send({ profileId: other.body.id, relationship: 'mother' });
    },
  },
  {
    name: 'oversized batch', status: 413, type: 'BATCH_TOO_LARGE', fault: { path: 'items' },
    prepare: async (t) => () => post(t, '/v1/profiles/batch').send({ items: Array.from({ length: 51 }, (_, i) => aProfileBody({ sampleId: `B-${i}` })) }),
  },
  {
    name: 'body over the size limit', status: 413, type: 'PAYLOAD_TOO_LARGE', fault: {},
    prepare: async (t) => () => post(t, '/v1/profiles').send(aProfileBody({ population: 'x'.repeat(2_000_000) })),
  },
];

describe('bad input', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it.each(rows)('when the request has $name, then it is a $status problem naming the fault and nothing is stored', async (row) => {
    const send = await row.prepare(t);
    const before = await t.store.countRecords();

    const res = await send();

    expect(res.status).toBe(row.status);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: `urn:reunion:${row.type}`, status: row.status, instance: res.headers['x-request-id'] });
    expect(typeof res.body.detail).toBe('string');
    if (Object.keys(row.fault).length > 0) expect(res.body.errors).toContainEqual(expect.objectContaining(row.fault));
    expect(res.body.stack).toBeUndefined();
    expect(await t.store.countRecords()).toEqual(before);
  });

  it('when a too-few-loci profile is refused, then the detail names every missing locus', async () => {
    const genotypes = identifilerGenotypes();
    for (const locus of ['FGA', 'TPOX', 'D5S818']) delete genotypes[locus];

    const res = await post(t, '/v1/profiles').send(aProfileBody({ genotypes }));

    expect(res.body.detail).toMatch(/needs at least 13 .* types 12; missing: .*FGA/);
    expect(res.body.errors.map((e: { locus: string }) => e.locus).sort()).toEqual(['D5S818', 'FGA', 'TPOX']);
  });

  it('when invalid JSON contains alleles, then the problem does not echo the body', async () => {
    const res = await post(t, '/v1/profiles').set('Content-Type', 'application/json').send('{"genotypes": {"D21S11": ["31.2", "33.2"]');

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('31.2');
  });
});
