/**
 * Schema of workbench sessions (appended to MIGRATIONS): the token's hash, never the token.
 * `IF NOT EXISTS` everywhere: the migration may be renumbered when others are merged before it.
 */
export const SESSION_MIGRATION = `
  CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL,
    role TEXT NOT NULL,
    org TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL,
    revoked_at TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires_at);
`;
