import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { AuditListQuery } from '../../../src/domain';
import { createMatchingTestApp, type MatchingTestApp } from '../../support/matching-app';
import { createTestApp, type TestApp } from '../../support/test-app';

const CASES = path.join(__dirname, '../../fixtures/kinship-cases');

/** A father-child duo at one locus: father 13/15, child 15/17 (README §4 hand check, D18S51). */
function duoCase(id: string, p15: number): Record<string, unknown> {
  return {
    id,
    loci: [{ name: 'D18S51', frequencies: { 13: 0.3, 15: p15, 17: 0.7 - p15 } }],
    pedigree: [{ id: 'FA', sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' }],
    missing: 'MP',
    genotypes: { FA: { D18S51: ['13', '15'] }, POI: { D18S51: ['15', '17'] } },
  };
}

describe('POST /v1/kinship/evaluate', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('when an investigator sends a duo, then the LR is 1/(4p) of the shared allele and the locus is consistent', async () => {
    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send({ cases: [duoCase('duo', 0.2)] });

    expect(res.status).toBe(200);
    expect(res.body.results[0].LR).toBeCloseTo(1 / (4 * 0.2), 12);
    expect(res.body.results[0].loci[0]).toMatchObject({ locus: 'D18S51', status: 'consistent' });
  });

  it('when the Norwegian 35-locus cases are sent, with fragment-length alleles at D17S906, APOAI1 and D11S554, then every case runs on all 35 loci', async () => {
    const input = JSON.parse(fs.readFileSync(path.join(CASES, 'norwegian-35.json'), 'utf8'));
    const expected = JSON.parse(fs.readFileSync(path.join(CASES, 'norwegian-35.expected.json'), 'utf8')).results;

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send(input);

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { id: string; lociCompared: number }) => [r.id, r.lociCompared])).toEqual(expected.map((r: { id: string }) => [r.id, 35]));
    res.body.results.forEach((r: { log10LR: number; loci: Array<{ locus: string; LR: number }> }, k: number) => {
      expect(r.log10LR).toBeCloseTo(expected[k].log10LR, 9);
      expect(r.loci.find((l) => l.locus === 'D17S906')!.LR / expected[k].loci.find((l: { locus: string }) => l.locus === 'D17S906').LR).toBeCloseTo(1, 9);
    });
  });

  it('when a case names a malformed allele at a fragment-length locus, then only that case gets an error naming the locus and allele', async () => {
    const input = JSON.parse(fs.readFileSync(path.join(CASES, 'norwegian-35.json'), 'utf8'));
    input.cases[1].genotypes.POI.D17S906 = ['326', '3x6'];

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send(input);

    expect(res.status).toBe(200);
    expect(res.body.results[1].error).toMatch(/"3x6" at D17S906/);
    expect(res.body.results.filter((r: { error?: string }) => r.error !== undefined)).toHaveLength(1);
  });

  it('when an investigator sends a Familias .fam case file, then each pedigree is evaluated against the last one with the file\'s model', async () => {
    const fam = fs.readFileSync(path.join(__dirname, '../../fixtures/formats/familias/paternity.fam'), 'utf8');

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).set('Content-Type', 'application/x-familias').send(fam);

    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({ id: 'familias:H1-vs-H2', mode: 'kinship', lociCompared: 10, inconsistentLoci: 0 });
    expect(res.body.results[0].LR).toBeGreaterThan(1);
    expect(res.body.results[0].loci[0].mutation).toBe('female:stepwise(rate=0.001,rate2=1e-06,range=0.1);male:stepwise(rate=0.002,rate2=1e-06,range=0.1)');
  });

  it('when a .fam file breaks off, then it is a 400 naming the line and nothing is audited', async () => {
    const fam = fs.readFileSync(path.join(__dirname, '../../fixtures/formats/familias/paternity.fam'), 'utf8').split('\n').slice(0, 20).join('\n');

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).set('Content-Type', 'application/x-familias').send(fam);

    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:reunion:UNREADABLE_UPLOAD');
    expect(res.body.errors[0].path).toMatch(/^line \d+$/);
    expect((await t.store.audit.list(AuditListQuery.parse({ action: 'kinship.evaluate' }))).items).toEqual([]);
  });

  it('when the reference cases are sent, then the service reproduces the reference LRs', async () => {
    const input = JSON.parse(fs.readFileSync(path.join(CASES, 'examples.json'), 'utf8'));
    const expected = JSON.parse(fs.readFileSync(path.join(CASES, 'examples.expected.json'), 'utf8')).results;

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.admin).send(input);

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(expected.map((r: { id: string }) => r.id));
    res.body.results.forEach((r: { LR: number }, i: number) => {
      const want = expected[i].LR as number;
      expect(Math.abs(r.LR - want)).toBeLessThanOrEqual(1e-8 * Math.abs(want));
    });
  });

  it('when a prior is given, then each result carries the posterior prior*LR/(prior*LR + 1 - prior)', async () => {
    const res = await request(t.app).post('/v1/kinship/evaluate?prior=0.01').set(t.auth.investigator).send(duoCase('duo', 0.1));

    const lr = 1 / (4 * 0.1);
    expect(res.body.results[0].posterior).toBeCloseTo((0.01 * lr) / (0.01 * lr + 0.99), 12);
  });

  it('when one case names an allele missing from its frequencies, then that case alone carries an error naming it', async () => {
    const bad = duoCase('bad', 0.2);
    (bad.genotypes as Record<string, Record<string, string[]>>).POI!.D18S51 = ['15', '21'];

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send([duoCase('good', 0.2), bad]);

    expect(res.status).toBe(200);
    expect(res.body.results[0].LR).toBeGreaterThan(0);
    expect(res.body.results[1]).toEqual({ id: 'bad', error: expect.stringContaining('21') });
  });

  it('when the body is not a case file, then it is a 400 problem naming what is wrong', async () => {
    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send({ cases: 'none' });

    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:reunion:INVALID_KINSHIP_CASE');
    expect(res.body.detail).toContain('cases');
  });

  it('when more cases than allowed are sent, then it is a 413 and nothing is audited', async () => {
    const before = await t.store.countRecords();
    const cases = Array.from({ length: 51 }, (_, i) => duoCase(`c${i}`, 0.2));

    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send({ cases });

    expect(res.status).toBe(413);
    expect(await t.store.countRecords()).toEqual(before);
  });

  it('when a lab calls it, then it is a 403', async () => {
    const res = await request(t.app).post('/v1/kinship/evaluate').set(t.auth.lab).send(duoCase('duo', 0.2));

    expect(res.status).toBe(403);
  });

  it('when cases are evaluated, then each one leaves an audit record with the caller and the case id', async () => {
    await request(t.app).post('/v1/kinship/evaluate').set(t.auth.investigator).send([duoCase('a', 0.2), duoCase('b', 0.3)]);

    const audit = await request(t.app).get('/v1/audit?action=kinship.evaluate').set(t.auth.admin);

    expect(audit.body.items.map((e: { targetId: string; role: string }) => [e.targetId, e.role]).sort()).toEqual([['a', 'investigator'], ['b', 'investigator']]);
  });
});

