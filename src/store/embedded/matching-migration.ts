/**
 * Schema of the matching tables (appended to MIGRATIONS): candidate matches, the versioned search
 * policy and background jobs. `IF NOT EXISTS` everywhere: the migration may be renumbered when
 * other migrations are merged before it, and must then be harmless on a database that has it.
 */
export const MATCHING_MIGRATION = `
  CREATE TABLE IF NOT EXISTS matches (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    found_person_id TEXT NOT NULL REFERENCES found_persons (id),
    status TEXT NOT NULL,
    log10_lr REAL NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (case_id, found_person_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS matches_case ON matches (case_id, log10_lr DESC, id);
  CREATE INDEX IF NOT EXISTS matches_found_person ON matches (found_person_id, log10_lr DESC, id);

  CREATE TABLE IF NOT EXISTS search_policies (
    version INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;

  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
`;
