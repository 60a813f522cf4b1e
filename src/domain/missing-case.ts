import { z } from 'zod';
import { CalendarDate, Id, Sex, Timestamp } from './common';
import { Individual, type Pedigree } from './pedigree';
import { Relationship, type PlacedRelative } from './reference-family';

/** Case lifecycle; transitions come with match review (later phase). */
export const CASE_STATUSES = ['open', 'candidate', 'retestRequested', 'reunited', 'closed', 'closedNoReunion'] as const;
export const CaseStatus = z.enum(CASE_STATUSES).meta({ id: 'CaseStatus' });
export type CaseStatus = z.infer<typeof CaseStatus>;

/**
 * Statuses of a case still looking for its child: its family is searched, its matches are
 * reviewed, and it counts as open. A reunited or closed case leaves the search (its child is found
 * or no longer looked for), so it can neither gain nor settle candidates.
 */
export const SEARCHED_CASE_STATUSES = ['open', 'candidate', 'retestRequested'] as const satisfies readonly CaseStatus[];

/** True while the case is searched (see {@link SEARCHED_CASE_STATUSES}). */
export function isSearchedCase(status: CaseStatus): boolean {
  return (SEARCHED_CASE_STATUSES as readonly CaseStatus[]).includes(status);
}

export const MissingChild = z
  .object({
    sex: Sex,
    birthDate: CalendarDate.nullable().default(null).meta({ description: 'YYYY-MM-DD; null when unknown' }),
    missingSince: CalendarDate,
    place: z.string().trim().min(1).max(200).meta({ description: 'where the child went missing' }),
  })
  .strict()
  .meta({ id: 'MissingChild' });
export type MissingChild = z.output<typeof MissingChild>;

export const CaseInput = z
  .object({
    alertId: z.string().trim().min(1).max(100).optional().meta({ description: 'id of the public alert (alert hub)' }),
    traffickingCaseNo: z.string().trim().min(1).max(100).optional().meta({ description: 'police trafficking case number' }),
    child: MissingChild,
    population: z.string().min(1).max(100).optional().meta({
      description: 'frequency table id for this family (GET /v1/frequency-tables); the deployment default when omitted',
    }),
  })
  .strict()
  .refine((c) => c.child.birthDate === null || c.child.birthDate <= c.child.missingSince, {
    message: 'the child cannot go missing before birth',
    path: ['child', 'missingSince'],
  })
  .meta({ id: 'CaseInput' });
export type CaseInput = z.output<typeof CaseInput>;

/**
 * The reference family of a case. `relationships` mode: built from relatives by relationship
 * (POST /v1/cases/:id/relatives); `pedigree` mode: a raw pedigree (POST /v1/cases/:id/pedigree).
 */
export interface Family {
  readonly mode: 'relationships' | 'pedigree';
  readonly relatives: readonly PlacedRelative[];
  readonly pedigree: Pedigree;
  /** The lab whose profiles type this family (fixed by the first relative); one chain of custody. */
  readonly lab: string | null;
}

export interface MissingCase {
  readonly id: string;
  readonly alertId: string | null;
  readonly traffickingCaseNo: string | null;
  readonly child: MissingChild;
  readonly population: string;
  readonly status: CaseStatus;
  readonly org: string;
  readonly openedBy: string;
  readonly family: Family;
  /** Incremented on every change; updates carry the version they read (optimistic concurrency). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const PlacedRelativeView = z.object({ profileId: Id, relationship: Relationship, individualId: z.string() });

export const FamilyView = z
  .object({
    mode: z.enum(['relationships', 'pedigree']),
    lab: z.string().nullable(),
    relatives: z.array(PlacedRelativeView),
    pedigree: z.object({
      missing: z.string(),
      individuals: z.array(Individual),
      typed: z.record(z.string(), Id),
    }),
  })
  .meta({ id: 'Family' });

export const CaseView = z
  .object({
    id: Id,
    alertId: z.string().nullable(),
    traffickingCaseNo: z.string().nullable(),
    child: MissingChild,
    population: z.string(),
    status: CaseStatus,
    org: z.string(),
    family: FamilyView,
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof CaseView>;

export const CaseListQuery = z.object({
  status: CaseStatus.optional(),
  alertId: z.string().optional(),
  traffickingCaseNo: z.string().optional(),
  sex: Sex.optional(),
  missingSinceFrom: CalendarDate.optional(),
  missingSinceTo: CalendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const RelativeInput = z
  .object({ profileId: Id, relationship: Relationship })
  .strict()
  .meta({ id: 'RelativeInput' });
export type RelativeInput = z.infer<typeof RelativeInput>;

/** GET /v1/cases/:id/pedigree: the family with the typed members' genotypes (a kinship case body). */
export const PedigreeView = z
  .object({
    caseId: Id,
    mode: z.enum(['relationships', 'pedigree']),
    population: z.string(),
    missing: z.string(),
    individuals: z.array(Individual),
    typed: z.record(z.string(), Id),
    relatives: z.array(PlacedRelativeView),
    genotypes: z.record(z.string(), z.record(z.string(), z.array(z.string()))).meta({
      description: 'typed member id -> autosomal locus -> two alleles (kinship case format `genotypes`)',
    }),
  })
  .meta({ id: 'PedigreeView' });
export type PedigreeView = z.infer<typeof PedigreeView>;
