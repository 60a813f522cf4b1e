import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HubEventType } from '../../src/domain';
import { DeliveryWorker, publishEvent, type DeliveryWorkerOptions } from '../../src/hub';
import { createLogger } from '../../src/lib';
import { createServiceDeps, redeliverEvent, SYSTEM_ACTOR, type ServiceDeps } from '../../src/services';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';
import { aCase } from '../support/builders';
import { deferred, eventually, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'whsec_test_0123456789abcdef0123456789';

describe('DeliveryWorker against a real HTTP receiver', () => {
  let dir: string;
  let store: EmbeddedStore;
  let deps: ServiceDeps;
  let receiver: WebhookReceiver;
  let subscriptionId: string;
  const workers: DeliveryWorker[] = [];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-hub-'));
    store = EmbeddedStore.open({ dataDir: dir });
    deps = createServiceDeps(store, { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 10, defaultFrequencyTable: 't' });
    receiver = await startWebhookReceiver(SECRET);
    subscriptionId = await subscribe(receiver.url, ['case.closed', 'case.reunited']);
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await receiver.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function subscribe(url: string, events: HubEventType[]): Promise<string> {
    const id = deps.newId('sub');
    await store.subscriptions.insert({
      id, url, secret: SECRET, events, label: null, active: true, createdAt: new Date().toISOString(), createdBy: 'key_admin', disabledAt: null,
    });
    return id;
  }

  async function newCase(): Promise<string> {
    const c = aCase();
    await store.cases.insert(c);
    return c.id;
  }

  /** An event written in a transaction, as a use case does. */
  async function publish(caseId: string, type: HubEventType = 'case.closed', data: Record<string, unknown> = {}): Promise<string> {
    const event = await store.transaction((tx) => publishEvent(deps, tx, { type, caseId, data: { caseId, ...data } }));
    return event.id;
  }

  function startWorker(over: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
    const worker = new DeliveryWorker({
      store, logger: createLogger({ level: 'silent' }), pollMs: 20, timeoutMs: 2_000, maxAttempts: 5,
      backoff: { baseMs: 5, capMs: 20 }, concurrency: 4, ...over,
    });
    workers.push(worker);
    worker.start();
    return worker;
  }

  const deliveryOf = async (eventId: string) => (await store.outbox.listDeliveriesOfEvent(eventId))[0]!;
  const idsReceived = () => receiver.received.map((r) => r.body.id);

  it('when an event is delivered, then the body is exactly {id, type, occurredAt, data}, the signature verifies and the delivery is recorded', async () => {
    const caseId = await newCase();
    const eventId = await publish(caseId, 'case.closed', { alertId: 'TY-1', outcome: 'noReunion', reason: 'familyWithdrew' });
    startWorker();

    await receiver.waitForCount(1);

    const got = receiver.received[0]!;
    expect(got.verdict).toEqual({ ok: true, event: got.body });
    expect(Object.keys(got.body)).toEqual(['id', 'type', 'occurredAt', 'data']);
    expect(got.body).toMatchObject({ id: eventId, type: 'case.closed', data: { caseId, alertId: 'TY-1', outcome: 'noReunion', reason: 'familyWithdrew' } });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-reunion-timestamp']).toMatch(/^\d{10}$/);
    expect(got.headers['x-reunion-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    await eventually(async () => (await deliveryOf(eventId)).status === 'delivered');
    expect(await deliveryOf(eventId)).toMatchObject({ attempts: 1, lastStatusCode: 200, leaseOwner: null });
  });

  it('when two replicas run a worker under the delivery lease, then only the holder delivers, and when it stops the other takes over', async () => {
    const replica = EmbeddedStore.open({ dataDir: dir });
    try {
      const a = startWorker({ leaseTtlMs: 600 });
      const b = startWorker({ store: replica, leaseTtlMs: 600 });
      await eventually(async () => a.isLeaseHolder || b.isLeaseHolder);
      const [holder, other] = a.isLeaseHolder ? [a, b] : [b, a];
      const first = await publish(await newCase());
      await receiver.waitForCount(1);
      await eventually(async () => (await deliveryOf(first)).status === 'delivered');

      expect(other.isLeaseHolder).toBe(false);
      expect(await store.leases.holder('hub-delivery', new Date())).toBe(holder.workerId);

      await holder.stop();
      const second = await publish(await newCase());
      await receiver.waitForCount(2);

      expect(other.isLeaseHolder).toBe(true);
      expect(idsReceived()).toEqual([first, second]);
    } finally {
      for (const w of workers.splice(0)) await w.stop();
      await replica.close();
    }
  });

  it('when the receiver answers 500 then 200, then it gets the event exactly once more and no more', async () => {
    const first = await publish(await newCase());
    receiver.queue(500, 200);
    startWorker();

    await receiver.waitForCount(2);
    await eventually(async () => (await deliveryOf(first)).status === 'delivered');
    // A later event on another case arriving proves the worker went on polling after the success.
    const marker = await publish(await newCase());
    await receiver.waitForCount(3);

    expect(idsReceived()).toEqual([first, first, marker]);
    expect(receiver.received[0]!.headers['x-reunion-signature']).not.toBe(undefined);
    expect(receiver.received.map((r) => r.headers['x-reunion-attempt'])).toEqual(['1', '2', '1']);
    expect(await deliveryOf(first)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('when the head event of a case is held and then fails, then another case goes through meanwhile and the case\'s events still arrive in order', async () => {
    const caseA = await newCase();
    const caseB = await newCase();
    const a = [await publish(caseA), await publish(caseA), await publish(caseA)];
    const held = deferred<number>();
    receiver.queue({ hold: held.promise });
    startWorker();
    await receiver.waitForCount(1);

    const b = await publish(caseB);
    await receiver.waitForCount(2);
    held.resolve(500);
    await receiver.waitForCount(5);

    expect(idsReceived()).toEqual([a[0], b, a[0], a[1], a[2]]);
    const seqs = receiver.received.filter((r) => r.body.data.caseId === caseA).map((r) => r.body.id);
    expect(seqs).toEqual([a[0], a[0], a[1], a[2]]);
  });

  it('when every attempt fails, then after maxAttempts the event is dead-lettered, later events of the case wait, and redelivery sends both in order', async () => {
    const caseId = await newCase();
    const e1 = await publish(caseId);
    const e2 = await publish(caseId);
    receiver.setFallback(500);
    startWorker({ maxAttempts: 3 });

    await eventually(async () => (await deliveryOf(e1)).status === 'dead');

    expect(idsReceived()).toEqual([e1, e1, e1]);
    expect(await deliveryOf(e1)).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(await deliveryOf(e2)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await store.outbox.listDeliveries({ status: 'dead', limit: 10, offset: 0 })).items.map((d) => d.eventId)).toEqual([e1]);

    receiver.setFallback(200);
    const result = await redeliverEvent(deps, SYSTEM_ACTOR, e1, {});
    await receiver.waitForCount(5);
    await eventually(async () => (await deliveryOf(e2)).status === 'delivered');

    expect(result).toEqual({ eventId: e1, requeued: 1 });
    expect(idsReceived()).toEqual([e1, e1, e1, e1, e2]);
    expect(await deliveryOf(e1)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('when the receiver does not answer within the timeout, then the attempt is abandoned and retried', async () => {
    const eventId = await publish(await newCase());
    const never = deferred<number>();
    receiver.queue({ hold: never.promise }, 200);
    // A second long enough that the prompt second answer never times out on a loaded CI machine.
    startWorker({ timeoutMs: 1_000 });

    await receiver.waitForCount(2);
    await eventually(async () => (await deliveryOf(eventId)).status === 'delivered');

    expect(idsReceived()).toEqual([eventId, eventId]);
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'delivered', attempts: 2 });
    never.resolve(200);
  });

  it('when the receiver refuses connections, then the attempt fails with the network error and is retried', async () => {
    const down = await startWebhookReceiver(SECRET);
    const downUrl = down.url;
    await down.close();
    const sub = await subscribe(downUrl, ['case.closed']);
    const eventId = await publish(await newCase());
    startWorker({ maxAttempts: 2 });

    await eventually(async () => (await store.outbox.listDeliveriesOfEvent(eventId)).find((d) => d.subscriptionId === sub)!.status === 'dead');

    const failed = (await store.outbox.listDeliveriesOfEvent(eventId)).find((d) => d.subscriptionId === sub)!;
    expect(failed).toMatchObject({ attempts: 2, lastStatusCode: null, lastError: 'request failed: ECONNREFUSED' });
    await eventually(async () => (await store.outbox.listDeliveriesOfEvent(eventId)).find((d) => d.subscriptionId === subscriptionId)!.status === 'delivered');
  });

  it('when two workers (replicas) share the outbox, then every event is delivered exactly once and each case in order', async () => {
    const cases = [await newCase(), await newCase(), await newCase(), await newCase()];
    const published: Record<string, string[]> = {};
    for (let i = 0; i < 24; i++) {
      const caseId = cases[i % cases.length]!;
      (published[caseId] ??= []).push(await publish(caseId));
    }
    startWorker({ concurrency: 3 });
    startWorker({ concurrency: 3 });

    await receiver.waitForCount(24);
    await eventually(async () => (await store.outbox.countByStatus()).delivered === 24);

    expect(new Set(idsReceived()).size).toBe(24);
    expect(receiver.received).toHaveLength(24);
    for (const caseId of cases) {
      expect(receiver.received.filter((r) => r.body.data.caseId === caseId).map((r) => r.body.id)).toEqual(published[caseId]);
    }
  });

  it('when a subscription is disabled, then its pending deliveries are cancelled and nothing more is sent to it', async () => {
    const eventId = await publish(await newCase());

    expect(await store.subscriptions.disable(subscriptionId, new Date().toISOString())).toBe(true);
    const other = await startWebhookReceiver(SECRET);
    await subscribe(other.url, ['case.closed']);
    const marker = await publish(await newCase());
    startWorker();
    await other.waitForCount(1);
    await other.close();

    expect(other.received.map((r) => r.body.id)).toEqual([marker]);
    expect(receiver.received).toHaveLength(0);
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'cancelled' });
  });

  it('when an event type is not subscribed, then no delivery is created for it', async () => {
    await store.transaction((tx) => publishEvent(deps, tx, { type: 'candidate.found', caseId: 'case_x', data: {} }));

    expect(await store.outbox.countByStatus()).toEqual({ pending: 0, delivered: 0, dead: 0, cancelled: 0 });
  });

  it('when the transaction that publishes fails, then neither the event nor its delivery exists', async () => {
    const caseId = await newCase();

    await expect(store.transaction(async (tx) => {
      await publishEvent(deps, tx, { type: 'case.closed', caseId, data: {} });
      throw new Error('the state change failed');
    })).rejects.toThrow('the state change failed');

    expect(await store.outbox.listEventsOfCase(caseId)).toEqual([]);
    expect((await store.outbox.countByStatus()).pending).toBe(0);
  });
});
