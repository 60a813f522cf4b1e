import type { Database } from 'better-sqlite3';
import { HUB_MIGRATION } from './hub-migration';
import { MATCHING_MIGRATION } from './matching-migration';
import { REVIEW_MIGRATION } from './review-migration';
import { CHANGES_MIGRATION } from './changes-migration';
import { reorderStoredAlleles } from './allele-order-migration';
import { SESSION_MIGRATION } from './session-migration';
import { LEASE_MIGRATION } from './lease-migration';

/** A schema change (SQL) or a data change (a function over the writer connection, inside the migration's transaction). */
export type Migration = string | ((db: Database) => void);

/**
 * Migrations of the embedded store, applied in order; `PRAGMA user_version` holds how many
 * have run. Append only: a released migration is never edited. STRICT tables reject values of the
 * wrong type (SQLite 3.37+).
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    lab TEXT NOT NULL,
    sample_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reference', 'found')),
    kit TEXT NOT NULL,
    population TEXT,
    sex TEXT CHECK (sex IN ('male', 'female')),
    genotypes TEXT NOT NULL,
    autosomal_loci INTEGER NOT NULL,
    genotype_hash TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (lab, sample_id)
  ) STRICT;
  CREATE INDEX profiles_genotype_hash ON profiles (genotype_hash);
  CREATE INDEX profiles_lab_created ON profiles (lab, created_at, id);
  CREATE INDEX profiles_created ON profiles (created_at, id);

  CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    alert_id TEXT,
    trafficking_case_no TEXT,
    child_sex TEXT NOT NULL CHECK (child_sex IN ('male', 'female')),
    child_birth_date TEXT,
    missing_since TEXT NOT NULL,
    place TEXT NOT NULL,
    population TEXT NOT NULL,
    status TEXT NOT NULL,
    org TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    family TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX cases_created ON cases (created_at, id);
  CREATE INDEX cases_status ON cases (status, created_at, id);
  CREATE INDEX cases_alert ON cases (alert_id);
  CREATE INDEX cases_trafficking ON cases (trafficking_case_no);

  CREATE TABLE case_profiles (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    individual_id TEXT NOT NULL,
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    PRIMARY KEY (case_id, individual_id)
  ) STRICT;
  CREATE INDEX case_profiles_profile ON case_profiles (profile_id);

  CREATE TABLE found_persons (
    id TEXT PRIMARY KEY,
    profile_id TEXT NOT NULL UNIQUE REFERENCES profiles (id),
    found_at TEXT NOT NULL,
    place TEXT NOT NULL,
    estimated_birth_year INTEGER,
    notes TEXT,
    status TEXT NOT NULL,
    org TEXT NOT NULL,
    created_by TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX found_persons_created ON found_persons (created_at, id);
  CREATE INDEX found_persons_status ON found_persons (status, created_at, id);

  CREATE TABLE frequency_tables (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    population TEXT NOT NULL,
    source TEXT NOT NULL,
    license_note TEXT,
    sample_size INTEGER,
    loci TEXT NOT NULL,
    notes TEXT NOT NULL,
    built_in INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;

  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('lab', 'investigator', 'hub', 'admin')),
    org TEXT NOT NULL,
    label TEXT,
    hash TEXT NOT NULL UNIQUE,
    demo INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  ) STRICT;
  CREATE INDEX api_keys_created ON api_keys (created_at, id);

  CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    org TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    request_id TEXT
  ) STRICT;
  CREATE INDEX audit_at ON audit (at, id);
  CREATE INDEX audit_target ON audit (target_type, target_id, at);
  CREATE INDEX audit_actor ON audit (actor, at);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
  HUB_MIGRATION,
  MATCHING_MIGRATION,
  REVIEW_MIGRATION,
  CHANGES_MIGRATION,
  reorderStoredAlleles,
  SESSION_MIGRATION,
  LEASE_MIGRATION,
];

/**
 * Brings the database to the latest schema, each migration in its own transaction. The version is
 * read inside the transaction, which takes the write lock first (IMMEDIATE), so two processes
 * starting together on one file apply each migration once: the second waits, then finds it done.
 * @throws Error when the file was written by a newer version of the service.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  for (let done = false; !done;) {
    done = db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > migrations.length) {
        throw new Error(`database schema version ${current} is newer than this service knows (${migrations.length})`);
      }
      if (current === migrations.length) return true;
      const migration = migrations[current]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${current + 1}`);
      return false;
    }).immediate();
  }
  return migrations.length;
}
