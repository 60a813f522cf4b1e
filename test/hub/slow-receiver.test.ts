import request from 'supertest';
import { DeliveryWorker } from '../../src/hub';
import { createLogger } from '../../src/lib';
import { createTestApp, type TestApp } from '../support/test-app';
import { deferred, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'whsec_slow_receiver_0123456789abcdef01';

describe('a slow receiver', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;

  beforeEach(async () => {
    t = await createTestApp();
    receiver = await startWebhookReceiver(SECRET);
    worker = new DeliveryWorker({
      store: t.store, logger: createLogger({ level: 'silent' }), pollMs: 20, timeoutMs: 30_000, maxAttempts: 3,
      backoff: { baseMs: 5, capMs: 20 }, concurrency: 4,
    });
  });

  afterEach(async () => {
    await worker.stop();
    await receiver.close();
    await t.close();
  });

  const child = { sex: 'female', birthDate: null, missingSince: '2020-02-02', place: 'Wuhan, Hubei' };

  it('when the receiver holds a delivery open, then the API keeps answering and other cases\' events are still delivered', async () => {
    await request(t.app).post('/v1/hub/subscriptions').set(t.auth.admin).send({ url: receiver.url, secret: SECRET, events: ['case.closed'] });
    const caseA = (await request(t.app).post('/v1/hub/alerts').set(t.auth.hub).send({ alertId: 'TY-SLOW-A', missingChild: child })).body.id;
    const caseB = (await request(t.app).post('/v1/hub/alerts').set(t.auth.hub).send({ alertId: 'TY-SLOW-B', missingChild: child })).body.id;
    const held = deferred<number>();
    let answered = false;
    receiver.queue({ hold: held.promise.then((s) => ((answered = true), s)) });
    worker.start();
    await request(t.app).post(`/v1/cases/${caseA}/close`).set(t.auth.investigator).send({ status: 'closedNoReunion', reason: 'other' });
    await receiver.waitForCount(1);

    const stats = await request(t.app).get('/v1/stats').set(t.auth.admin);
    const closeB = await request(t.app).post(`/v1/cases/${caseB}/close`).set(t.auth.investigator).send({ status: 'closedNoReunion', reason: 'other' });
    const alert = await request(t.app).get('/v1/hub/alerts/TY-SLOW-A').set(t.auth.hub);
    await receiver.waitForCount(2);

    expect([stats.status, closeB.status, alert.status]).toEqual([200, 200, 200]);
    expect(stats.body.deliveries.pending).toBe(1);
    expect(receiver.received.map((r) => r.body.data.caseId)).toEqual([caseA, caseB]);
    expect(answered).toBe(false);
    expect(worker.inFlightCount).toBeGreaterThanOrEqual(1);
    held.resolve(200);
  });
});
