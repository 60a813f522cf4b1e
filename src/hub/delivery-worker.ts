import { randomUUID } from 'node:crypto';
import type { Delivery } from '../domain';
import type { Logger } from '../lib';
import type { LeaseRepository, OutboxRepository, SubscriptionRepository } from '../store';
import { backoffDelayMs, type BackoffPolicy } from './backoff-delay';
import { webhookBody } from './publish-event';
import { signReunionPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign-reunion-payload';

export interface DeliveryWorkerOptions {
  readonly store: { readonly outbox: OutboxRepository; readonly subscriptions: SubscriptionRepository; readonly leases?: LeaseRepository };
  /**
   * With replicas: the worker claims deliveries only while it holds the store's lease `hub-delivery`
   * for this long (renewed every third of it), so one process sends at a time and another takes
   * over when it dies. Absent: no lease (a single process).
   */
  readonly leaseTtlMs?: number;
  readonly logger: Logger;
  /** how often the outbox is polled for due deliveries, ms */
  readonly pollMs: number;
  /** per-request timeout, ms: a slow receiver costs at most this much of one delivery slot */
  readonly timeoutMs: number;
  /** attempts before a delivery goes to the dead letter list */
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /** deliveries in flight at once */
  readonly concurrency: number;
  readonly now?: () => Date;
  readonly random?: () => number;
  /** lease holder id; unique per process by default */
  readonly workerId?: string;
}

/**
 * The in-process webhook delivery worker. A poll loop leases due, head-of-line deliveries from
 * the outbox (the lease keeps two replicas from sending the same delivery at once; it expires
 * if a process dies mid-request), POSTs each as signed JSON with a timeout, and records the
 * outcome: delivered on 2xx, otherwise a retry after exponential backoff with full jitter, or
 * the dead letter list after `maxAttempts`. Delivery is at least once; the event id lets the
 * receiver drop duplicates, which makes processing exactly once.
 *
 * Each delivery runs on its own promise: a slow receiver occupies one slot, never the API or
 * the other cases. Per-case order comes from the claim rule (OutboxRepository.claimDue).
 *
 * Across replicas the worker runs under the store lease {@link DELIVERY_LEASE}: only its holder
 * polls the outbox (a per-delivery lease alone would let every replica poll and race for claims).
 */
/** The store lease under which one replica's worker delivers. */
export const DELIVERY_LEASE = 'hub-delivery';

export class DeliveryWorker {
  readonly workerId: string;
  private holdsLease = false;
  /** When the lease was last asked for (ms since the epoch): holders renew, others retry, every third of its time. */
  private leaseAskedAt = -Infinity;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private claiming: Promise<void> | undefined;
  private claimAgain = false;
  private started = false;

  constructor(private readonly opts: DeliveryWorkerOptions) {
    this.workerId = opts.workerId ?? `worker_${randomUUID()}`;
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
  }

  /** Starts polling. */
  start(): void {
    if (this.started || this.stopping.signal.aborted) return;
    this.started = true;
    this.kick();
  }

  /**
   * Stops polling, aborts requests in flight and releases their leases, so that a restart (or
   * another replica) sends them again at once. Nothing pending is lost: it stays in the outbox.
   */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.claiming;
    await Promise.allSettled([...this.inFlight]);
    await this.opts.store.outbox.releaseLeases(this.workerId);
    if (this.holdsLease) await this.opts.store.leases?.release(DELIVERY_LEASE, this.workerId);
  }

  /** True while this worker holds the delivery lease (always without one). */
  get isLeaseHolder(): boolean {
    return !this.opts.leaseTtlMs || this.holdsLease;
  }

  /** Deliveries being sent now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Polls at once instead of waiting for the next interval. */
  kick(): void {
    if (this.stopping.signal.aborted) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.claiming = this.claimAndSend()
      .catch((e: unknown) => this.opts.logger.error({ err: e }, 'outbox poll failed'))
      .finally(() => {
        this.claiming = undefined;
        if (this.stopping.signal.aborted) return;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.opts.pollMs);
        }
      });
  }

  private async claimAndSend(): Promise<void> {
    if (!(await this.holdLease())) return;
    const free = this.opts.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.now();
    // The lease outlives the request timeout, so a live request is never sent twice.
    const leaseMs = this.opts.timeoutMs * 2 + 5_000;
    const claimed = await this.opts.store.outbox.claimDue({
      now: now.toISOString(), owner: this.workerId, leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), limit: free,
    });
    for (const delivery of claimed) {
      const running: Promise<void> = this.send(delivery)
        .catch((e: unknown) => this.opts.logger.error({ err: e, deliveryId: delivery.id }, 'delivery bookkeeping failed'))
        .finally(() => {
          this.inFlight.delete(running);
          // The next event of the same case may be due now.
          this.kick();
        });
      this.inFlight.add(running);
    }
  }

  /**
   * Takes the delivery lease, or renews it, once a third of its time has passed since the last
   * ask; false while another replica holds it.
   */
  private async holdLease(): Promise<boolean> {
    const ttlMs = this.opts.leaseTtlMs;
    const leases = this.opts.store.leases;
    if (!ttlMs || !leases) return true;
    const now = this.now();
    if (now.getTime() - this.leaseAskedAt < ttlMs / 3) return this.holdsLease;
    this.leaseAskedAt = now.getTime();
    const held = await leases.acquire(DELIVERY_LEASE, this.workerId, ttlMs, now);
    if (held !== this.holdsLease) this.opts.logger.info({ workerId: this.workerId }, held ? 'hub delivery lease taken: this replica delivers' : 'hub delivery lease lost');
    this.holdsLease = held;
    return held;
  }

  private async send(d: Delivery): Promise<void> {
    const { outbox, subscriptions } = this.opts.store;
    const [event, subscription] = await Promise.all([outbox.findEvent(d.eventId), subscriptions.findById(d.subscriptionId)]);
    if (!event || !subscription || !subscription.active) {
      await this.fail(d, 'subscription disabled or event missing', null, true);
      return;
    }
    const body = webhookBody(event);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    let status: number;
    try {
      const res = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Reunion-Webhooks/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signReunionPayload(subscription.secret, timestamp, body),
          'X-Reunion-Event-Id': event.id,
          'X-Reunion-Event-Type': event.type,
          'X-Reunion-Attempt': String(d.attempts + 1),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.opts.timeoutMs), this.stopping.signal]),
      });
      status = res.status;
      // The receiver's answer is not used; cancelling frees the connection.
      await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      // Stopping: the lease is released by stop(), and the attempt does not count.
      if (this.stopping.signal.aborted) return;
      const timedOut = (e as Error).name === 'TimeoutError';
      await this.fail(d, timedOut ? `no answer within ${this.opts.timeoutMs} ms` : `request failed: ${networkCode(e)}`, null);
      return;
    }
    if (status >= 200 && status < 300) {
      await outbox.markDelivered(d.id, this.workerId, this.now().toISOString(), status);
      this.opts.logger.info({ eventId: d.eventId, deliveryId: d.id, type: event.type, status, attempt: d.attempts + 1 }, 'event delivered');
    } else {
      await this.fail(d, `HTTP ${status}`, status);
    }
  }

  private async fail(d: Delivery, reason: string, statusCode: number | null, final = false): Promise<void> {
    const attempts = d.attempts + 1;
    const dead = final || attempts >= this.opts.maxAttempts;
    const now = this.now();
    const next = dead ? now : new Date(now.getTime() + backoffDelayMs(attempts, this.opts.backoff, this.random));
    await this.opts.store.outbox.markFailed(d.id, this.workerId, {
      status: dead ? 'dead' : 'pending', attempts, nextAttemptAt: next.toISOString(), lastError: reason, lastStatusCode: statusCode,
      at: now.toISOString(),
    });
    const log = { eventId: d.eventId, deliveryId: d.id, attempt: attempts, reason, ...(dead ? {} : { retryAt: next.toISOString() }) };
    if (dead) this.opts.logger.error(log, 'event moved to the dead letter list');
    else this.opts.logger.warn(log, 'event delivery failed; will retry');
  }
}

/** The system error code of a failed fetch (ECONNREFUSED, …) without the URL or any body. */
function networkCode(e: unknown): string {
  const cause = (e as { cause?: { code?: string } }).cause;
  return cause?.code ?? (e as Error).name ?? 'error';
}
