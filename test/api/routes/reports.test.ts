import request from 'supertest';
import { readNistGenotypes } from '../../../src/main';
import { seedSampleData } from '../../../src/services';
import { formatLrForReport, formatProbabilityForReport } from '../../../src/api/report/render-match-report';
import { createMatchingTestApp, type MatchingTestApp } from '../../support/matching-app';
import { pdfText } from '../../support/pdf-text';

/** Binary bodies (the PDF) as a Buffer. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('GET /v1/matches/{id}/report.pdf and the pedigree drawing', () => {
  let t: MatchingTestApp;
  let matchId: string;
  let caseId: string;

  beforeAll(async () => {
    t = await createMatchingTestApp();
    await seedSampleData(t.services, readNistGenotypes());
    const cases = await request(t.app).get('/v1/cases?alertId=DEMO-ALERT-1').set(t.auth.investigator);
    caseId = cases.body.items[0].id;
    const candidates = await request(t.app).get(`/v1/cases/${caseId}/candidates`).set(t.auth.investigator);
    matchId = candidates.body.items[0].id;
    await request(t.app).post(`/v1/matches/${matchId}/reviews`).set(t.auth.investigator).send({ decision: 'confirm', note: 'consistent at every locus' }).expect(201);
  });

  afterAll(async () => {
    await t.close();
  });

  it('when an investigator asks for the report, then the PDF\'s text holds the alert id, the LR, the database posteriors over families and over found persons, the exceedance, every locus, the alternatives, the method and the review with its note', async () => {
    const match = (await request(t.app).get(`/v1/matches/${matchId}`).set(t.auth.investigator)).body as {
      LR: number | null; log10LR: number; loci: Array<{ locus: string }>; databasePosterior: number; databasePosteriorOverFoundPersons: number;
      exceedance: number; mostLikelyRelationship: string;
    };

    const res = await request(t.app).get(`/v1/matches/${matchId}/report.pdf`).set(t.auth.investigator).buffer(true).parse(binary);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const { text, pages } = await pdfText(res.body as Buffer);
    expect(text).toContain('DEMO-ALERT-1');
    expect(text).toContain(formatLrForReport(match.LR, match.log10LR));
    expect(text).toContain(match.log10LR.toFixed(2));
    // A long label wraps in its column (inside a Chinese word too): compared without white space.
    const squeezed = (s: string) => s.replace(/\s+/g, '');
    expect(squeezed(text)).toContain(squeezed(`Database posterior over families 家庭全库后验概率 ${formatProbabilityForReport(match.databasePosterior)}`));
    expect(squeezed(text)).toContain(squeezed(`Database posterior over found persons 找到人员全库后验概率 ${formatProbabilityForReport(match.databasePosteriorOverFoundPersons)}`));
    expect(text).toContain(formatProbabilityForReport(match.exceedance));
    expect(text).toMatch(/Exceedance P\(LR >= observed \| unrelated\) 超越概率 \d\.\d\d × 10\^-\d+/);
    expect(text).toContain(`${match.mostLikelyRelationship} (most likely 最可能)`);
    expect(text).toContain('Non-genetic evidence');
    for (const { locus } of match.loci) expect(text).toContain(locus);
    expect(text).toMatch(/Mutation model.*perLocus/);
    expect(text).toContain('Reunion 0.1.0');
    expect(text).toContain('consistent at every locus');
    expect(text).toContain('亲缘关系比中报告');
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });

  it('when the report is generated, then its reads are in the audit trail under the investigator', async () => {
    const before = (await t.store.audit.list({ targetId: matchId, limit: 200, offset: 0 })).total;

    await request(t.app).get(`/v1/matches/${matchId}/report.pdf`).set(t.auth.investigator).buffer(true).parse(binary).expect(200);

    const after = await t.store.audit.list({ targetId: matchId, limit: 200, offset: 0 });
    expect(after.total).toBe(before + 3);
    expect(after.items.slice(0, 3).map((e) => e.action).sort()).toEqual(['match.alleles.read', 'match.read', 'match.reviews.read']);
    expect((await t.store.audit.list({ action: 'case.pedigree.read', targetId: caseId, limit: 1, offset: 0 })).total).toBeGreaterThan(0);
  });

  it('when a lab key asks for the report, then it is a 403 problem; an unknown match is a 404 problem', async () => {
    const lab = await request(t.app).get(`/v1/matches/${matchId}/report.pdf`).set(t.auth.lab);
    const unknown = await request(t.app).get('/v1/matches/match_none/report.pdf').set(t.auth.investigator);

    expect(lab.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('when the drawing of a parents-and-child family is asked for, then the parents share a row above the marked missing child, typed members flagged', async () => {
    const res = await request(t.app).get(`/v1/cases/${caseId}/pedigree/drawing`).set(t.auth.investigator);

    expect(res.status).toBe(200);
    type Member = { id: string; x: number; y: number; typed: boolean; missing: boolean; sex: string };
    const byId: Record<string, Member> = Object.fromEntries((res.body.members as Member[]).map((m) => [m.id, m]));
    expect(byId.FA).toMatchObject({ y: 0, typed: true, sex: 'male' });
    expect(byId.MO).toMatchObject({ y: 0, typed: true, sex: 'female' });
    expect(byId.MP).toMatchObject({ y: 1, typed: false, missing: true });
    expect(byId.MP!.x).toBeCloseTo((byId.FA!.x + byId.MO!.x) / 2);
  });
});
