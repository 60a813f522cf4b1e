import type { Delivery, DeliveryListQuery, DeliveryView, HubEvent, HubEventView, Page, RedeliverInput } from '../../domain';
import { NotFoundError } from '../../lib';
import { recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';

function toDeliveryView(d: Delivery, event: Pick<HubEvent, 'type'>): DeliveryView {
  return {
    id: d.id, eventId: d.eventId, eventType: event.type, subscriptionId: d.subscriptionId, caseId: d.caseId, caseSeq: d.caseSeq,
    status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError, lastStatusCode: d.lastStatusCode,
    deliveredAt: d.deliveredAt, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

async function findEvent(access: StoreAccess, id: string): Promise<HubEvent> {
  const event = await access.store.outbox.findEvent(id);
  if (!event) throw new NotFoundError(`no event ${id}`);
  return event;
}

/** One outbox event with the state of each of its deliveries (GET /v1/hub/events/:id). */
export async function getHubEvent(access: StoreAccess, id: string): Promise<HubEventView> {
  const event = await findEvent(access, id);
  const deliveries = await access.store.outbox.listDeliveriesOfEvent(id);
  return { ...event, data: { ...event.data }, deliveries: deliveries.map((d) => toDeliveryView(d, event)) };
}

/** Deliveries, newest first; `status=dead` is the dead letter list (GET /v1/hub/deliveries). */
export async function listDeliveries(access: StoreAccess, query: DeliveryListQuery): Promise<Page<DeliveryView>> {
  const page = await access.store.outbox.listDeliveries(query);
  const types = new Map<string, HubEvent['type']>();
  for (const id of new Set(page.items.map((d) => d.eventId))) types.set(id, (await findEvent(access, id)).type);
  return { ...page, items: page.items.map((d) => toDeliveryView(d, { type: types.get(d.eventId)! })) };
}

/**
 * Sends an event again (POST /v1/hub/events/:id/redeliver): its dead-lettered or delivered
 * deliveries (of one subscription, or all active ones) go back to pending with a fresh attempt
 * budget. The event keeps its id, so a receiver that has it already drops the copy.
 */
export async function redeliverEvent(access: StoreAccess, actor: Actor, id: string, input: RedeliverInput): Promise<{ eventId: string; requeued: number }> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    if (!(await tx.outbox.findEvent(id))) throw new NotFoundError(`no event ${id}`);
    const requeued = await tx.outbox.requeue(id, input.subscriptionId, ctx.now().toISOString());
    await recordAudit(ctx, 'hubEvent.redeliver', 'hubEvent', id);
    return { eventId: id, requeued };
  });
}
