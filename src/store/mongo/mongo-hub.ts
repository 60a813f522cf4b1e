import type { ClientSession, Connection, Model, PipelineStage } from 'mongoose';
import type {
  Delivery, DeliveryListQuery, DeliveryStatus, HubAlertLink, HubEvent, HubEventType, Page, StatusChange, StatusChangeEntity,
  Subscription,
} from '../../domain';
import { DELIVERY_STATUSES } from '../../domain';
import type { HubRepositories } from '../hub-store';
import { HUB_SCHEMAS } from './mongo-hub-schemas';
import { filterOf, iso, isoOrNull, mapDuplicate, orNull, type Doc, type Filter } from './mongo-helpers';

export interface MongoHubModels {
  readonly HubAlert: Model<Doc>;
  readonly Subscription: Model<Doc>;
  readonly CaseSequence: Model<Doc>;
  readonly HubEvent: Model<Doc>;
  readonly Delivery: Model<Doc>;
  readonly StatusChange: Model<Doc>;
}

/** Registers the hub's models on a connection (no server round trip). */
export function registerHubModels(conn: Connection): MongoHubModels {
  const m = (name: keyof typeof HUB_SCHEMAS): Model<Doc> =>
    (conn.models[name] as Model<Doc> | undefined) ?? conn.model<Doc>(name, HUB_SCHEMAS[name] as never);
  return {
    HubAlert: m('HubAlert'), Subscription: m('Subscription'), CaseSequence: m('CaseSequence'), HubEvent: m('HubEvent'),
    Delivery: m('Delivery'), StatusChange: m('StatusChange'),
  };
}

const dateOrNull = (v: string | null): Date | null => (v === null ? null : new Date(v));

function toLink(d: Doc): HubAlertLink {
  return { alertId: d._id, caseId: d.caseId as string, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt), createdBy: d.createdBy as string };
}
function fromLink(l: HubAlertLink): Doc {
  return { _id: l.alertId, caseId: l.caseId, createdAt: new Date(l.createdAt), updatedAt: new Date(l.updatedAt), createdBy: l.createdBy };
}

function toSubscription(d: Doc): Subscription {
  return {
    id: d._id, url: d.url as string, secret: d.secret as string, events: [...(d.events as HubEventType[])],
    label: orNull(d.label as string | undefined), active: d.active as boolean, createdAt: iso(d.createdAt),
    createdBy: d.createdBy as string, disabledAt: isoOrNull(d.disabledAt),
  };
}
function fromSubscription(s: Subscription): Doc {
  const { id, createdAt, disabledAt, events, ...rest } = s;
  return { _id: id, ...rest, events: [...events], createdAt: new Date(createdAt), disabledAt: dateOrNull(disabledAt) };
}

function toEvent(d: Doc): HubEvent {
  return {
    id: d._id, type: d.type as HubEventType, caseId: d.caseId as string, caseSeq: d.caseSeq as number, occurredAt: iso(d.occurredAt),
    data: JSON.parse(d.dataJson as string) as Record<string, unknown>,
  };
}
function fromEvent(e: HubEvent): Doc {
  return { _id: e.id, type: e.type, caseId: e.caseId, caseSeq: e.caseSeq, occurredAt: new Date(e.occurredAt), dataJson: JSON.stringify(e.data) };
}

