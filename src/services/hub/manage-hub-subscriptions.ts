import type { Page, Subscription, SubscriptionInput, SubscriptionView } from '../../domain';
import { NotFoundError } from '../../lib';
import type { Actor } from '../shared';
import type { ServiceDeps } from '../service-deps';
import { recordAudit } from '../shared';

function toSubscriptionView(s: Subscription): SubscriptionView {
  return { id: s.id, url: s.url, events: [...s.events], label: s.label, active: s.active, createdAt: s.createdAt, disabledAt: s.disabledAt };
}

/**
 * Registers a webhook subscription (POST /v1/hub/subscriptions, admin). The secret is stored so
 * that deliveries can be signed; it is never returned or logged. Events published from now on
 * are delivered to it; earlier events are not.
 */
export async function createSubscription(deps: ServiceDeps, actor: Actor, input: SubscriptionInput): Promise<SubscriptionView> {
  return deps.store.transaction(async (tx) => {
    const s: Subscription = {
      id: deps.newId('sub'), url: input.url, secret: input.secret, events: [...input.events], label: input.label ?? null, active: true,
      createdAt: deps.now().toISOString(), createdBy: actor.keyId, disabledAt: null,
    };
    await tx.subscriptions.insert(s);
    await recordAudit(deps, tx, actor, 'hubSubscription.create', 'hubSubscription', s.id);
    return toSubscriptionView(s);
  });
}

export async function listSubscriptions(deps: ServiceDeps, query: { limit: number; offset: number }): Promise<Page<SubscriptionView>> {
  const page = await deps.store.subscriptions.list(query);
  return { ...page, items: page.items.map(toSubscriptionView) };
}

/** Disables a subscription (DELETE /v1/hub/subscriptions/:id); its pending deliveries are cancelled. */
export async function disableSubscription(deps: ServiceDeps, actor: Actor, id: string): Promise<SubscriptionView> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.subscriptions.disable(id, deps.now().toISOString()))) throw new NotFoundError(`no subscription ${id}`);
    await recordAudit(deps, tx, actor, 'hubSubscription.disable', 'hubSubscription', id);
    return toSubscriptionView((await tx.subscriptions.findById(id))!);
  });
}
