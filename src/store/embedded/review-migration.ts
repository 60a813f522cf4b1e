/**
 * Schema of the review history (appended to MIGRATIONS): one row per investigator review, the
 * indexed columns and the rest as JSON. Append-only like the audit trail and the status history.
 * `IF NOT EXISTS` everywhere: the migration may be renumbered when others are merged before it.
 */
export const REVIEW_MIGRATION = `
  CREATE TABLE IF NOT EXISTS match_reviews (
    id TEXT PRIMARY KEY,
    match_id TEXT NOT NULL REFERENCES matches (id),
    at TEXT NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS match_reviews_match ON match_reviews (match_id, at, id);
  CREATE TRIGGER IF NOT EXISTS match_reviews_no_update BEFORE UPDATE ON match_reviews
    BEGIN SELECT RAISE(ABORT, 'the review history is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS match_reviews_no_delete BEFORE DELETE ON match_reviews
    BEGIN SELECT RAISE(ABORT, 'the review history is append-only'); END;
`;
