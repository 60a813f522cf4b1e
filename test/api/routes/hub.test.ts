import request from 'supertest';
import { aProfile } from '../../support/builders';
import { createTestApp, type TestApp } from '../../support/test-app';

describe('alert hub API: alerts, subscriptions, events', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const missingChild = { sex: 'female', birthDate: '2015-04-02', missingSince: '2019-10-01', place: 'Shenzhen, Guangdong' };
  const SECRET = 'whsec_api_test_0123456789abcdef012345';

  const postAlert = (body: Record<string, unknown>, auth = t.auth.hub) => request(t.app).post('/v1/hub/alerts').set(auth).send(body);

  describe('inbound alerts', () => {
    it('when the hub registers a new alert, then a case is opened for it (201) and the alert shows the case', async () => {
      const res = await postAlert({ alertId: 'TY-2025-0001', missingChild, traffickingCaseNo: 'SZ-2019-88' });

      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/v1/hub/alerts/TY-2025-0001');
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^case_/), alertId: 'TY-2025-0001', traffickingCaseNo: 'SZ-2019-88', child: missingChild, status: 'open',
        org: 'HUB-01', version: 1, family: { pedigree: { individuals: [{ id: 'MP', sex: 'female' }], typed: {} } },
      });
      const shown = await request(t.app).get('/v1/hub/alerts/TY-2025-0001').set(t.auth.hub);
      expect(shown.status).toBe(200);
      expect(shown.body).toEqual(res.body);
      const asCase = await request(t.app).get(`/v1/cases/${res.body.id}`).set(t.auth.investigator);
      expect(asCase.body).toEqual(res.body);
    });

    it('when the same alert is registered again unchanged, then it is a 200 with the same case and nothing changes', async () => {
      const first = await postAlert({ alertId: 'TY-2', missingChild });

      const again = await postAlert({ alertId: 'TY-2', missingChild });

      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await t.store.cases.count()).toBe(1);
      expect(await t.store.hubAlerts.count()).toBe(1);
    });

    it('when the alert comes again with new details, then the same case is updated (next version) and audited', async () => {
      const first = await postAlert({ alertId: 'TY-3', missingChild });

      const updated = await postAlert({ alertId: 'TY-3', missingChild: { ...missingChild, place: 'Huizhou, Guangdong' }, traffickingCaseNo: 'HZ-1' });

      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: first.body.id, version: 2, traffickingCaseNo: 'HZ-1', child: { place: 'Huizhou, Guangdong' } });
      const audit = await t.store.audit.list({ targetId: first.body.id, limit: 10, offset: 0 });
      expect(audit.items.map((a) => a.action).sort()).toEqual(['hubAlert.register', 'hubAlert.update']);
    });

    it('when the same new alert is posted twice at once, then exactly one case exists and one answer is 201, the other 200', async () => {
      const [a, b] = await Promise.all([postAlert({ alertId: 'TY-RACE', missingChild }), postAlert({ alertId: 'TY-RACE', missingChild })]);

      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(await t.store.cases.count()).toBe(1);
    });

    it('when an investigator opened a case with the alert id first, then the hub\'s registration links that case instead of opening another', async () => {
      const opened = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ alertId: 'TY-4', child: missingChild });

      const res = await postAlert({ alertId: 'TY-4', missingChild });

      expect(res.status).toBe(200);
      expect(res.body.id).toBe(opened.body.id);
      expect(await t.store.cases.count()).toBe(1);
      expect((await request(t.app).get('/v1/hub/alerts/TY-4').set(t.auth.hub)).body.id).toBe(opened.body.id);
    });

    it('when the update would change the sex of a child whose family is typed, then it is a 409 and the case is unchanged', async () => {
      const first = await postAlert({ alertId: 'TY-5', missingChild });
      const father = aProfile({ sex: 'male' });
      await t.store.profiles.insert(father);
      const c = (await t.store.cases.findById(first.body.id))!;
      await t.store.cases.update({ ...c, version: 2, family: { ...c.family, pedigree: { ...c.family.pedigree, typed: { FA: father.id } } } });

      const res = await postAlert({ alertId: 'TY-5', missingChild: { ...missingChild, sex: 'male' } });

      expect(res.status).toBe(409);
      expect((await t.store.cases.findById(first.body.id))!.child.sex).toBe('female');
    });

    it('when an untyped case gets a corrected sex, then the missing member of the family follows it', async () => {
      await postAlert({ alertId: 'TY-6', missingChild });

      const res = await postAlert({ alertId: 'TY-6', missingChild: { ...missingChild, sex: 'male' } });

      expect(res.status).toBe(200);
      expect(res.body.family.pedigree.individuals).toEqual([{ id: 'MP', father: null, mother: null, sex: 'male' }]);
    });

    it('when the alert is malformed, then it is a 400 naming each field and nothing is stored', async () => {
      const res = await postAlert({ alertId: 'bad id with spaces', missingChild: { ...missingChild, birthDate: '2020-01-01' }, extra: 1 });

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['alertId']));
      expect(await t.store.cases.count()).toBe(0);
    });

    it('when an unknown alert is asked for, then 404; when other roles post alerts, then 403', async () => {
      expect((await request(t.app).get('/v1/hub/alerts/TY-NONE').set(t.auth.hub)).status).toBe(404);
      expect((await postAlert({ alertId: 'TY-7', missingChild }, t.auth.investigator)).status).toBe(403);
      expect((await postAlert({ alertId: 'TY-7', missingChild }, t.auth.lab)).status).toBe(403);
      expect((await request(t.app).get('/v1/hub/alerts/TY-7').set(t.auth.lab)).status).toBe(403);
      expect((await request(t.app).post('/v1/hub/alerts').send({ alertId: 'TY-7', missingChild })).status).toBe(401);
    });
  });

  describe('subscriptions', () => {
    const subscription = { url: 'https://hub.example.org/reunion/events', secret: SECRET, events: ['case.reunited', 'case.closed'] };

    it('when an admin subscribes, then the subscription is stored active and the secret is never returned nor logged', async () => {
      const res = await request(t.app).post('/v1/hub/subscriptions').set(t.auth.admin).send({ ...subscription, label: 'national hub' });
      const list = await request(t.app).get('/v1/hub/subscriptions').set(t.auth.admin);

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^sub_/), url: subscription.url, events: subscription.events, label: 'national hub', active: true,
        createdAt: expect.any(String), disabledAt: null,
      });
      expect(list.body).toMatchObject({ total: 1, items: [res.body] });
      expect(JSON.stringify(list.body)).not.toContain(SECRET);
      expect(t.logLines().join('\n')).not.toContain(SECRET);
      expect((await t.store.subscriptions.findById(res.body.id))!.secret).toBe(SECRET);
    });

    it('when the URL is not http(s), the secret is short or an event type is unknown or repeated, then it is a 400 for each', async () => {
      for (const bad of [
        { ...subscription, url: 'ftp://hub.example.org/x' }, { ...subscription, url: 'not a url' }, { ...subscription, secret: 'short' },
        { ...subscription, events: ['case.deleted'] }, { ...subscription, events: [] }, { ...subscription, events: ['case.closed', 'case.closed'] },
      ]) {
        const res = await request(t.app).post('/v1/hub/subscriptions').set(t.auth.admin).send(bad);
        expect(res.status).toBe(400);
      }
      expect((await t.store.subscriptions.list({ limit: 10, offset: 0 })).total).toBe(0);
    });

    it('when a subscription is disabled, then it is inactive; an unknown id is 404; other roles get 403', async () => {
      const created = await request(t.app).post('/v1/hub/subscriptions').set(t.auth.admin).send(subscription);

      const disabled = await request(t.app).delete(`/v1/hub/subscriptions/${created.body.id}`).set(t.auth.admin);

      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ active: false, disabledAt: expect.any(String) });
      expect((await request(t.app).delete('/v1/hub/subscriptions/sub_none').set(t.auth.admin)).status).toBe(404);
      expect((await request(t.app).post('/v1/hub/subscriptions').set(t.auth.hub).send(subscription)).status).toBe(403);
      expect((await request(t.app).get('/v1/hub/subscriptions').set(t.auth.investigator)).status).toBe(403);
    });
  });

  describe('events and deliveries', () => {
    it('when a case is closed with a subscriber, then the event and its pending delivery are listed, with no genetic data', async () => {
      await request(t.app).post('/v1/hub/subscriptions').set(t.auth.admin).send({ url: 'http://127.0.0.1:9/none', secret: SECRET, events: ['case.closed'] });
      const c = (await postAlert({ alertId: 'TY-8', missingChild })).body;
      await request(t.app).post(`/v1/cases/${c.id}/close`).set(t.auth.investigator).send({ status: 'closedNoReunion', reason: 'alertCancelled', note: 'hub cancelled' });

      const deliveries = await request(t.app).get('/v1/hub/deliveries?status=pending').set(t.auth.hub);
      const event = await request(t.app).get(`/v1/hub/events/${deliveries.body.items[0].eventId}`).set(t.auth.admin);

      expect(deliveries.body).toMatchObject({ total: 1, items: [{ eventType: 'case.closed', caseId: c.id, caseSeq: 1, status: 'pending', attempts: 0 }] });
      expect(event.body).toMatchObject({
        type: 'case.closed', caseId: c.id, caseSeq: 1,
        data: { caseId: c.id, alertId: 'TY-8', outcome: 'noReunion', reason: 'alertCancelled' }, deliveries: [{ status: 'pending' }],
      });
      expect(JSON.stringify(event.body)).not.toContain('hub cancelled');
    });

    it('when an unknown event is redelivered or read, then 404; when an investigator asks, then 403', async () => {
      expect((await request(t.app).post('/v1/hub/events/evt_none/redeliver').set(t.auth.admin)).status).toBe(404);
      expect((await request(t.app).get('/v1/hub/events/evt_none').set(t.auth.hub)).status).toBe(404);
      expect((await request(t.app).get('/v1/hub/deliveries').set(t.auth.investigator)).status).toBe(403);
      expect((await request(t.app).get('/v1/hub/deliveries?status=lost').set(t.auth.admin)).status).toBe(400);
    });
  });
});
