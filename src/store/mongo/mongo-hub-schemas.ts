import { Schema } from 'mongoose';
import { DELIVERY_STATUSES, HUB_EVENT_TYPES, STATUS_CHANGE_ENTITIES } from '../../domain';

/**
 * Mongoose schemas of the alert-hub collections and the lifecycle history. Indexes mirror the
 * embedded store's (src/store/embedded/hub-migration.ts).
 */
const base = { versionKey: false as const, strict: 'throw' as const, id: false };

export const hubAlertSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { ...base, collection: 'hub_alerts' },
);
hubAlertSchema.index({ caseId: 1 }, { name: 'caseId' });

export const subscriptionSchema = new Schema(
  {
    _id: { type: String, required: true },
    url: { type: String, required: true },
    secret: { type: String, required: true },
    events: { type: [{ type: String, enum: [...HUB_EVENT_TYPES] }], required: true },
    label: { type: String, default: null },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    disabledAt: { type: Date, default: null },
  },
  { ...base, collection: 'hub_subscriptions' },
);
subscriptionSchema.index({ createdAt: 1, _id: 1 }, { name: 'created' });
subscriptionSchema.index({ active: 1, events: 1 }, { name: 'active_events' });

/** One counter per case: `$inc` inside the transaction makes concurrent publishers of a case conflict and retry. */
export const caseSequenceSchema = new Schema(
  { _id: { type: String, required: true }, lastSeq: { type: Number, required: true } },
  { ...base, collection: 'hub_case_sequences' },
);

export const hubEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true, enum: [...HUB_EVENT_TYPES] },
    caseId: { type: String, required: true },
    caseSeq: { type: Number, required: true, min: 1 },
    occurredAt: { type: Date, required: true },
    // the event's data as JSON text: its keys are ours, but the text keeps the exact shape that is signed
    dataJson: { type: String, required: true },
  },
  { ...base, collection: 'hub_events' },
);
hubEventSchema.index({ caseId: 1, caseSeq: 1 }, { unique: true, name: 'case_seq_unique' });

export const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    caseId: { type: String, required: true },
    caseSeq: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: [...DELIVERY_STATUSES] },
    attempts: { type: Number, required: true, min: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    lastStatusCode: { type: Number, default: null },
    deliveredAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...base, collection: 'hub_deliveries' },
);
deliverySchema.index({ eventId: 1, subscriptionId: 1 }, { unique: true, name: 'event_subscription_unique' });
deliverySchema.index({ status: 1, nextAttemptAt: 1 }, { name: 'due' });
deliverySchema.index({ subscriptionId: 1, caseId: 1, caseSeq: 1, status: 1 }, { name: 'line' });
deliverySchema.index({ createdAt: -1, _id: -1 }, { name: 'created' });

export const statusChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    entityType: { type: String, required: true, enum: [...STATUS_CHANGE_ENTITIES] },
    entityId: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    reason: { type: String, default: null },
    note: { type: String, default: null },
  },
  { ...base, collection: 'status_changes' },
);
statusChangeSchema.index({ entityType: 1, entityId: 1, at: 1 }, { name: 'entity' });
statusChangeSchema.index({ entityType: 1, to: 1, entityId: 1, at: 1 }, { name: 'reaching' });

export const HUB_SCHEMAS = {
  HubAlert: hubAlertSchema,
  Subscription: subscriptionSchema,
  CaseSequence: caseSequenceSchema,
  HubEvent: hubEventSchema,
  Delivery: deliverySchema,
  StatusChange: statusChangeSchema,
} as const;
