import fc from 'fast-check';
import type { HubEvent } from '../../src/domain';
import { ConflictError } from '../../src/lib';
import { type Store } from '../../src/store';
import { medianOfSorted } from '../../src/store/hub-store';
import { contractAdapters } from '../support/store-adapters';
import { aCase, aFoundPerson, aProfile } from '../support/builders';
import { aDelivery, aHubEvent, aStatusChange, aSubscription } from '../support/hub-builders';

/** The contract of the hub repositories (src/store/hub-store.ts) for every adapter; Mongo runs with MONGODB_URI. */
const adapters = contractAdapters('hub');

const T0 = Date.parse('2025-06-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe('medianOfSorted', () => {
  it('when any list is sorted, then the median has as many values at or below as at or above it, and is the mean of the middle pair for even counts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 }), (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const m = medianOfSorted(sorted)!;

      expect(sorted.filter((v) => v <= m).length).toBeGreaterThanOrEqual(Math.ceil(sorted.length / 2));
      expect(sorted.filter((v) => v >= m).length).toBeGreaterThanOrEqual(Math.ceil(sorted.length / 2));
      if (sorted.length % 2 === 0) expect(m).toBe((sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2);
    }));
    expect(medianOfSorted([])).toBeNull();
  });
});

describe.each(adapters)('Hub store contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  async function storedEvent(over: Partial<HubEvent> = {}): Promise<HubEvent> {
    const e = aHubEvent(over);
    await store.outbox.insertEvent(e);
    return e;
  }

  describe('hub alerts', () => {
    it('when an alert is linked, then it reads back, counts, and a second link of the same alert id is a DUPLICATE_KEY conflict', async () => {
      const c = aCase();
      await store.cases.insert(c);
      const link = { alertId: 'TY-1', caseId: c.id, createdAt: at(0), updatedAt: at(0), createdBy: 'key_hub' };

      await store.hubAlerts.insert(link);
      await store.hubAlerts.touch('TY-1', at(5));

      expect(await store.hubAlerts.findByAlertId('TY-1')).toEqual({ ...link, updatedAt: at(5) });
      expect(await store.hubAlerts.findByAlertId('TY-2')).toBeNull();
      await expect(store.hubAlerts.insert(link)).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
      expect(await store.hubAlerts.count()).toBe(1);
    });
  });

  describe('subscriptions', () => {
    it('when subscriptions are stored, then they read back with their secret and only active ones of the type are listed for it', async () => {
      const both = aSubscription({ events: ['case.closed', 'case.reunited'], createdAt: at(0), label: 'hub' });
      const reunitedOnly = aSubscription({ events: ['case.reunited'], createdAt: at(1) });
      const inactive = aSubscription({ events: ['case.closed'], active: false, createdAt: at(2), disabledAt: at(3) });
      for (const s of [both, reunitedOnly, inactive]) await store.subscriptions.insert(s);

      expect(await store.subscriptions.findById(both.id)).toEqual(both);
      expect((await store.subscriptions.listActiveFor('case.closed')).map((s) => s.id)).toEqual([both.id]);
      expect((await store.subscriptions.listActiveFor('case.reunited')).map((s) => s.id)).toEqual([both.id, reunitedOnly.id]);
      expect(await store.subscriptions.list({ limit: 2, offset: 1 })).toEqual({ items: [reunitedOnly, inactive], total: 3, limit: 2, offset: 1 });
    });

    it('when a subscription is disabled, then it is inactive and its pending deliveries are cancelled, its delivered ones kept', async () => {
      const s = aSubscription();
      await store.subscriptions.insert(s);
      const e1 = await storedEvent({ caseSeq: 1 });
      const e2 = await storedEvent({ caseSeq: 2 });
      const done = aDelivery(e1, s.id, { status: 'delivered', attempts: 1, deliveredAt: at(1) });
      const waiting = aDelivery(e2, s.id);
      await store.outbox.insertDeliveries([done, waiting]);

      expect(await store.subscriptions.disable(s.id, at(10))).toBe(true);
      expect(await store.subscriptions.disable('sub_none', at(10))).toBe(false);

      expect(await store.subscriptions.findById(s.id)).toMatchObject({ active: false, disabledAt: at(10) });
      expect((await store.outbox.findDelivery(done.id))!.status).toBe('delivered');
      expect((await store.outbox.findDelivery(waiting.id))!.status).toBe('cancelled');
    });
  });

  describe('outbox', () => {
    it('when sequence numbers are drawn, then each case counts 1, 2, 3 on its own, and a rolled-back draw is not used up', async () => {
      const a = [await store.outbox.nextCaseSequence('case_a'), await store.outbox.nextCaseSequence('case_a')];
      const b = await store.outbox.nextCaseSequence('case_b');
      await expect(store.transaction(async (tx) => {
        await tx.outbox.nextCaseSequence('case_a');
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');

      expect([...a, b, await store.outbox.nextCaseSequence('case_a')]).toEqual([1, 2, 1, 3]);
    });

    it('when an event is stored, then it reads back with its data, its case lists events in sequence, and (case, seq) is unique', async () => {
      const second = await storedEvent({ caseId: 'case_q', caseSeq: 2, data: { caseId: 'case_q', lrBand: '1e4-1e6', nested: { n: 1 } } });
      const first = await storedEvent({ caseId: 'case_q', caseSeq: 1 });

      expect(await store.outbox.findEvent(second.id)).toEqual(second);
      expect((await store.outbox.listEventsOfCase('case_q')).map((e) => e.id)).toEqual([first.id, second.id]);
      await expect(store.outbox.insertEvent(aHubEvent({ caseId: 'case_q', caseSeq: 2 }))).rejects.toBeInstanceOf(ConflictError);
    });

    it('when due deliveries are claimed, then only the head of each (subscription, case) line comes, not leased, not future ones, up to the limit', async () => {
      const s = aSubscription();
      const other = aSubscription();
      await store.subscriptions.insert(s);
      await store.subscriptions.insert(other);
      const a1 = await storedEvent({ caseId: 'case_a', caseSeq: 1 });
      const a2 = await storedEvent({ caseId: 'case_a', caseSeq: 2 });
      const b1 = await storedEvent({ caseId: 'case_b', caseSeq: 1 });
      const c1 = await storedEvent({ caseId: 'case_c', caseSeq: 1 });
      const d1 = await storedEvent({ caseId: 'case_d', caseSeq: 1 });
      const dl = {
        a1: aDelivery(a1, s.id, { nextAttemptAt: at(0) }),
        a2: aDelivery(a2, s.id, { nextAttemptAt: at(0) }),
        a2other: aDelivery(a2, other.id, { nextAttemptAt: at(0) }),
        b1: aDelivery(b1, s.id, { nextAttemptAt: at(60_000) }),
        c1: aDelivery(c1, s.id, { nextAttemptAt: at(0), leaseOwner: 'w_other', leaseUntil: at(30_000) }),
        d1: aDelivery(d1, s.id, { nextAttemptAt: at(0), leaseOwner: 'w_dead', leaseUntil: at(500) }),
      };
      await store.outbox.insertDeliveries(Object.values(dl));

      const claimed = await store.outbox.claimDue({ now: at(1_000), owner: 'w1', leaseUntil: at(11_000), limit: 10 });

      expect(claimed.map((d) => d.id).sort()).toEqual([dl.a1.id, dl.a2other.id, dl.d1.id].sort());
      expect(claimed.every((d) => d.leaseOwner === 'w1' && d.leaseUntil === at(11_000))).toBe(true);
      expect(await store.outbox.claimDue({ now: at(2_000), owner: 'w2', leaseUntil: at(12_000), limit: 10 })).toEqual([]);
      const limited = await store.outbox.claimDue({ now: at(100_000), owner: 'w3', leaseUntil: at(110_000), limit: 1 });
      expect(limited).toHaveLength(1);
    });

    it('when the head delivery is delivered, then the next of its case becomes due; a dead head keeps blocking it', async () => {
      const s = aSubscription();
      await store.subscriptions.insert(s);
      const [e1, e2, f1, f2] = [
        await storedEvent({ caseId: 'case_e', caseSeq: 1 }), await storedEvent({ caseId: 'case_e', caseSeq: 2 }),
        await storedEvent({ caseId: 'case_f', caseSeq: 1 }), await storedEvent({ caseId: 'case_f', caseSeq: 2 }),
      ];
      const d = [aDelivery(e1!, s.id), aDelivery(e2!, s.id), aDelivery(f1!, s.id), aDelivery(f2!, s.id)];
      await store.outbox.insertDeliveries(d);
      const now = new Date(Date.now() + 1_000).toISOString();
      const lease = new Date(Date.now() + 60_000).toISOString();
      await store.outbox.claimDue({ now, owner: 'w1', leaseUntil: lease, limit: 10 });

      expect(await store.outbox.markDelivered(d[0]!.id, 'w_intruder', now, 200)).toBe(false);
      expect(await store.outbox.markDelivered(d[0]!.id, 'w1', now, 204)).toBe(true);
      expect(await store.outbox.markFailed(d[2]!.id, 'w1', {
        status: 'dead', attempts: 1, nextAttemptAt: now, lastError: 'HTTP 410', lastStatusCode: 410, at: now,
      })).toBe(true);
      const next = await store.outbox.claimDue({ now, owner: 'w1', leaseUntil: lease, limit: 10 });

      expect(next.map((x) => x.id)).toEqual([d[1]!.id]);
      expect(await store.outbox.findDelivery(d[0]!.id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204, deliveredAt: now, leaseOwner: null });
      expect(await store.outbox.findDelivery(d[2]!.id)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 410', leaseOwner: null });
      expect(await store.outbox.countByStatus()).toEqual({ pending: 2, delivered: 1, dead: 1, cancelled: 0 });
    });

    it('when many deliveries wait behind a dead letter, then a due delivery of another case is still claimed within the limit', async () => {
      const s = aSubscription();
      await store.subscriptions.insert(s);
      const queue: ReturnType<typeof aDelivery>[] = [];
      for (let seq = 1; seq <= 6; seq++) {
        queue.push(aDelivery(await storedEvent({ caseId: 'case_stuck', caseSeq: seq }), s.id, {
          nextAttemptAt: at(seq), ...(seq === 1 ? { status: 'dead' as const, attempts: 15 } : {}),
        }));
      }
      const other = aDelivery(await storedEvent({ caseId: 'case_free', caseSeq: 1 }), s.id, { nextAttemptAt: at(100) });
      await store.outbox.insertDeliveries([...queue, other]);

      const claimed = await store.outbox.claimDue({ now: at(1_000), owner: 'w1', leaseUntil: at(9_000), limit: 1 });

      expect(claimed.map((d) => d.id)).toEqual([other.id]);
    });

    it('when a failed attempt is recorded for a retry, then the delivery is due again only at its next attempt time', async () => {
      const s = aSubscription();
      await store.subscriptions.insert(s);
      const d = aDelivery(await storedEvent(), s.id, { nextAttemptAt: at(0) });
      await store.outbox.insertDeliveries([d]);
      await store.outbox.claimDue({ now: at(0), owner: 'w1', leaseUntil: at(10_000), limit: 5 });

      await store.outbox.markFailed(d.id, 'w1', { status: 'pending', attempts: 1, nextAttemptAt: at(5_000), lastError: 'HTTP 503', lastStatusCode: 503, at: at(100) });

      expect(await store.outbox.claimDue({ now: at(4_999), owner: 'w1', leaseUntil: at(20_000), limit: 5 })).toEqual([]);
      expect((await store.outbox.claimDue({ now: at(5_000), owner: 'w1', leaseUntil: at(20_000), limit: 5 })).map((x) => x.attempts)).toEqual([1]);
    });

    it('when leases are released, then the deliveries of that owner are claimable at once by another', async () => {
      const s = aSubscription();
      await store.subscriptions.insert(s);
      const d = aDelivery(await storedEvent(), s.id, { nextAttemptAt: at(0) });
      await store.outbox.insertDeliveries([d]);
      await store.outbox.claimDue({ now: at(0), owner: 'w1', leaseUntil: at(60_000), limit: 5 });

      expect(await store.outbox.releaseLeases('w1')).toBe(1);

      expect((await store.outbox.claimDue({ now: at(1), owner: 'w2', leaseUntil: at(60_000), limit: 5 })).map((x) => x.id)).toEqual([d.id]);
    });

    it('when an event is requeued, then its dead and delivered deliveries of active subscriptions go back to pending with no attempts', async () => {
      const s = aSubscription();
      const gone = aSubscription({ active: false, disabledAt: at(0) });
      await store.subscriptions.insert(s);
      await store.subscriptions.insert(gone);
      const e = await storedEvent();
      const dead = aDelivery(e, s.id, { status: 'dead', attempts: 5, lastError: 'HTTP 500' });
      const stale = aDelivery(e, gone.id, { status: 'dead', attempts: 5 });
      await store.outbox.insertDeliveries([dead, stale]);

      expect(await store.outbox.requeue(e.id, undefined, at(9))).toBe(1);

      expect(await store.outbox.findDelivery(dead.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(9) });
      expect((await store.outbox.findDelivery(stale.id))!.status).toBe('dead');
      expect(await store.outbox.requeue(e.id, 'sub_other', at(9))).toBe(0);
    });

    it('when deliveries are listed, then the newest come first and filters narrow the total', async () => {
      const s = aSubscription();
      await store.subscriptions.insert(s);
      const old = aDelivery(await storedEvent({ caseId: 'case_l', caseSeq: 1 }), s.id, { createdAt: at(0), status: 'dead' });
      const mid = aDelivery(await storedEvent({ caseId: 'case_l', caseSeq: 2 }), s.id, { createdAt: at(1) });
      const other = aDelivery(await storedEvent({ caseId: 'case_m', caseSeq: 1 }), s.id, { createdAt: at(2) });
      await store.outbox.insertDeliveries([old, mid, other]);

      expect((await store.outbox.listDeliveries({ limit: 10, offset: 0 })).items.map((d) => d.id)).toEqual([other.id, mid.id, old.id]);
      expect(await store.outbox.listDeliveries({ caseId: 'case_l', status: 'dead', limit: 10, offset: 0 })).toEqual({ items: [old], total: 1, limit: 10, offset: 0 });
      expect((await store.outbox.listDeliveriesOfEvent(mid.eventId)).map((d) => d.id)).toEqual([mid.id]);
    });
  });

  describe('status history', () => {
    it('when changes are appended, then an entity lists them oldest first and entities reaching a status are counted once', async () => {
      const first = aStatusChange({ entityId: 'case_h', from: 'open', to: 'candidate', at: at(0), reason: 'candidate.found' });
      const back = aStatusChange({ entityId: 'case_h', from: 'candidate', to: 'open', at: at(1) });
      const again = aStatusChange({ entityId: 'case_h', from: 'open', to: 'candidate', at: at(2), note: 'second lead' });
      const other = aStatusChange({ entityId: 'case_i', to: 'candidate', at: at(3) });
      for (const c of [again, first, back, other]) await store.statusChanges.append(c);

      expect(await store.statusChanges.listFor('case', 'case_h')).toEqual([first, back, again]);
      expect(await store.statusChanges.countEntitiesReaching('case', 'candidate')).toBe(2);
      expect(await store.statusChanges.countEntitiesReaching('foundPerson', 'candidate')).toBe(0);
    });

    it('when found persons became candidates after their upload, then the median uses each one\'s first change only', async () => {
      const gapsMs = [5_000, 1_000, 3_000, 9_000];
      for (const gap of gapsMs) {
        const profile = aProfile({ kind: 'found', createdAt: at(0) });
        await store.profiles.insert(profile);
        const person = aFoundPerson(profile.id);
        await store.foundPersons.insert(person);
        await store.statusChanges.append(aStatusChange({ entityType: 'foundPerson', entityId: person.id, from: 'unidentified', to: 'candidate', at: at(gap) }));
        await store.statusChanges.append(aStatusChange({ entityType: 'foundPerson', entityId: person.id, from: 'unidentified', to: 'candidate', at: at(gap + 100_000) }));
      }

      expect(await store.statusChanges.medianUploadToCandidateMs()).toBe(4_000);
    });

    it('when cases went from candidate to reunited, then the median of the odd count is the middle gap; cases never reunited do not count', async () => {
      for (const [i, gap] of [70, 10, 40].entries()) {
        await store.statusChanges.append(aStatusChange({ entityId: `case_${i}`, to: 'candidate', at: at(1_000) }));
        await store.statusChanges.append(aStatusChange({ entityId: `case_${i}`, from: 'candidate', to: 'reunited', at: at(1_000 + gap) }));
      }
      await store.statusChanges.append(aStatusChange({ entityId: 'case_waiting', to: 'candidate', at: at(0) }));

      expect(await store.statusChanges.medianCandidateToReunionMs()).toBe(40);
      expect(await store.statusChanges.medianUploadToCandidateMs()).toBeNull();
    });
  });
});
