import type { Database } from 'better-sqlite3';
import type {
  Delivery, DeliveryListQuery, DeliveryStatus, HubAlertLink, HubEvent, HubEventType, Page, StatusChange, StatusChangeEntity,
  Subscription,
} from '../../domain';
import { DELIVERY_STATUSES } from '../../domain';
import type {
  ClaimRequest, DeliveryOutcome, HubAlertRepository, HubRepositories, OutboxRepository, StatusChangeRepository,
  SubscriptionRepository,
} from '../hub-store';
import { all, one, page, run, str, strOrNull, type Access, type Params, type Row } from './sql';

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toLink(r: Row): HubAlertLink {
  return { alertId: str(r.alert_id), caseId: str(r.case_id), createdAt: str(r.created_at), updatedAt: str(r.updated_at), createdBy: str(r.created_by) };
}

function toSubscription(r: Row): Subscription {
  return {
    id: str(r.id), url: str(r.url), secret: str(r.secret), events: JSON.parse(str(r.events)) as HubEventType[], label: strOrNull(r.label),
    active: r.active === 1, createdAt: str(r.created_at), createdBy: str(r.created_by), disabledAt: strOrNull(r.disabled_at),
  };
}

function toEvent(r: Row): HubEvent {
  return {
    id: str(r.id), type: r.type as HubEventType, caseId: str(r.case_id), caseSeq: Number(r.case_seq), occurredAt: str(r.occurred_at),
    data: JSON.parse(str(r.data)) as Record<string, unknown>,
  };
}

function toDelivery(r: Row): Delivery {
  return {
    id: str(r.id), eventId: str(r.event_id), subscriptionId: str(r.subscription_id), caseId: str(r.case_id),
    caseSeq: Number(r.case_seq), status: r.status as DeliveryStatus, attempts: Number(r.attempts),
    nextAttemptAt: str(r.next_attempt_at), leaseOwner: strOrNull(r.lease_owner), leaseUntil: strOrNull(r.lease_until),
    lastError: strOrNull(r.last_error), lastStatusCode: numOrNull(r.last_status_code), deliveredAt: strOrNull(r.delivered_at),
    createdAt: str(r.created_at), updatedAt: str(r.updated_at),
  };
}

function toStatusChange(r: Row): StatusChange {
  return {
    id: str(r.id), entityType: r.entity_type as StatusChangeEntity, entityId: str(r.entity_id), from: str(r.from_status),
    to: str(r.to_status), at: str(r.at), actor: str(r.actor), reason: strOrNull(r.reason), note: strOrNull(r.note),
  };
}

/** Median of the `ms` column of `sql` (one row per entity), read from the one or two middle rows only. */
function medianOf(db: Database, sql: string, params: Params = {}): number | null {
  const n = Number(one(db, `SELECT COUNT(*) AS n FROM (${sql})`, params)!.n);
  if (n === 0) return null;
  const middle = all(db, `SELECT ms FROM (${sql}) ORDER BY ms LIMIT @limit OFFSET @offset`, {
    ...params, limit: n % 2 === 1 ? 1 : 2, offset: Math.floor((n - 1) / 2),
  }).map((r) => Number(r.ms));
  return middle.reduce((a, b) => a + b, 0) / middle.length;
}

/** Milliseconds between two ISO timestamps in SQL (julianday is in days; resolution well under 1 ms). */
const msBetween = (later: string, earlier: string) => `CAST(ROUND((julianday(${later}) - julianday(${earlier})) * 86400000.0) AS INTEGER)`;

class EmbeddedHubAlerts implements HubAlertRepository {
  constructor(private readonly db: Access) {}

  async insert(l: HubAlertLink): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO hub_alerts (alert_id, case_id, created_at, updated_at, created_by)
      VALUES (@alert_id, @case_id, @created_at, @updated_at, @created_by)`, {
      alert_id: l.alertId, case_id: l.caseId, created_at: l.createdAt, updated_at: l.updatedAt, created_by: l.createdBy,
    }));
  }

  async findByAlertId(alertId: string): Promise<HubAlertLink | null> {
    const r = one(this.db.read(), 'SELECT * FROM hub_alerts WHERE alert_id = @alertId', { alertId });
    return r ? toLink(r) : null;
  }

  async touch(alertId: string, at: string): Promise<void> {
    await this.db.write((db) => run(db, 'UPDATE hub_alerts SET updated_at = @at WHERE alert_id = @alertId', { alertId, at }));
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM hub_alerts')!.n);
  }
}

class EmbeddedSubscriptions implements SubscriptionRepository {
  constructor(private readonly db: Access) {}

  async insert(s: Subscription): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO hub_subscriptions (id, url, secret, events, label, active, created_at,
      created_by, disabled_at) VALUES (@id, @url, @secret, @events, @label, @active, @created_at, @created_by, @disabled_at)`, {
      id: s.id, url: s.url, secret: s.secret, events: JSON.stringify(s.events), label: s.label, active: s.active ? 1 : 0,
      created_at: s.createdAt, created_by: s.createdBy, disabled_at: s.disabledAt,
    }));
  }

  async findById(id: string): Promise<Subscription | null> {
    const r = one(this.db.read(), 'SELECT * FROM hub_subscriptions WHERE id = @id', { id });
    return r ? toSubscription(r) : null;
  }

  async list(q: { limit: number; offset: number }): Promise<Page<Subscription>> {
    return page(this.db.read(), 'hub_subscriptions', [], 'created_at, id', q.limit, q.offset, toSubscription);
  }

  async listActiveFor(type: HubEventType): Promise<Subscription[]> {
    // A deployment has a handful of subscriptions: filter the event list in code.
    return all(this.db.read(), 'SELECT * FROM hub_subscriptions WHERE active = 1 ORDER BY created_at, id')
      .map(toSubscription).filter((s) => s.events.includes(type));
  }

  async disable(id: string, at: string): Promise<boolean> {
    return this.db.write((db) => db.transaction(() => {
      const changed = run(db, 'UPDATE hub_subscriptions SET active = 0, disabled_at = COALESCE(disabled_at, @at) WHERE id = @id', { id, at });
      run(db, `UPDATE hub_deliveries SET status = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = @at
        WHERE subscription_id = @id AND status = 'pending'`, { id, at });
      return changed === 1;
    })());
  }
}

