import type { Page, Subscription, SubscriptionInput, SubscriptionView } from '../../domain';
import { NotFoundError } from '../../lib';
import { recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';

function toSubscriptionView(s: Subscription): SubscriptionView {
  return { id: s.id, url: s.url, events: [...s.events], label: s.label, active: s.active, createdAt: s.createdAt, disabledAt: s.disabledAt };
}

/**
 * Registers a webhook subscription (POST /v1/hub/subscriptions, admin). The secret is stored so
 * that deliveries can be signed; it is never returned or logged. Events published from now on
 * are delivered to it; earlier events are not.
 */
export async function createSubscription(access: StoreAccess, actor: Actor, input: SubscriptionInput): Promise<SubscriptionView> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    const s: Subscription = {
      id: ctx.newId('sub'), url: input.url, secret: input.secret, events: [...input.events], label: input.label ?? null, active: true,
      createdAt: ctx.now().toISOString(), createdBy: actor.keyId, disabledAt: null,
    };
    await tx.subscriptions.insert(s);
    await recordAudit(ctx, 'hubSubscription.create', 'hubSubscription', s.id);
    return toSubscriptionView(s);
  });
}

export async function listSubscriptions(access: StoreAccess, query: { limit: number; offset: number }): Promise<Page<SubscriptionView>> {
  const page = await access.store.subscriptions.list(query);
  return { ...page, items: page.items.map(toSubscriptionView) };
}

/** Disables a subscription (DELETE /v1/hub/subscriptions/:id); its pending deliveries are cancelled. */
export async function disableSubscription(access: StoreAccess, actor: Actor, id: string): Promise<SubscriptionView> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    if (!(await tx.subscriptions.disable(id, ctx.now().toISOString()))) throw new NotFoundError(`no subscription ${id}`);
    await recordAudit(ctx, 'hubSubscription.disable', 'hubSubscription', id);
    return toSubscriptionView((await tx.subscriptions.findById(id))!);
  });
}
