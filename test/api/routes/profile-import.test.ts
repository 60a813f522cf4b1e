import request from 'supertest';
import { formatCmf, formatProfilesCsv } from '../../../src/importers';
import { createTestApp, identifilerGenotypes, type TestApp } from '../../support/test-app';

/** Autosomal Identifiler genotypes as string pairs, without Amelogenin. */
function autosomal(over: Record<string, string[]> = {}): Record<string, string[]> {
  const all = identifilerGenotypes(over);
  delete all.AMEL;
  return Object.fromEntries(Object.entries(all).map(([locus, alleles]) => [locus, alleles.map(String)]));
}

/** GeneMapper long format: one row per sample x marker, homozygotes with an empty Allele 2. */
function geneMapperTable(samples: Record<string, Record<string, string[]>>): string {
  const rows = ['Sample File\tSample Name\tPanel\tMarker\tDye\tAllele 1\tAllele 2\tAllele 3'];
  for (const [name, loci] of Object.entries(samples)) {
    for (const [locus, [a, b, c]] of Object.entries(loci)) {
      rows.push(`${name}.hid\t${name}\tIdentifiler_v1\t${locus}\tB\t${a}\t${a === b ? '' : b}\t${c ?? ''}`);
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

describe('POST /v1/profiles/import', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('when a lab uploads a GeneMapper table, then every sample is stored as a profile of the detected kit with sex from AMEL', async () => {
    const table = geneMapperTable({
      'FAM7-father': { ...autosomal(), AMEL: ['X', 'Y'] },
      'FAM7-mother': { ...autosomal({ FGA: ['20', '22'], TH01: ['9.3', '9.3'] }), AMEL: ['X', 'X'] },
    });

    const res = await request(t.app).post('/v1/profiles/import?kind=reference').set(t.auth.lab).type('text/plain').send(table);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'genemapper', samples: 2, created: 2, failed: 0 });
    const mother = res.body.results.find((r: { sampleId: string }) => r.sampleId === 'FAM7-mother').profile;
    expect(mother).toMatchObject({ kit: 'Identifiler', kind: 'reference', sex: 'female', lab: 'LAB-01' });
    expect(mother.genotypes.TH01).toEqual(['9.3', '9.3']);
    expect(mother.genotypes.FGA).toEqual(['20', '22']);
  });

  it('when the same CSV is uploaded twice, then the second upload changes nothing', async () => {
    const csv = formatProfilesCsv([
      { sampleId: 'FP-001', kind: 'found', kit: 'Identifiler', genotypes: autosomal() },
      { sampleId: 'FP-002', kind: 'found', kit: 'Identifiler', genotypes: autosomal({ D8S1179: ['10', '13'] }) },
    ]);
    await request(t.app).post('/v1/profiles/import').set(t.auth.lab).type('text/csv').send(csv);
    const before = await t.store.countRecords();

    const again = await request(t.app).post('/v1/profiles/import').set(t.auth.lab).type('text/csv').send(csv);

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ format: 'csv', created: 0, unchanged: 2, failed: 0 });
    expect(await t.store.countRecords()).toEqual(before);
  });

  it('when a CODIS CMF file is uploaded, then its specimens become profiles with the kind from their category', async () => {
    const xml = formatCmf(
      [{ sampleId: 'UP-2026-17', specimenCategory: 'Unidentified Person', genotypes: autosomal() }],
      { destinationOri: 'CN0000000', sourceLab: 'CN1100100', submitByUserId: 'lab-user', submitDateTime: '2026-11-29T10:00:00' },
    );

    const res = await request(t.app).post('/v1/profiles/import?kit=Identifiler').set(t.auth.lab).type('application/xml').send(xml);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'cmf', created: 1 });
    expect(res.body.results[0].profile).toMatchObject({ sampleId: 'UP-2026-17', kind: 'found', kit: 'Identifiler' });
  });

  it('when a sample is a mixture, then it is reported as an issue with its locus and the clean samples are still stored', async () => {
    const text = geneMapperTable({ evid1: autosomal({ D18S51: ['12', '14', '17'] }), clean: autosomal() });

    const res = await request(t.app).post('/v1/profiles/import?kind=found&kit=custom').set(t.auth.lab).type('text/plain').send(text);

    expect(res.status).toBe(200);
    expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'MIXTURE', sampleId: 'evid1', locus: 'D18S51', severity: 'error' })]));
    expect(res.body.results.map((r: { sampleId: string }) => r.sampleId)).toEqual(['clean']);
    expect(res.body.created).toBe(1);
  });

  it('when the file does not say the kind and the query does not either, then the item fails naming kind and nothing is stored', async () => {
    const before = await t.store.countRecords();

    const res = await request(t.app).post('/v1/profiles/import').set(t.auth.lab).type('text/plain').send(geneMapperTable({ X1: autosomal() }));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, failed: 1 });
    expect(res.body.results[0].problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'items.0.kind' })]));
    expect(await t.store.countRecords()).toEqual(before);
  });

  it('when the XML is truncated, then the answer is a 400 naming the line and nothing is stored', async () => {
    const xml = formatCmf(
      [{ sampleId: 'UP-1', specimenCategory: 'Unidentified Person', genotypes: autosomal() }],
      { destinationOri: 'CN0000000', sourceLab: 'CN1100100', submitByUserId: 'u', submitDateTime: '2026-11-29T10:00:00' },
    );
    const before = await t.store.countRecords();

    const res = await request(t.app).post('/v1/profiles/import').set(t.auth.lab).type('application/xml').send(xml.slice(0, xml.length / 2));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:reunion:UNREADABLE_UPLOAD');
    expect(res.body.errors[0].path).toMatch(/^line \d+$/);
    expect(await t.store.countRecords()).toEqual(before);
  });

  it('when the upload is a PDF, then it is a 415', async () => {
    const res = await request(t.app).post('/v1/profiles/import').set(t.auth.lab).type('application/pdf').send('%PDF-1.4');

    expect(res.status).toBe(415);
    expect(res.body.type).toBe('urn:reunion:UNSUPPORTED_MEDIA_TYPE');
  });

  it('when CSV text is posted to the JSON profile endpoint, then it is still a 415', async () => {
    const res = await request(t.app).post('/v1/profiles').set(t.auth.lab).type('text/csv').send('sampleId\nX');

    expect(res.status).toBe(415);
  });

  it('when an investigator uploads a file, then it is a 403', async () => {
    const res = await request(t.app).post('/v1/profiles/import').set(t.auth.investigator).type('text/csv').send('sampleId,D3S1358\nA,15/16');

    expect(res.status).toBe(403);
  });
});