class EmbeddedOutbox implements OutboxRepository {
  constructor(private readonly db: Access) {}

  async nextCaseSequence(caseId: string): Promise<number> {
    return this.db.write((db) => {
      run(db, `INSERT INTO hub_case_sequences (case_id, last_seq) VALUES (@caseId, 1)
        ON CONFLICT (case_id) DO UPDATE SET last_seq = last_seq + 1`, { caseId });
      return Number(one(db, 'SELECT last_seq FROM hub_case_sequences WHERE case_id = @caseId', { caseId })!.last_seq);
    });
  }

  async insertEvent(e: HubEvent): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO hub_events (id, type, case_id, case_seq, occurred_at, data)
      VALUES (@id, @type, @case_id, @case_seq, @occurred_at, @data)`, {
      id: e.id, type: e.type, case_id: e.caseId, case_seq: e.caseSeq, occurred_at: e.occurredAt, data: JSON.stringify(e.data),
    }));
  }

  async insertDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.write((db) => db.transaction(() => {
      for (const d of deliveries) {
        run(db, `INSERT INTO hub_deliveries (id, event_id, subscription_id, case_id, case_seq, status, attempts, next_attempt_at,
          lease_owner, lease_until, last_error, last_status_code, delivered_at, created_at, updated_at) VALUES (@id, @event_id,
          @subscription_id, @case_id, @case_seq, @status, @attempts, @next_attempt_at, @lease_owner, @lease_until, @last_error,
          @last_status_code, @delivered_at, @created_at, @updated_at)`, {
          id: d.id, event_id: d.eventId, subscription_id: d.subscriptionId, case_id: d.caseId, case_seq: d.caseSeq, status: d.status,
          attempts: d.attempts, next_attempt_at: d.nextAttemptAt, lease_owner: d.leaseOwner, lease_until: d.leaseUntil,
          last_error: d.lastError, last_status_code: d.lastStatusCode, delivered_at: d.deliveredAt, created_at: d.createdAt,
          updated_at: d.updatedAt,
        });
      }
    })());
  }

  async findEvent(id: string): Promise<HubEvent | null> {
    const r = one(this.db.read(), 'SELECT * FROM hub_events WHERE id = @id', { id });
    return r ? toEvent(r) : null;
  }

  async listEventsOfCase(caseId: string): Promise<HubEvent[]> {
    return all(this.db.read(), 'SELECT * FROM hub_events WHERE case_id = @caseId ORDER BY case_seq', { caseId }).map(toEvent);
  }

  async findDelivery(id: string): Promise<Delivery | null> {
    const r = one(this.db.read(), 'SELECT * FROM hub_deliveries WHERE id = @id', { id });
    return r ? toDelivery(r) : null;
  }

  async listDeliveriesOfEvent(eventId: string): Promise<Delivery[]> {
    return all(this.db.read(), 'SELECT * FROM hub_deliveries WHERE event_id = @eventId ORDER BY created_at, id', { eventId }).map(toDelivery);
  }

  async listDeliveries(q: DeliveryListQuery): Promise<Page<Delivery>> {
    return page(this.db.read(), 'hub_deliveries', [
      ['status', '=', q.status], ['case_id', '=', q.caseId], ['subscription_id', '=', q.subscriptionId],
    ], 'created_at DESC, id DESC', q.limit, q.offset, toDelivery);
  }

  async claimDue(q: ClaimRequest): Promise<Delivery[]> {
    return this.db.write((db) => db.transaction(() => {
      const due = all(db, `SELECT d.id FROM hub_deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.lease_until IS NULL OR d.lease_until <= @now)
          AND NOT EXISTS (SELECT 1 FROM hub_deliveries e WHERE e.subscription_id = d.subscription_id AND e.case_id = d.case_id
            AND e.case_seq < d.case_seq AND e.status IN ('pending', 'dead'))
        ORDER BY d.next_attempt_at, d.case_seq, d.id LIMIT @limit`, { now: q.now, limit: q.limit });
      const claimed: Delivery[] = [];
      for (const { id } of due) {
        run(db, `UPDATE hub_deliveries SET lease_owner = @owner, lease_until = @until, updated_at = @now WHERE id = @id`, {
          id, owner: q.owner, until: q.leaseUntil, now: q.now,
        });
        claimed.push(toDelivery(one(db, 'SELECT * FROM hub_deliveries WHERE id = @id', { id })!));
      }
      return claimed;
    })());
  }

  async markDelivered(id: string, owner: string, at: string, statusCode: number): Promise<boolean> {
    return this.db.write((db) => run(db, `UPDATE hub_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = @at,
      last_status_code = @code, last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @at
      WHERE id = @id AND lease_owner = @owner AND status = 'pending'`, { id, owner, at, code: statusCode }) === 1);
  }

  async markFailed(id: string, owner: string, o: DeliveryOutcome): Promise<boolean> {
    return this.db.write((db) => run(db, `UPDATE hub_deliveries SET status = @status, attempts = @attempts,
      next_attempt_at = @next, last_error = @error, last_status_code = @code, lease_owner = NULL, lease_until = NULL, updated_at = @at
      WHERE id = @id AND lease_owner = @owner AND status = 'pending'`, {
      id, owner, status: o.status, attempts: o.attempts, next: o.nextAttemptAt, error: o.lastError, code: o.lastStatusCode, at: o.at,
    }) === 1);
  }

  async releaseLeases(owner: string): Promise<number> {
    return this.db.write((db) => run(db, 'UPDATE hub_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner', { owner }));
  }

  async requeue(eventId: string, subscriptionId: string | undefined, at: string): Promise<number> {
    return this.db.write((db) => run(db, `UPDATE hub_deliveries SET status = 'pending', attempts = 0, next_attempt_at = @at,
      lease_owner = NULL, lease_until = NULL, updated_at = @at
      WHERE event_id = @eventId AND status IN ('dead', 'delivered') AND (@sub IS NULL OR subscription_id = @sub)
        AND subscription_id IN (SELECT id FROM hub_subscriptions WHERE active = 1)`, { eventId, sub: subscriptionId ?? null, at }));
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
    for (const r of all(this.db.read(), 'SELECT status, COUNT(*) AS n FROM hub_deliveries GROUP BY status')) {
      counts[r.status as DeliveryStatus] = Number(r.n);
    }
    return counts;
  }
}

class EmbeddedStatusChanges implements StatusChangeRepository {
  constructor(private readonly db: Access) {}

  async append(c: StatusChange): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO status_changes (id, entity_type, entity_id, from_status, to_status, at, actor,
      reason, note) VALUES (@id, @entity_type, @entity_id, @from_status, @to_status, @at, @actor, @reason, @note)`, {
      id: c.id, entity_type: c.entityType, entity_id: c.entityId, from_status: c.from, to_status: c.to, at: c.at, actor: c.actor,
      reason: c.reason, note: c.note,
    }));
  }

  async listFor(entityType: StatusChangeEntity, entityId: string): Promise<StatusChange[]> {
    return all(this.db.read(), `SELECT * FROM status_changes WHERE entity_type = @entityType AND entity_id = @entityId
      ORDER BY at, rowid`, { entityType, entityId }).map(toStatusChange);
  }

  async countEntitiesReaching(entityType: StatusChangeEntity, to: string): Promise<number> {
    return Number(one(this.db.read(), `SELECT COUNT(DISTINCT entity_id) AS n FROM status_changes
      WHERE entity_type = @entityType AND to_status = @to`, { entityType, to })!.n);
  }

  async medianUploadToCandidateMs(): Promise<number | null> {
    return medianOf(this.db.read(), `SELECT ${msBetween('s.first_at', 'MIN(p.created_at, f.created_at)')} AS ms
      FROM (SELECT entity_id, MIN(at) AS first_at FROM status_changes WHERE entity_type = 'foundPerson' AND to_status = 'candidate'
        GROUP BY entity_id) s
      JOIN found_persons f ON f.id = s.entity_id JOIN profiles p ON p.id = f.profile_id`);
  }

  async medianCandidateToReunionMs(): Promise<number | null> {
    return medianOf(this.db.read(), `SELECT ${msBetween('r.first_at', 'c.first_at')} AS ms
      FROM (SELECT entity_id, MIN(at) AS first_at FROM status_changes WHERE entity_type = 'case' AND to_status = 'reunited'
        GROUP BY entity_id) r
      JOIN (SELECT entity_id, MIN(at) AS first_at FROM status_changes WHERE entity_type = 'case' AND to_status = 'candidate'
        GROUP BY entity_id) c ON c.entity_id = r.entity_id`);
  }
}

/** The hub repositories of the embedded store over one {@link Access} (the store's, or a transaction's). */
export function embeddedHubRepositories(access: Access): HubRepositories {
  return {
    hubAlerts: new EmbeddedHubAlerts(access),
    subscriptions: new EmbeddedSubscriptions(access),
    outbox: new EmbeddedOutbox(access),
    statusChanges: new EmbeddedStatusChanges(access),
  };
}
