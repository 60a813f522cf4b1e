import { z } from 'zod';

/** Record identifiers: a type prefix and a random UUID (`prf_…`, `case_…`), opaque to clients. */
export const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/** An instant, ISO 8601 UTC with milliseconds (`2025-01-31T08:00:00.000Z`); sorts as text. */
export const Timestamp = z.iso.datetime();

/** A calendar date, ISO 8601 (`YYYY-MM-DD`). */
export const CalendarDate = z.iso.date();

export const Sex = z.enum(['male', 'female']).meta({ id: 'Sex' });
export type Sex = z.infer<typeof Sex>;

export const ROLES = ['lab', 'investigator', 'hub', 'admin'] as const;
export const Role = z.enum(ROLES).meta({
  id: 'Role',
  description: 'lab: uploads profiles; investigator: cases, families, found persons; hub: alert hub; admin: keys, tables, audit',
});
export type Role = z.infer<typeof Role>;

/** Paging query: `limit` (1–200, default 50) and `offset` (default 0). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** zod schema of a page of `item`, for responses and openapi.yaml. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int().min(0).meta({ description: 'number of records matching the filters' }),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .meta({ id });
}

/** application/problem+json (RFC 9457) as this service writes it. */
export const Problem = z
  .object({
    type: z.string().meta({ example: 'urn:reunion:INVALID_ALLELE' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: 'the request id, also in the logs' }),
    errors: z
      .array(
        z.object({
          path: z.string(),
          locus: z.string().optional(),
          allele: z.string().optional(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;
