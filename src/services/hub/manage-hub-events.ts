import type { Delivery, DeliveryListQuery, DeliveryView, HubEvent, HubEventView, Page, RedeliverInput } from '../../domain';
import { NotFoundError } from '../../lib';
import type { Actor } from '../shared';
import type { ServiceDeps } from '../service-deps';
import { recordAudit } from '../shared';

function toDeliveryView(d: Delivery, event: Pick<HubEvent, 'type'>): DeliveryView {
  return {
    id: d.id, eventId: d.eventId, eventType: event.type, subscriptionId: d.subscriptionId, caseId: d.caseId, caseSeq: d.caseSeq,
    status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError, lastStatusCode: d.lastStatusCode,
    deliveredAt: d.deliveredAt, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

async function findEvent(deps: ServiceDeps, id: string): Promise<HubEvent> {
  const event = await deps.store.outbox.findEvent(id);
  if (!event) throw new NotFoundError(`no event ${id}`);
  return event;
}

/** One outbox event with the state of each of its deliveries (GET /v1/hub/events/:id). */
export async function getHubEvent(deps: ServiceDeps, id: string): Promise<HubEventView> {
  const event = await findEvent(deps, id);
  const deliveries = await deps.store.outbox.listDeliveriesOfEvent(id);
  return { ...event, data: { ...event.data }, deliveries: deliveries.map((d) => toDeliveryView(d, event)) };
}

/** Deliveries, newest first; `status=dead` is the dead letter list (GET /v1/hub/deliveries). */
export async function listDeliveries(deps: ServiceDeps, query: DeliveryListQuery): Promise<Page<DeliveryView>> {
  const page = await deps.store.outbox.listDeliveries(query);
  const types = new Map<string, HubEvent['type']>();
  for (const id of new Set(page.items.map((d) => d.eventId))) types.set(id, (await findEvent(deps, id)).type);
  return { ...page, items: page.items.map((d) => toDeliveryView(d, { type: types.get(d.eventId)! })) };
}

/**
 * Sends an event again (POST /v1/hub/events/:id/redeliver): its dead-lettered or delivered
 * deliveries (of one subscription, or all active ones) go back to pending with a fresh attempt
 * budget. The event keeps its id, so a receiver that has it already drops the copy.
 */
export async function redeliverEvent(deps: ServiceDeps, actor: Actor, id: string, input: RedeliverInput): Promise<{ eventId: string; requeued: number }> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.outbox.findEvent(id))) throw new NotFoundError(`no event ${id}`);
    const requeued = await tx.outbox.requeue(id, input.subscriptionId, deps.now().toISOString());
    await recordAudit(deps, tx, actor, 'hubEvent.redeliver', 'hubEvent', id);
    return { eventId: id, requeued };
  });
}
