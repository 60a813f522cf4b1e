import mongoose from 'mongoose';
import { registerModels } from '../../src/store/mongo/mongo-store';
import { HUB_SCHEMAS } from '../../src/store/mongo/mongo-hub-schemas';
import { claimPipeline, hubMappers } from '../../src/store/mongo/mongo-hub';
import { aDelivery, aHubEvent, aStatusChange, aSubscription } from '../support/hub-builders';

/** What mongoose can check of the hub collections without a server: validation, round trips, indexes. */
describe('MongoDB hub collections without a server', () => {
  const conn = mongoose.createConnection();
  const models = registerModels(conn);

  afterAll(async () => {
    await conn.close();
  });

  const validationOf = (doc: { validate(): Promise<void> }) => doc.validate().then(() => undefined, (e: mongoose.Error.ValidationError) => e);

  it('when hub records are mapped to documents, then they validate and map back unchanged', async () => {
    const subscription = aSubscription({ events: ['case.closed', 'case.reunited'], disabledAt: '2025-01-02T00:00:00.000Z', active: false });
    const event = aHubEvent({ data: { caseId: 'case_1', alertId: null, lrBand: '>=1e9' } });
    const delivery = aDelivery(event, subscription.id, { leaseOwner: 'w', leaseUntil: '2025-01-02T00:00:00.000Z', lastStatusCode: 503, lastError: 'HTTP 503' });
    const change = aStatusChange({ reason: 'familyWithdrew', note: 'n' });
    const link = { alertId: 'TY-1', caseId: 'case_1', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', createdBy: 'key_hub' };

    const docs = {
      subscription: new models.Subscription(hubMappers.fromSubscription(subscription)), event: new models.HubEvent(hubMappers.fromEvent(event)),
      delivery: new models.Delivery(hubMappers.fromDelivery(delivery)), change: new models.StatusChange(hubMappers.fromStatusChange(change)),
      link: new models.HubAlert(hubMappers.fromLink(link)),
    };

    for (const doc of Object.values(docs)) expect(await validationOf(doc)).toBeUndefined();
    expect(hubMappers.toSubscription(docs.subscription.toObject() as never)).toEqual(subscription);
    expect(hubMappers.toEvent(docs.event.toObject() as never)).toEqual(event);
    expect(hubMappers.toDelivery(docs.delivery.toObject() as never)).toEqual(delivery);
    expect(hubMappers.toStatusChange(docs.change.toObject() as never)).toEqual(change);
    expect(hubMappers.toLink(docs.link.toObject() as never)).toEqual(link);
  });

  it('when a delivery has an unknown status or a subscription an unknown event type, then validation names those paths', async () => {
    const event = aHubEvent();
    const badDelivery = new models.Delivery({ ...hubMappers.fromDelivery(aDelivery(event, 'sub_1')), status: 'lost' });
    const badSubscription = new models.Subscription({ ...hubMappers.fromSubscription(aSubscription()), events: ['case.deleted'] });

    expect(Object.keys((await validationOf(badDelivery))!.errors)).toEqual(['status']);
    expect(Object.keys((await validationOf(badSubscription))!.errors)).toEqual(['events.0']);
  });

  it('when the index definitions are read, then (case, seq) and (event, subscription) are unique and the claim has its indexes', () => {
    const unique = (schema: mongoose.Schema) => schema.indexes().filter(([, o]) => o?.unique).map(([f]) => f);

    expect(unique(HUB_SCHEMAS.HubEvent)).toEqual([{ caseId: 1, caseSeq: 1 }]);
    expect(unique(HUB_SCHEMAS.Delivery)).toEqual([{ eventId: 1, subscriptionId: 1 }]);
    expect(HUB_SCHEMAS.Delivery.indexes().map(([f]) => f)).toEqual(expect.arrayContaining([
      { status: 1, nextAttemptAt: 1 }, { subscriptionId: 1, caseId: 1, caseSeq: 1, status: 1 },
    ]));
    expect(HUB_SCHEMAS.StatusChange.indexes().map(([f]) => f)).toContainEqual({ entityType: 1, to: 1, entityId: 1, at: 1 });
  });

  it('when the claim pipeline runs over deliveries, then it returns the due, unleased head of each (subscription, case) queue, oldest due first, up to the limit', () => {
    const now = new Date('2025-01-01T12:00:00.000Z');
    const at = (iso: string) => new Date(iso);
    const delivery = (id: string, over: Record<string, unknown>): Record<string, unknown> => ({
      _id: id, subscriptionId: 'sub_1', caseId: 'case_1', caseSeq: 1, status: 'pending', nextAttemptAt: at('2025-01-01T10:00:00.000Z'),
      leaseUntil: null, ...over,
    });
    const deliveries = [
      delivery('dead_head', { caseId: 'case_1', caseSeq: 1, status: 'dead' }),
      delivery('behind_dead', { caseId: 'case_1', caseSeq: 2 }),
      delivery('head_2', { caseId: 'case_2', caseSeq: 1, nextAttemptAt: at('2025-01-01T11:00:00.000Z') }),
      delivery('behind_head_2', { caseId: 'case_2', caseSeq: 2 }),
      delivery('delivered_then_next', { caseId: 'case_3', caseSeq: 1, status: 'delivered' }),
      delivery('head_3', { caseId: 'case_3', caseSeq: 2, nextAttemptAt: at('2025-01-01T09:00:00.000Z') }),
      delivery('not_due', { caseId: 'case_4', nextAttemptAt: at('2025-01-01T13:00:00.000Z') }),
      delivery('leased', { caseId: 'case_5', leaseUntil: at('2025-01-01T12:05:00.000Z') }),
      delivery('lease_expired', { caseId: 'case_6', leaseUntil: at('2025-01-01T11:55:00.000Z'), nextAttemptAt: at('2025-01-01T11:30:00.000Z') }),
      delivery('other_subscription', { subscriptionId: 'sub_2', caseId: 'case_1', caseSeq: 2 }),
    ];

    const ids = (limit: number) => runPipeline(claimPipeline(now, limit), deliveries).map((d) => d._id);

    expect(ids(10)).toEqual(['head_3', 'other_subscription', 'head_2', 'lease_expired']);
    expect(ids(2)).toEqual(['head_3', 'other_subscription']);
    expect(runPipeline(claimPipeline(now, 10), deliveries).every((d) => !('blockers' in d))).toBe(true);
  });

  it('when mongoose builds the claim aggregation, then it sends the pipeline unchanged', () => {
    const pipeline = claimPipeline(new Date('2025-01-01T00:00:00.000Z'), 7);

    expect(models.Delivery.aggregate(pipeline).pipeline()).toEqual(pipeline);
  });
});

type Doc = Record<string, unknown>;

/**
 * The MongoDB semantics of the few stages and operators the claim pipeline uses ($match with
 * equality, null, $lte, $size, $or and $expr over $and/$eq/$lt/$in; $sort; $lookup with let and
 * a sub-pipeline over the same collection; $limit; $project), after the MongoDB manual's
 * aggregation reference, so that the pipeline's outcome is tested without a server.
 */
function runPipeline(stages: readonly object[], docs: readonly Doc[]): Doc[] {
  let out = docs.map((d) => ({ ...d }));
  for (const stage of stages as Array<Record<string, unknown>>) {
    const [op, arg] = Object.entries(stage)[0]!;
    if (op === '$match') out = out.filter((d) => matches(d, arg as Doc, {}));
    else if (op === '$sort') out = [...out].sort((a, b) => compareBy(a, b, arg as Record<string, 1 | -1>));
    else if (op === '$limit') out = out.slice(0, arg as number);
    else if (op === '$project') out = out.map((d) => project(d, arg as Record<string, 0 | 1>));
    else if (op === '$lookup') {
      const { let: lets, pipeline, as } = arg as { let: Record<string, string>; pipeline: object[]; as: string };
      out = out.map((d) => {
        const vars = Object.fromEntries(Object.entries(lets).map(([k, ref]) => [k, d[ref.slice(1)]]));
        return { ...d, [as]: runPipelineWith(pipeline, docs, vars) };
      });
    } else throw new Error(`stage ${op} is not modelled`);
  }
  return out;
}

function runPipelineWith(stages: readonly object[], docs: readonly Doc[], vars: Doc): Doc[] {
  const [first, ...rest] = stages as Array<Record<string, unknown>>;
  const matched = docs.filter((d) => matches(d, first!.$match as Doc, vars));
  return runPipeline(rest, matched);
}

function matches(d: Doc, query: Doc, vars: Doc): boolean {
  return Object.entries(query).every(([key, cond]) => {
    if (key === '$or') return (cond as Doc[]).some((q) => matches(d, q, vars));
    if (key === '$expr') return evaluate(cond, d, vars) === true;
    const value = d[key];
    if (cond === null) return value === null || value === undefined;
    if (cond instanceof Date || typeof cond !== 'object') return sameValue(value, cond);
    return Object.entries(cond as Doc).every(([o, operand]) => {
      if (o === '$lte') return value !== null && value !== undefined && (value as Date | number) <= (operand as Date | number);
      if (o === '$size') return Array.isArray(value) && value.length === operand;
      throw new Error(`operator ${o} is not modelled`);
    });
  });
}

function evaluate(expr: unknown, d: Doc, vars: Doc): unknown {
  if (typeof expr === 'string' && expr.startsWith('$$')) return vars[expr.slice(2)];
  if (typeof expr === 'string' && expr.startsWith('$')) return d[expr.slice(1)];
  if (Array.isArray(expr) || typeof expr !== 'object' || expr === null) return expr;
  const [op, args] = Object.entries(expr as Doc)[0]!;
  const values = (args as unknown[]).map((a) => evaluate(a, d, vars));
  if (op === '$and') return values.every((v) => v === true);
  if (op === '$eq') return sameValue(values[0], values[1]);
  if (op === '$lt') return (values[0] as number) < (values[1] as number);
  if (op === '$in') return (values[1] as unknown[]).some((v) => sameValue(v, values[0]));
  throw new Error(`expression ${op} is not modelled`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function compareBy(a: Doc, b: Doc, keys: Record<string, 1 | -1>): number {
  for (const [key, dir] of Object.entries(keys)) {
    const x = a[key] as Date | number | string;
    const y = b[key] as Date | number | string;
    if (x < y) return -dir;
    if (x > y) return dir;
  }
  return 0;
}

function project(d: Doc, spec: Record<string, 0 | 1>): Doc {
  const included = Object.entries(spec).filter(([, v]) => v === 1).map(([k]) => k);
  if (included.length > 0) return Object.fromEntries(included.map((k) => [k, d[k]]));
  return Object.fromEntries(Object.entries(d).filter(([k]) => spec[k] !== 0));
}
