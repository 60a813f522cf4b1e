import { randomUUID } from 'node:crypto';
import type { Delivery, HubEvent, StatusChange, Subscription } from '../../src/domain';

/** Builders of valid hub records for store tests; every call makes fresh ids. */
export function aSubscription(over: Partial<Subscription> = {}): Subscription {
  return {
    id: `sub_${randomUUID()}`, url: 'http://127.0.0.1:9/events', secret: 'whsec_builder_0123456789abcdef0123456789',
    events: ['case.closed'], label: null, active: true, createdAt: new Date().toISOString(), createdBy: 'key_admin', disabledAt: null,
    ...over,
  };
}

export function aHubEvent(over: Partial<HubEvent> = {}): HubEvent {
  return {
    id: `evt_${randomUUID()}`, type: 'case.closed', caseId: 'case_1', caseSeq: 1, occurredAt: new Date().toISOString(),
    data: { caseId: over.caseId ?? 'case_1', outcome: 'reunited' },
    ...over,
  };
}

export function aDelivery(event: HubEvent, subscriptionId: string, over: Partial<Delivery> = {}): Delivery {
  const now = new Date().toISOString();
  return {
    id: `dlv_${randomUUID()}`, eventId: event.id, subscriptionId, caseId: event.caseId, caseSeq: event.caseSeq, status: 'pending',
    attempts: 0, nextAttemptAt: now, leaseOwner: null, leaseUntil: null, lastError: null, lastStatusCode: null, deliveredAt: null,
    createdAt: now, updatedAt: now,
    ...over,
  };
}

export function aStatusChange(over: Partial<StatusChange> = {}): StatusChange {
  return {
    id: `sc_${randomUUID()}`, entityType: 'case', entityId: 'case_1', from: 'open', to: 'candidate', at: new Date().toISOString(),
    actor: 'system', reason: null, note: null,
    ...over,
  };
}
