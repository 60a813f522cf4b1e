import type { Database, Statement } from 'better-sqlite3';
import type { Page } from '../../domain';
import { ConflictError } from '../../lib';

/** SQL helpers shared by the embedded store's repositories (cached prepared statements, paging, unique-key mapping). */
export type Row = Record<string, unknown>;
export type Params = Record<string, unknown>;

/**
 * Access to the database for one set of repositories: `read` answers queries; `write` runs a
 * synchronous unit of statements. Outside a transaction `read` is a separate read-only connection
 * (WAL readers see only committed data) and `write` queues behind the writer mutex; inside one,
 * both use the writer connection so the transaction sees its own writes.
 */
export interface Access {
  read(): Database;
  write<T>(unit: (db: Database) => T): Promise<T>;
  /**
   * Called after a write that appended to the change feed: outside a transaction it tells the
   * listeners at once (the write has committed); inside one, after the commit.
   */
  changed(): Promise<void>;
}

const statementCache = new WeakMap<Database, Map<string, Statement>>();

function stmt(db: Database, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

export function all(db: Database, sql: string, params: Params = {}): Row[] {
  return stmt(db, sql).all(params) as Row[];
}

export function one(db: Database, sql: string, params: Params = {}): Row | undefined {
  return stmt(db, sql).get(params) as Row | undefined;
}

export function run(db: Database, sql: string, params: Params = {}): number {
  try {
    return stmt(db, sql).run(params).changes;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new ConflictError('DUPLICATE_KEY', `a record with the same key exists (${(e as Error).message})`, { cause: e });
    }
    throw e;
  }
}

/** WHERE clause from optional equality / range filters; undefined filters are left out. */
function where(filters: ReadonlyArray<readonly [string, string, unknown]>): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  filters.forEach(([column, op, value], i) => {
    if (value === undefined) return;
    parts.push(`${column} ${op} @p${i}`);
    params[`p${i}`] = value;
  });
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function page<T>(
  db: Database, table: string, filters: ReadonlyArray<readonly [string, string, unknown]>, order: string,
  limit: number, offset: number, map: (r: Row) => T,
): Page<T> {
  const w = where(filters);
  const total = Number(one(db, `SELECT COUNT(*) AS n FROM ${table} ${w.sql}`, w.params)!.n);
  const rows = all(db, `SELECT * FROM ${table} ${w.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { ...w.params, limit, offset });
  return { items: rows.map(map), total, limit, offset };
}

export const str = (v: unknown): string => v as string;
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