describe('POST /v1/kinship/evaluate with a search pool', () => {
  let m: MatchingTestApp;

  beforeAll(async () => {
    m = await createMatchingTestApp({ workers: 1 });
  });

  afterAll(async () => {
    await m.close();
  });

  it('when the service runs a worker pool, then the reference cases evaluated on a worker reproduce the reference LRs', async () => {
    const input = JSON.parse(fs.readFileSync(path.join(CASES, 'examples.json'), 'utf8'));
    const expected = JSON.parse(fs.readFileSync(path.join(CASES, 'examples.expected.json'), 'utf8')).results;

    const res = await request(m.app).post('/v1/kinship/evaluate').set(m.auth.investigator).send(input);

    expect(m.index.engine.stats().workers).toBe(1);
    expect(res.status).toBe(200);
    res.body.results.forEach((r: { id: string; LR: number }, i: number) => {
      expect(r.id).toBe(expected[i].id);
      expect(Math.abs(r.LR - expected[i].LR)).toBeLessThanOrEqual(1e-8 * Math.abs(expected[i].LR));
    });
  });

  it('when the body is not a case file, then the worker answer still becomes a 400 problem naming what is wrong', async () => {
    const res = await request(m.app).post('/v1/kinship/evaluate').set(m.auth.investigator).send({ cases: 'none' });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:reunion:INVALID_KINSHIP_CASE');
    expect(res.body.detail).toContain('cases');
  });
});
