import { z } from 'zod';
import { Id, Timestamp } from './common';
import { MissingChild } from './missing-case';

/**
 * Alert-hub integration: inbound alerts, webhook subscriptions, the outbox of events and their
 * deliveries. Events never carry genetic data or names (see README "For the alert hub's developers").
 */
export const HUB_EVENT_TYPES = ['candidate.found', 'match.confirmed', 'case.reunited', 'case.closed'] as const;
export const HubEventType = z.enum(HUB_EVENT_TYPES).meta({ id: 'HubEventType' });
export type HubEventType = z.infer<typeof HubEventType>;

const AlertId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

export const HubAlertInput = z
  .object({
    alertId: AlertId.meta({ description: 'the hub\'s alert id; the idempotency key', example: 'TY-2025-000123' }),
    missingChild: MissingChild,
    traffickingCaseNo: z.string().trim().min(1).max(100).optional().meta({ description: 'police trafficking case number' }),
  })
  .strict()
  .refine((a) => a.missingChild.birthDate === null || a.missingChild.birthDate <= a.missingChild.missingSince, {
    message: 'the child cannot go missing before birth',
    path: ['missingChild', 'missingSince'],
  })
  .meta({ id: 'HubAlertInput' });
export type HubAlertInput = z.output<typeof HubAlertInput>;

export const AlertIdParam = z.object({ alertId: AlertId });

/** The link of a hub alert to the case it created or updated (unique by alertId). */
export interface HubAlertLink {
  readonly alertId: string;
  readonly caseId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
}

export const SubscriptionInput = z
  .object({
    url: z.url({ protocol: /^https?$/ })
      .max(2000).meta({ description: 'http(s) URL that receives the signed POSTs', example: 'https://hub.example.org/reunion/events' }),
    secret: z.string().min(32).max(256).meta({ description: 'shared HMAC secret (at least 32 characters); never returned' }),
    events: z.array(HubEventType).min(1).refine((e) => new Set(e).size === e.length, 'each event type once'),
    label: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: 'SubscriptionInput' });
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

export interface Subscription {
  readonly id: string;
  readonly url: string;
  /** HMAC key; kept so that deliveries can be signed, never returned by the API nor logged */
  readonly secret: string;
  readonly events: readonly HubEventType[];
  readonly label: string | null;
  readonly active: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

export const SubscriptionView = z
  .object({
    id: Id,
    url: z.string(),
    events: z.array(HubEventType),
    label: z.string().nullable(),
    active: z.boolean(),
    createdAt: Timestamp,
    disabledAt: Timestamp.nullable(),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionView = z.infer<typeof SubscriptionView>;

/** An outbox event: written in the transaction of the state change it reports. */
export interface HubEvent {
  readonly id: string;
  readonly type: HubEventType;
  readonly caseId: string;
  /** 1, 2, 3 … per case: the delivery order of the case's events */
  readonly caseSeq: number;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES).meta({
  id: 'DeliveryStatus',
  description: 'pending: waiting or retrying; delivered: a 2xx was received; dead: dead letter after the last attempt; cancelled: subscription disabled',
});
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One event to one subscription. */
export interface Delivery {
  readonly id: string;
  readonly eventId: string;
  readonly subscriptionId: string;
  readonly caseId: string;
  readonly caseSeq: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
  readonly lastError: string | null;
  readonly lastStatusCode: number | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const DeliveryView = z
  .object({
    id: Id,
    eventId: Id,
    eventType: HubEventType,
    subscriptionId: Id,
    caseId: Id,
    caseSeq: z.number().int(),
    status: DeliveryStatus,
    attempts: z.number().int(),
    nextAttemptAt: Timestamp,
    lastError: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    deliveredAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Delivery' });
export type DeliveryView = z.infer<typeof DeliveryView>;

export const HubEventView = z
  .object({
    id: Id,
    type: HubEventType,
    caseId: Id,
    caseSeq: z.number().int(),
    occurredAt: Timestamp,
    data: z.record(z.string(), z.unknown()),
    deliveries: z.array(DeliveryView),
  })
  .meta({ id: 'HubEvent' });
export type HubEventView = z.infer<typeof HubEventView>;

export const DeliveryListQuery = z.object({
  status: DeliveryStatus.optional(),
  caseId: z.string().optional(),
  subscriptionId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export const RedeliverInput = z
  .object({ subscriptionId: Id.optional().meta({ description: 'only this subscription; every subscription of the event when omitted' }) })
  .strict()
  .meta({ id: 'RedeliverInput' });
export type RedeliverInput = z.infer<typeof RedeliverInput>;

export const RedeliverResult = z
  .object({ eventId: Id, requeued: z.number().int().meta({ description: 'deliveries set back to pending' }) })
  .meta({ id: 'RedeliverResult' });

/** The JSON body of a webhook POST: exactly these four fields. */
export const WebhookBody = z
  .object({
    id: Id.meta({ description: 'event id: the de-duplication key' }),
    type: HubEventType,
    occurredAt: Timestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WebhookBody' });
export type WebhookBody = z.infer<typeof WebhookBody>;