function toDelivery(d: Doc): Delivery {
  return {
    id: d._id, eventId: d.eventId as string, subscriptionId: d.subscriptionId as string, caseId: d.caseId as string,
    caseSeq: d.caseSeq as number, status: d.status as DeliveryStatus, attempts: d.attempts as number,
    nextAttemptAt: iso(d.nextAttemptAt), leaseOwner: orNull(d.leaseOwner as string | undefined), leaseUntil: isoOrNull(d.leaseUntil),
    lastError: orNull(d.lastError as string | undefined), lastStatusCode: orNull(d.lastStatusCode as number | undefined),
    deliveredAt: isoOrNull(d.deliveredAt), createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}
function fromDelivery(x: Delivery): Doc {
  const { id, nextAttemptAt, leaseUntil, deliveredAt, createdAt, updatedAt, ...rest } = x;
  return {
    _id: id, ...rest, nextAttemptAt: new Date(nextAttemptAt), leaseUntil: dateOrNull(leaseUntil), deliveredAt: dateOrNull(deliveredAt),
    createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
  };
}

function toStatusChange(d: Doc): StatusChange {
  return {
    id: d._id, entityType: d.entityType as StatusChangeEntity, entityId: d.entityId as string, from: d.from as string,
    to: d.to as string, at: iso(d.at), actor: d.actor as string, reason: orNull(d.reason as string | undefined),
    note: orNull(d.note as string | undefined),
  };
}
function fromStatusChange(c: StatusChange): Doc {
  const { id, at, ...rest } = c;
  return { _id: id, ...rest, at: new Date(at) };
}

/** Document <-> domain mappers of the hub collections, exported for the server-less schema tests. */
export const hubMappers = {
  toLink, fromLink, toSubscription, fromSubscription, toEvent, fromEvent, toDelivery, fromDelivery, toStatusChange, fromStatusChange,
};

/** A live lease blocks a claim; an expired or absent one does not. */
const noLiveLease = (now: Date): Filter => ({ $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] });

/**
 * Due, unleased, head-of-line pending deliveries, oldest due first: the claim query of the port
 * (OutboxRepository.claimDue). A delivery is blocked while an earlier one (lower caseSeq) of the
 * same subscription and case is pending or dead.
 */
export function claimPipeline(now: Date, limit: number): PipelineStage[] {
  return [
    { $match: { status: 'pending', nextAttemptAt: { $lte: now }, ...noLiveLease(now) } },
    { $sort: { nextAttemptAt: 1, caseSeq: 1, _id: 1 } },
    { $lookup: {
      from: 'hub_deliveries',
      let: { sub: '$subscriptionId', caseId: '$caseId', seq: '$caseSeq' },
      pipeline: [
        { $match: { $expr: { $and: [
          { $eq: ['$subscriptionId', '$$sub'] }, { $eq: ['$caseId', '$$caseId'] }, { $lt: ['$caseSeq', '$$seq'] },
          { $in: ['$status', ['pending', 'dead']] },
        ] } } },
        { $limit: 1 },
        { $project: { _id: 1 } },
      ],
      as: 'blockers',
    } },
    { $match: { blockers: { $size: 0 } } },
    { $limit: limit },
    { $project: { blockers: 0 } },
  ];
}

/** Stages turning status changes into one `ms` per entity: the pipelines behind the two medians. */
export const medianPipelines = {
  uploadToCandidate: (): PipelineStage[] => [
    { $match: { entityType: 'foundPerson', to: 'candidate' } },
    { $group: { _id: '$entityId', firstAt: { $min: '$at' } } },
    { $lookup: { from: 'found_persons', localField: '_id', foreignField: '_id', as: 'person' } },
    { $unwind: '$person' },
    { $lookup: { from: 'profiles', localField: 'person.profileId', foreignField: '_id', as: 'profile' } },
    { $unwind: '$profile' },
    { $project: { ms: { $subtract: ['$firstAt', { $min: ['$profile.createdAt', '$person.createdAt'] }] } } },
  ],
  candidateToReunion: (): PipelineStage[] => [
    { $match: { entityType: 'case', to: { $in: ['candidate', 'reunited'] } } },
    { $group: {
      _id: '$entityId',
      candidateAt: { $min: { $cond: [{ $eq: ['$to', 'candidate'] }, '$at', null] } },
      reunitedAt: { $min: { $cond: [{ $eq: ['$to', 'reunited'] }, '$at', null] } },
    } },
    { $match: { candidateAt: { $ne: null }, reunitedAt: { $ne: null } } },
    { $project: { ms: { $subtract: ['$reunitedAt', '$candidateAt'] } } },
  ],
};

