import type {
  Delivery, DeliveryListQuery, DeliveryStatus, HubAlertLink, HubEvent, HubEventType, Page, StatusChange, StatusChangeEntity,
  Subscription,
} from '../domain';

/**
 * Store port of the alert-hub integration and the lifecycle history (both adapters implement it;
 * test/store/hub-store-contract.test.ts is its contract). Kept apart from store.ts so that the
 * hub's tables and collections stay in their own files.
 */
export interface HubAlertRepository {
  /** @throws ConflictError `DUPLICATE_KEY` when the alert id is linked already. */
  insert(link: HubAlertLink): Promise<void>;
  findByAlertId(alertId: string): Promise<HubAlertLink | null>;
  touch(alertId: string, at: string): Promise<void>;
  count(): Promise<number>;
}

export interface SubscriptionRepository {
  insert(subscription: Subscription): Promise<void>;
  findById(id: string): Promise<Subscription | null>;
  /** Oldest first. */
  list(query: { readonly limit: number; readonly offset: number }): Promise<Page<Subscription>>;
  /** Active subscriptions that asked for events of this type. */
  listActiveFor(type: HubEventType): Promise<Subscription[]>;
  /** Marks it inactive and cancels its pending deliveries; false when there is no such subscription. */
  disable(id: string, at: string): Promise<boolean>;
}

export interface ClaimRequest {
  readonly now: string;
  /** Lease holder: a worker id unique per process. */
  readonly owner: string;
  readonly leaseUntil: string;
  readonly limit: number;
}

export interface DeliveryOutcome {
  readonly status: 'pending' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string;
  readonly lastStatusCode: number | null;
  readonly at: string;
}

export interface OutboxRepository {
  /** The next sequence number of the case's events (1, 2, …); atomic, so call it inside the transaction. */
  nextCaseSequence(caseId: string): Promise<number>;
  insertEvent(event: HubEvent): Promise<void>;
  insertDeliveries(deliveries: readonly Delivery[]): Promise<void>;
  findEvent(id: string): Promise<HubEvent | null>;
  /** The case's events in sequence order. */
  listEventsOfCase(caseId: string): Promise<HubEvent[]>;
  findDelivery(id: string): Promise<Delivery | null>;
  listDeliveriesOfEvent(eventId: string): Promise<Delivery[]>;
  /** Newest first (createdAt, then id, descending). */
  listDeliveries(query: DeliveryListQuery): Promise<Page<Delivery>>;
  /**
   * Leases up to `limit` due deliveries: pending, next attempt due, no live lease, and head of
   * line: no earlier delivery (lower caseSeq) of the same subscription and case is still pending
   * or dead. Per-case order therefore holds, while other cases proceed.
   */
  claimDue(request: ClaimRequest): Promise<Delivery[]>;
  /** Records a 2xx; false when the lease was lost (another worker owns it now). */
  markDelivered(id: string, owner: string, at: string, statusCode: number): Promise<boolean>;
  /** Records a failed attempt (retry later, or dead letter); false when the lease was lost. */
  markFailed(id: string, owner: string, outcome: DeliveryOutcome): Promise<boolean>;
  /** Drops the leases of `owner` (on shutdown) so that the deliveries are due again at once. */
  releaseLeases(owner: string): Promise<number>;
  /** Sets the event's dead or delivered deliveries (of one subscription, or all) back to pending. */
  requeue(eventId: string, subscriptionId: string | undefined, at: string): Promise<number>;
  countByStatus(): Promise<Record<DeliveryStatus, number>>;
}

export interface StatusChangeRepository {
  append(change: StatusChange): Promise<void>;
  /** Oldest first. */
  listFor(entityType: StatusChangeEntity, entityId: string): Promise<StatusChange[]>;
  /** Number of distinct entities that ever reached `to`. */
  countEntitiesReaching(entityType: StatusChangeEntity, to: string): Promise<number>;
  /**
   * Median over found persons that became candidates of (first change to candidate − upload of
   * the found person's profile), in ms; null when there is none. The upload is the earlier of the
   * profile's upload and the found person's registration: once a re-sampled profile replaced the
   * first one (a re-test), the registration stands for the first upload.
   */
  medianUploadToCandidateMs(): Promise<number | null>;
  /**
   * Median over cases that were reunited of (first change to reunited − first change to
   * candidate), in ms; null when there is none.
   */
  medianCandidateToReunionMs(): Promise<number | null>;
}

export interface HubRepositories {
  readonly hubAlerts: HubAlertRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
  readonly statusChanges: StatusChangeRepository;
}

/**
 * The median of sorted-ascending values as used by the stats: the middle value, or the mean of the
 * two middle values when the count is even (the usual sample median).
 */
export function medianOfSorted(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const mid = Math.floor((n - 1) / 2);
  return n % 2 === 1 ? values[mid]! : (values[mid]! + values[mid + 1]!) / 2;
}
