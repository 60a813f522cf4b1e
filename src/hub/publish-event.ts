import type { Delivery, HubEvent, HubEventType } from '../domain';
import type { Repositories } from '../store';

export interface PublishContext {
  readonly now: () => Date;
  readonly newId: (prefix: string) => string;
}

export interface EventToPublish {
  readonly type: HubEventType;
  readonly caseId: string;
  /** ids, codes and bands only: never genotypes, names or free text */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Writes an event to the outbox through `tx` — the repositories of the transaction that makes the
 * state change, so that the event exists if and only if the change committed (the transactional
 * outbox pattern; C. Richardson, "Microservices Patterns", 2018, ch. 3). The event gets the case's
 * next sequence number, and one pending delivery per active subscription to its type; the
 * delivery worker sends them later, in sequence order per (subscription, case).
 */
export async function publishEvent(ctx: PublishContext, tx: Repositories, input: EventToPublish): Promise<HubEvent> {
  const at = ctx.now().toISOString();
  const event: HubEvent = {
    id: ctx.newId('evt'), type: input.type, caseId: input.caseId, caseSeq: await tx.outbox.nextCaseSequence(input.caseId),
    occurredAt: at, data: { ...input.data },
  };
  await tx.outbox.insertEvent(event);
  const subscriptions = await tx.subscriptions.listActiveFor(input.type);
  const deliveries: Delivery[] = subscriptions.map((s) => ({
    id: ctx.newId('dlv'), eventId: event.id, subscriptionId: s.id, caseId: event.caseId, caseSeq: event.caseSeq, status: 'pending',
    attempts: 0, nextAttemptAt: at, leaseOwner: null, leaseUntil: null, lastError: null, lastStatusCode: null, deliveredAt: null,
    createdAt: at, updatedAt: at,
  }));
  await tx.outbox.insertDeliveries(deliveries);
  return event;
}

/** The JSON body of a delivery: exactly `{"id", "type", "occurredAt", "data"}`. */
export function webhookBody(event: HubEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data });
}
