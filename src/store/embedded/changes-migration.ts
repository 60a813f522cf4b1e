/**
 * The change feed (Store.changesSince): one row per write of a case or a found person, in the
 * same transaction. AUTOINCREMENT makes `seq` strictly increasing and never reused, and the one
 * writer connection commits in `seq` order (https://sqlite.org/autoinc.html).
 */
export const CHANGES_MIGRATION = `
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('family', 'foundPerson')),
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'remove'))
  ) STRICT;
`;
