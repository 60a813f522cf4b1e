import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, DEFAULT_TABLE, type TestApp } from '../../support/test-app';

describe('frequency tables, API keys and audit API', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const table = {
    id: 'han-test-2025', name: 'Han test table', population: 'Chinese Han', source: 'a test', sampleSize: 500,
    loci: { THO1: { '6': 0.1, '7': 0.25, '9': 0.45, '9.3': 0.05, '10': 0.15 }, 'penta d': { '9': 0.4, '10': 0.6 } },
  };

  it('when an admin adds a table, then its loci are canonical and every role can list and read it', async () => {
    const res = await request(t.app).post('/v1/frequency-tables').set(t.auth.admin).send(table);
    const list = await request(t.app).get('/v1/frequency-tables').set(t.auth.lab);
    const one = await request(t.app).get('/v1/frequency-tables/han-test-2025').set(t.auth.investigator);

    expect(res.status).toBe(201);
    expect(Object.keys(res.body.loci).sort()).toEqual(['Penta D', 'TH01']);
    expect(list.body.map((x: { id: string; isDefault: boolean }) => [x.id, x.isDefault])).toEqual([['han-test-2025', false], [DEFAULT_TABLE, true]]);
    expect(one.body.loci.TH01['9.3']).toBe(0.05);
    expect(one.body).toMatchObject({ builtIn: false, sampleSize: 500 });
  });

  it('when a table\'s frequencies at a locus do not sum to 1, then it is a 400 naming the locus', async () => {
    const res = await request(t.app).post('/v1/frequency-tables').set(t.auth.admin)
      .send({ ...table, loci: { TH01: { '6': 0.5, '7': 0.3 } } });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'loci.TH01', message: expect.stringContaining('sum to 1') });
    expect(await t.store.frequencyTables.count()).toBe(1);
  });

  it('when a table names an unknown locus or an Amelogenin row, then it is a 400 naming the locus', async () => {
    const res = await request(t.app).post('/v1/frequency-tables').set(t.auth.admin)
      .send({ ...table, loci: { D99S999: { '6': 1 }, AMEL: { X: 0.5, Y: 0.5 } } });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { locus: string }) => e.locus).sort()).toEqual(['AMEL', 'D99S999']);
  });

  it('when a table id exists, then adding it again is a 409', async () => {
    await request(t.app).post('/v1/frequency-tables').set(t.auth.admin).send(table);

    const res = await request(t.app).post('/v1/frequency-tables').set(t.auth.admin).send(table);

    expect(res.status).toBe(409);
  });

  it('when a lab tries to add a table, then it is a 403', async () => {
    const res = await request(t.app).post('/v1/frequency-tables').set(t.auth.lab).send(table);

    expect(res.status).toBe(403);
  });

  it('when an admin creates a key, then it is shown once, works for its role, and only its hash is stored', async () => {
    const res = await request(t.app).post('/v1/api-keys').set(t.auth.admin).send({ role: 'lab', org: 'LAB-77', label: 'Kunming intake' });

    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^rk_lab_[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const stored = await t.store.apiKeys.findById(res.body.id);
    expect(JSON.stringify(stored)).not.toContain(res.body.key);
    const upload = await request(t.app).get('/v1/profiles').set('Authorization', `Bearer ${res.body.key}`);
    expect(upload.status).toBe(200);
    const listed = await request(t.app).get('/v1/api-keys?org=LAB-77').set(t.auth.admin);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.id, role: 'lab', label: 'Kunming intake', revokedAt: null })]);
    expect(listed.body.items[0].key).toBeUndefined();
    expect(listed.body.items[0].hash).toBeUndefined();
  });

  it('when an admin revokes a key, then the key stops working', async () => {
    const created = await request(t.app).post('/v1/api-keys').set(t.auth.admin).send({ role: 'investigator', org: 'PSB-9' });

    const revoked = await request(t.app).delete(`/v1/api-keys/${created.body.id}`).set(t.auth.admin);
    const after = await request(t.app).get('/v1/cases').set('Authorization', `Bearer ${created.body.key}`);

    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(after.status).toBe(401);
  });

  it('when genetic data is created and read, then the admin sees who did what in the audit, newest first, filterable', async () => {
    const profile = await request(t.app).post('/v1/profiles').set(t.auth.lab)
      .send({ sampleId: 'A-1', kind: 'found', kit: 'custom', genotypes: Object.fromEntries(['D3S1358', 'vWA', 'FGA', 'TH01', 'TPOX', 'CSF1PO', 'D5S818', 'D7S820', 'D8S1179', 'D13S317'].map((l) => [l, ['10', '11']])) });
    await request(t.app).get(`/v1/profiles/${profile.body.id}`).set(t.auth.lab);

    const res = await request(t.app).get(`/v1/audit?targetId=${profile.body.id}`).set(t.auth.admin);

    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['profile.read', 'profile.create']);
    expect(res.body.items[1]).toMatchObject({ role: 'lab', org: 'LAB-01', targetType: 'profile' });
    expect(JSON.stringify(res.body)).not.toContain('"10"');
  });

  it('when an investigator asks for the audit trail, then it is a 403', async () => {
    const res = await request(t.app).get('/v1/audit').set(t.auth.investigator);

    expect(res.status).toBe(403);
  });
  describe('a Familias frequency database uploaded as text', () => {
    const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'formats', 'familias', name), 'utf8');
    const metadata = { id: 'norskdb-2023', name: 'NorskDB 2023', population: 'Norway', source: 'Oslo University Hospital, norSTR' };

    it('when an admin posts NorskDB_v2023.txt as text/plain, then it is stored as a normal table with every marker and allele of the file', async () => {
      const res = await request(t.app).post('/v1/frequency-tables').query({ ...metadata, sampleSize: 1736 }).set(t.auth.admin)
        .set('Content-Type', 'text/plain').send(fixture('NorskDB_v2023.txt'));
      const read = await request(t.app).get('/v1/frequency-tables/norskdb-2023').set(t.auth.investigator);

      expect(res.status).toBe(201);
      expect(read.body).toMatchObject({ ...metadata, sampleSize: 1736, builtIn: false });
      expect(Object.keys(read.body.loci)).toHaveLength(50);
      expect(read.body.loci.D1S1656['14.3']).toBe(0.003449);
      expect(read.body.loci.TPOX['8']).toBe(0.55224);
    });

    it('when an admin posts the Familias .fam database, then the table holds the same frequencies as the list file', async () => {
      await request(t.app).post('/v1/frequency-tables').query(metadata).set(t.auth.admin).set('Content-Type', 'text/plain').send(fixture('NorskDB_v2023.txt'));

      const res = await request(t.app).post('/v1/frequency-tables').query({ ...metadata, id: 'norskdb-2023-fam' }).set(t.auth.admin)
        .set('Content-Type', 'application/x-familias').send(fixture('NorskDB_2023.fam'));

      expect(res.status).toBe(201);
      const list = (await request(t.app).get('/v1/frequency-tables/norskdb-2023').set(t.auth.admin)).body.loci;
      expect(res.body.loci).toEqual(list);
    });

    it('when an allele name is malformed, then it is a 400 naming the line, locus and allele, and nothing is stored', async () => {
      const text = 'TH01\n6\t0.5\n9..3\t0.5\n\nTPOX\n8\t1\n';

      const res = await request(t.app).post('/v1/frequency-tables').query(metadata).set(t.auth.admin).set('Content-Type', 'text/plain').send(text);

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'line 3', locus: 'TH01', allele: '9..3' })]);
      expect(await t.store.frequencyTables.count()).toBe(1);
    });

    it('when the query lacks the table id, or a lab posts the file, then it is a 400 / 403', async () => {
      const noId = await request(t.app).post('/v1/frequency-tables').query({ ...metadata, id: undefined }).set(t.auth.admin)
        .set('Content-Type', 'text/plain').send('TPOX\n8\t1\n');
      const lab = await request(t.app).post('/v1/frequency-tables').query(metadata).set(t.auth.lab).set('Content-Type', 'text/plain').send('TPOX\n8\t1\n');

      expect(noId.status).toBe(400);
      expect(noId.body.errors[0].path).toBe('id');
      expect(lab.status).toBe(403);
    });
  });
});
