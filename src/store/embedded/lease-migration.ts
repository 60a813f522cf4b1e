/** Leases of background work (lease-store.ts); `expires_at` in milliseconds since the epoch. */
export const LEASE_MIGRATION = `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
`;
