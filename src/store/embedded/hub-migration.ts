/**
 * Schema of the alert-hub tables and the lifecycle history (appended to MIGRATIONS).
 * `IF NOT EXISTS` everywhere: the migration may be renumbered when other migrations are merged
 * before it, and must then be harmless to run on a database that has it already.
 */
export const HUB_MIGRATION = `
  CREATE TABLE IF NOT EXISTS hub_alerts (
    alert_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS hub_alerts_case ON hub_alerts (case_id);

  CREATE TABLE IF NOT EXISTS hub_subscriptions (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    label TEXT,
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    disabled_at TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS hub_subscriptions_created ON hub_subscriptions (created_at, id);

  CREATE TABLE IF NOT EXISTS hub_case_sequences (
    case_id TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE IF NOT EXISTS hub_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    case_id TEXT NOT NULL,
    case_seq INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (case_id, case_seq)
  ) STRICT;

  CREATE TABLE IF NOT EXISTS hub_deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES hub_events (id),
    subscription_id TEXT NOT NULL REFERENCES hub_subscriptions (id),
    case_id TEXT NOT NULL,
    case_seq INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT,
    last_status_code INTEGER,
    delivered_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, subscription_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS hub_deliveries_due ON hub_deliveries (status, next_attempt_at);
  CREATE INDEX IF NOT EXISTS hub_deliveries_line ON hub_deliveries (subscription_id, case_id, case_seq, status);
  CREATE INDEX IF NOT EXISTS hub_deliveries_created ON hub_deliveries (created_at, id);
  CREATE INDEX IF NOT EXISTS hub_deliveries_event ON hub_deliveries (event_id);

  CREATE TABLE IF NOT EXISTS status_changes (
    id TEXT PRIMARY KEY,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    note TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS status_changes_entity ON status_changes (entity_type, entity_id, at);
  CREATE INDEX IF NOT EXISTS status_changes_reaching ON status_changes (entity_type, to_status, entity_id, at);
  CREATE TRIGGER IF NOT EXISTS status_changes_no_update BEFORE UPDATE ON status_changes
    BEGIN SELECT RAISE(ABORT, 'the status history is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS status_changes_no_delete BEFORE DELETE ON status_changes
    BEGIN SELECT RAISE(ABORT, 'the status history is append-only'); END;
`;