/** The hub repositories of the MongoDB adapter, in a session (transaction) or not. */
export function mongoHubRepositories(m: MongoHubModels, session: ClientSession | undefined): HubRepositories {
  const opts: { session?: ClientSession } = session ? { session } : {};
  const insert = async (model: Model<Doc>, doc: Doc): Promise<void> => {
    await model.create([doc], opts).catch(mapDuplicate);
  };
  const findOne = async <T>(model: Model<Doc>, filter: Filter, map: (d: Doc) => T): Promise<T | null> => {
    const d = (await model.findOne(filter, null, opts).lean()) as Doc | null;
    return d ? map(d) : null;
  };
  const findMany = async <T>(model: Model<Doc>, filter: Filter, sort: Record<string, 1 | -1>, map: (d: Doc) => T): Promise<T[]> =>
    ((await model.find(filter, null, opts).sort(sort).lean()) as Doc[]).map(map);
  const page = async <T>(model: Model<Doc>, filter: Filter, sort: Record<string, 1 | -1>, limit: number, offset: number, map: (d: Doc) => T): Promise<Page<T>> => {
    const [total, docs] = await Promise.all([
      model.countDocuments(filter, opts),
      model.find(filter, null, opts).sort(sort).skip(offset).limit(limit).lean(),
    ]);
    return { items: (docs as Doc[]).map(map), total, limit, offset };
  };
  const median = async (stages: PipelineStage[]): Promise<number | null> => {
    const counted = await m.StatusChange.aggregate<{ n: number }>([...stages, { $count: 'n' }]).session(session ?? null);
    const n = counted[0]?.n ?? 0;
    if (n === 0) return null;
    const middle = await m.StatusChange.aggregate<{ ms: number }>([
      ...stages, { $sort: { ms: 1 } }, { $skip: Math.floor((n - 1) / 2) }, { $limit: n % 2 === 1 ? 1 : 2 },
    ]).session(session ?? null);
    return middle.reduce((a, b) => a + b.ms, 0) / middle.length;
  };

  return {
    hubAlerts: {
      insert: (l) => insert(m.HubAlert, fromLink(l)),
      findByAlertId: (alertId) => findOne(m.HubAlert, { _id: alertId }, toLink),
      touch: async (alertId, at) => {
        await m.HubAlert.updateOne({ _id: alertId }, { $set: { updatedAt: new Date(at) } }, opts);
      },
      count: () => m.HubAlert.countDocuments({}, opts),
    },
    subscriptions: {
      insert: (s) => insert(m.Subscription, fromSubscription(s)),
      findById: (id) => findOne(m.Subscription, { _id: id }, toSubscription),
      list: (q) => page(m.Subscription, {}, { createdAt: 1, _id: 1 }, q.limit, q.offset, toSubscription),
      listActiveFor: (type) => findMany(m.Subscription, { active: true, events: type }, { createdAt: 1, _id: 1 }, toSubscription),
      disable: async (id, at) => {
        await m.Subscription.updateOne({ _id: id, disabledAt: null }, { $set: { active: false, disabledAt: new Date(at) } }, opts);
        await m.Delivery.updateMany({ subscriptionId: id, status: 'pending' },
          { $set: { status: 'cancelled', leaseOwner: null, leaseUntil: null, updatedAt: new Date(at) } }, opts);
        return (await m.Subscription.countDocuments({ _id: id }, opts)) === 1;
      },
    },
    outbox: {
      nextCaseSequence: async (caseId) => {
        const d = (await m.CaseSequence.findOneAndUpdate({ _id: caseId }, { $inc: { lastSeq: 1 } }, { ...opts, upsert: true, new: true }).lean()) as Doc;
        return d.lastSeq as number;
      },
      insertEvent: (e) => insert(m.HubEvent, fromEvent(e)),
      insertDeliveries: async (deliveries) => {
        if (deliveries.length > 0) await m.Delivery.insertMany(deliveries.map(fromDelivery), opts).catch(mapDuplicate);
      },
      findEvent: (id) => findOne(m.HubEvent, { _id: id }, toEvent),
      listEventsOfCase: (caseId) => findMany(m.HubEvent, { caseId }, { caseSeq: 1 }, toEvent),
      findDelivery: (id) => findOne(m.Delivery, { _id: id }, toDelivery),
      listDeliveriesOfEvent: (eventId) => findMany(m.Delivery, { eventId }, { createdAt: 1, _id: 1 }, toDelivery),
      listDeliveries: (q: DeliveryListQuery) => page(m.Delivery, filterOf([
        ['status', '$eq', q.status], ['caseId', '$eq', q.caseId], ['subscriptionId', '$eq', q.subscriptionId],
      ]), { createdAt: -1, _id: -1 }, q.limit, q.offset, toDelivery),
      claimDue: async (q) => {
        const now = new Date(q.now);
        // Head-of-line filtering runs in the server, before the limit, so a long queue held behind
        // a dead-lettered event cannot crowd the due deliveries of other cases out of the page.
        const due = await m.Delivery.aggregate<Doc>(claimPipeline(now, q.limit)).session(session ?? null);
        const claimed: Delivery[] = [];
        for (const d of due) {
          // Conditional update: another replica that claimed it first wins, this one skips it.
          const won = (await m.Delivery.findOneAndUpdate(
            { _id: d._id, status: 'pending', ...noLiveLease(now) },
            { $set: { leaseOwner: q.owner, leaseUntil: new Date(q.leaseUntil), updatedAt: now } },
            { ...opts, new: true },
          ).lean()) as Doc | null;
          if (won) claimed.push(toDelivery(won));
        }
        return claimed;
      },
      markDelivered: async (id, owner, at, statusCode) => {
        const r = await m.Delivery.updateOne({ _id: id, leaseOwner: owner, status: 'pending' }, {
          $set: { status: 'delivered', deliveredAt: new Date(at), lastStatusCode: statusCode, lastError: null, leaseOwner: null, leaseUntil: null, updatedAt: new Date(at) },
          $inc: { attempts: 1 },
        }, opts);
        return r.matchedCount === 1;
      },
      markFailed: async (id, owner, o) => {
        const r = await m.Delivery.updateOne({ _id: id, leaseOwner: owner, status: 'pending' }, {
          $set: {
            status: o.status, attempts: o.attempts, nextAttemptAt: new Date(o.nextAttemptAt), lastError: o.lastError,
            lastStatusCode: o.lastStatusCode, leaseOwner: null, leaseUntil: null, updatedAt: new Date(o.at),
          },
        }, opts);
        return r.matchedCount === 1;
      },
      releaseLeases: async (owner) => (await m.Delivery.updateMany({ leaseOwner: owner }, { $set: { leaseOwner: null, leaseUntil: null } }, opts)).modifiedCount,
      requeue: async (eventId, subscriptionId, at) => {
        const active = ((await m.Subscription.find({ active: true }, { _id: 1 }, opts).lean()) as Doc[]).map((d) => d._id);
        const subs = subscriptionId === undefined ? active : active.filter((id) => id === subscriptionId);
        const r = await m.Delivery.updateMany({ eventId, status: { $in: ['dead', 'delivered'] }, subscriptionId: { $in: subs } }, {
          $set: { status: 'pending', attempts: 0, nextAttemptAt: new Date(at), leaseOwner: null, leaseUntil: null, updatedAt: new Date(at) },
        }, opts);
        return r.modifiedCount;
      },
      countByStatus: async () => {
        const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
        const rows = await m.Delivery.aggregate<{ _id: DeliveryStatus; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]).session(session ?? null);
        for (const r of rows) counts[r._id] = r.n;
        return counts;
      },
    },
    statusChanges: {
      append: (c) => insert(m.StatusChange, fromStatusChange(c)),
      listFor: (entityType, entityId) => findMany(m.StatusChange, { entityType, entityId }, { at: 1, _id: 1 }, toStatusChange),
      countEntitiesReaching: async (entityType, to) => (await m.StatusChange.distinct('entityId', { entityType, to }).session(session ?? null)).length,
      medianUploadToCandidateMs: () => median(medianPipelines.uploadToCandidate()),
      medianCandidateToReunionMs: () => median(medianPipelines.candidateToReunion()),
    },
  };
}
