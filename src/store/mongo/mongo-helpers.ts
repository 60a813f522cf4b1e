import { ConflictError } from '../../lib';

/** Helpers shared by the MongoDB adapter's repositories: documents keyed by domain id, filters, date and error mapping. */
export type Doc = Record<string, unknown> & { _id: string };
export type Filter = Record<string, unknown>;

/** MongoDB duplicate key error (E11000) as the port's ConflictError. */
export function mapDuplicate(e: unknown): never {
  if ((e as { code?: number }).code === 11000) {
    throw new ConflictError('DUPLICATE_KEY', 'a record with the same key exists', { cause: e });
  }
  throw e;
}

export const iso = (d: unknown): string => (d instanceof Date ? d.toISOString() : String(d));
export const isoOrNull = (d: unknown): string | null => (d === null || d === undefined ? null : iso(d));
export const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** Builds a filter from optional equality / range conditions; undefined values are left out. */
export function filterOf(conditions: ReadonlyArray<readonly [string, '$eq' | '$gte' | '$lte', unknown]>): Filter {
  const filter: Record<string, Record<string, unknown>> = {};
  for (const [field, op, value] of conditions) {
    if (value === undefined) continue;
    (filter[field] ??= {})[op] = value;
  }
  return filter;
}
