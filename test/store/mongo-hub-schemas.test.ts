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

  it('when the claim pipeline is built, then blocked deliveries are dropped in the server before the limit (no starvation behind a dead letter)', () => {
    const stages = claimPipeline(new Date('2025-01-01T00:00:00.000Z'), 7).map((st) => Object.keys(st)[0]);
    const pipeline = claimPipeline(new Date('2025-01-01T00:00:00.000Z'), 7);

    expect(stages).toEqual(['$match', '$sort', '$lookup', '$match', '$limit', '$project']);
    expect(pipeline[3]).toEqual({ $match: { blockers: { $size: 0 } } });
    expect(pipeline[4]).toEqual({ $limit: 7 });
    expect(JSON.stringify(pipeline[2])).toContain('"$in":["$status",["pending","dead"]]');
    expect(() => models.Delivery.aggregate(pipeline)).not.toThrow();
  });
});
