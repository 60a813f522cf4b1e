import { z } from 'zod';
import { CASE_STATUSES, type CaseStatus } from './missing-case';
import { FOUND_PERSON_STATUSES, type FoundPersonStatus } from './found-person';
import { MATCH_STATUSES, type MatchStatus } from './match';
import { Id, Timestamp } from './common';

/**
 * Lifecycle transition tables, one per entity, as data: `from -> allowed next statuses`.
 * Every status change of the service goes through these tables (services/shared/assert-transition.ts);
 * a move that is not listed is a 409 INVALID_TRANSITION. The API tests enumerate every pair.
 *
 * Case: open -> candidate -> retestRequested -> reunited -> closed, and
 * closedNoReunion (with a reason) from every status before a reunion.
 * - candidate -> open: every candidate of the case was rejected.
 * - candidate -> reunited: a confirmation; the search policy decides whether a completed re-test
 *   is needed first (Chinese practice: a database hit is confirmed by re-sampling and re-typing
 *   before the family is told; see README "Lifecycle").
 * - retestRequested -> candidate: the re-sampled profile was typed and the match re-scored.
 * - reunited -> closed: the investigator closes the reunited case (the alert hub closes its alert).
 * closed and closedNoReunion are final: a new lead opens a new case.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['candidate', 'closedNoReunion'],
  candidate: ['open', 'retestRequested', 'reunited', 'closedNoReunion'],
  retestRequested: ['candidate', 'open', 'closedNoReunion'],
  reunited: ['closed'],
  closed: [],
  closedNoReunion: [],
};

/**
 * Found person: unidentified -> candidate -> identified; candidate -> unidentified when every
 * candidate match was rejected. identified is final: one found person is confirmed for one case.
 */
export const FOUND_PERSON_TRANSITIONS: Readonly<Record<FoundPersonStatus, readonly FoundPersonStatus[]>> = {
  unidentified: ['candidate'],
  candidate: ['unidentified', 'identified'],
  identified: [],
};

/**
 * Match (investigator review, POST /v1/matches/:id/reviews): candidate -> confirmed | rejected |
 * retest | superseded. A re-test returns the match to candidate once the re-sampled profile was
 * scored and still meets the policy, or rejects it. superseded: another match of the same case or
 * found person was confirmed. confirmed, rejected and superseded are final.
 */
export const MATCH_TRANSITIONS: Readonly<Record<MatchStatus, readonly MatchStatus[]>> = {
  candidate: ['confirmed', 'rejected', 'retest', 'superseded'],
  retest: ['candidate', 'rejected', 'superseded'],
  confirmed: [],
  rejected: [],
  superseded: [],
};

export const LIFECYCLES = {
  case: { statuses: CASE_STATUSES, transitions: CASE_TRANSITIONS },
  foundPerson: { statuses: FOUND_PERSON_STATUSES, transitions: FOUND_PERSON_TRANSITIONS },
  match: { statuses: MATCH_STATUSES, transitions: MATCH_TRANSITIONS },
} as const;
export type LifecycleEntity = keyof typeof LIFECYCLES;

/** Whether `to` may follow `from` in the entity's transition table. */
export function isAllowedTransition(entity: LifecycleEntity, from: string, to: string): boolean {
  return allowedTransitions(entity, from).includes(to);
}

/** The statuses that may follow `from`; none for a final or unknown status (own keys only: "toString" is no status). */
export function allowedTransitions(entity: LifecycleEntity, from: string): readonly string[] {
  const table = LIFECYCLES[entity].transitions as Readonly<Record<string, readonly string[]>>;
  return Object.hasOwn(table, from) ? table[from]! : [];
}

/** Why a case was closed without a reunion; a code, so that events carry no free text. */
export const NO_REUNION_REASONS = ['childFoundDeceased', 'foundByOtherMeans', 'familyWithdrew', 'duplicateCase', 'alertCancelled', 'other'] as const;
export const NoReunionReason = z.enum(NO_REUNION_REASONS).meta({ id: 'NoReunionReason' });
export type NoReunionReason = z.infer<typeof NoReunionReason>;

/** POST /v1/cases/:id/close. `closed` needs a reunited case; `closedNoReunion` needs a reason. */
export const CloseCaseInput = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('closed'), note: z.string().max(2000).optional() }).strict(),
    z.object({ status: z.literal('closedNoReunion'), reason: NoReunionReason, note: z.string().max(2000).optional() }).strict(),
  ])
  .meta({
    id: 'CloseCaseInput',
    description: '`closed` after a reunion; `closedNoReunion` with a reason code. The note is internal (never sent to the hub).',
  });
export type CloseCaseInput = z.infer<typeof CloseCaseInput>;

export const STATUS_CHANGE_ENTITIES = ['case', 'foundPerson', 'match'] as const;
export type StatusChangeEntity = (typeof STATUS_CHANGE_ENTITIES)[number];

/** One status change of a case, found person or match: the full history is kept. */
export interface StatusChange {
  readonly id: string;
  readonly entityType: StatusChangeEntity;
  readonly entityId: string;
  readonly from: string;
  readonly to: string;
  readonly at: string;
  /** API key id of who caused it, or "system" */
  readonly actor: string;
  /** reason code (closedNoReunion) or what caused the change, e.g. "match.confirmed" */
  readonly reason: string | null;
  readonly note: string | null;
}

export const StatusChangeView = z
  .object({
    id: Id,
    entityType: z.enum(STATUS_CHANGE_ENTITIES),
    entityId: Id,
    from: z.string(),
    to: z.string(),
    at: Timestamp,
    actor: z.string(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'StatusChange' });

/** GET /v1/cases/:id/history: every status change and every event published for the case. */
export const CaseHistoryView = z
  .object({
    caseId: Id,
    status: z.string(),
    changes: z.array(StatusChangeView),
    events: z.array(z.object({ id: Id, type: z.string(), caseSeq: z.number().int(), occurredAt: Timestamp })),
  })
  .meta({ id: 'CaseHistory' });
export type CaseHistoryView = z.infer<typeof CaseHistoryView>;
