import { z } from 'zod';
import { CalendarDate, Id, Timestamp } from './common';

export const FOUND_PERSON_STATUSES = ['unidentified', 'candidate', 'identified'] as const;
export const FoundPersonStatus = z.enum(FOUND_PERSON_STATUSES).meta({ id: 'FoundPersonStatus' });
export type FoundPersonStatus = z.infer<typeof FoundPersonStatus>;

/**
 * Statuses of a found person not yet identified: searched against the families and moved by the
 * review of its matches. An identified person has its family and leaves the search.
 */
export const SEARCHED_FOUND_PERSON_STATUSES = ['unidentified', 'candidate'] as const satisfies readonly FoundPersonStatus[];

/** True while the found person is searched (see {@link SEARCHED_FOUND_PERSON_STATUSES}). */
export function isSearchedFoundPerson(status: FoundPersonStatus): boolean {
  return (SEARCHED_FOUND_PERSON_STATUSES as readonly FoundPersonStatus[]).includes(status);
}

export const FoundPersonInput = z
  .object({
    profileId: Id.meta({ description: 'a profile of kind "found"' }),
    foundAt: CalendarDate.meta({ description: 'date the person was found (YYYY-MM-DD)' }),
    place: z.string().trim().min(1).max(200),
    estimatedBirthYear: z.number().int().min(1900).max(2100).optional(),
    notes: z.string().max(2000).optional().meta({ description: 'free text; no names or contact data' }),
  })
  .strict()
  .meta({ id: 'FoundPersonInput' });
export type FoundPersonInput = z.infer<typeof FoundPersonInput>;

export interface FoundPerson {
  readonly id: string;
  readonly profileId: string;
  readonly foundAt: string;
  readonly place: string;
  readonly estimatedBirthYear: number | null;
  readonly notes: string | null;
  readonly status: FoundPersonStatus;
  readonly org: string;
  readonly createdBy: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const FoundPersonView = z
  .object({
    id: Id,
    profileId: Id,
    foundAt: CalendarDate,
    place: z.string(),
    estimatedBirthYear: z.number().int().nullable(),
    notes: z.string().nullable(),
    status: FoundPersonStatus,
    org: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'FoundPerson' });
export type FoundPersonView = z.infer<typeof FoundPersonView>;

export const FoundPersonListQuery = z.object({
  status: FoundPersonStatus.optional(),
  foundFrom: CalendarDate.optional(),
  foundTo: CalendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type FoundPersonListQuery = z.infer<typeof FoundPersonListQuery>;
