import { z } from 'zod';
import { Id, Role, Timestamp } from './common';
import { CaseStatus } from './missing-case';
import { FoundPersonStatus } from './found-person';
import { MatchStatus, MatchView } from './match';
import { StatusChangeView } from './lifecycle';

/**
 * Investigator review of a candidate match: confirm, reject, or ask for a re-test
 * (optionally attaching the re-sampled profile, which re-scores the match). Every review is kept.
 */
export const REVIEW_DECISIONS = ['confirm', 'reject', 'retest'] as const;
export const ReviewDecision = z.enum(REVIEW_DECISIONS).meta({ id: 'ReviewDecision' });
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/**
 * What a review did. confirmationPending: the first of two confirmations (two-investigator policy);
 * retestRequested: the match waits for a re-sampled profile; retestPassed / retestExcluded: the
 * re-sampled profile was scored and the match still meets the search policy / no longer does.
 */
export const REVIEW_OUTCOMES = ['confirmationPending', 'confirmed', 'rejected', 'retestRequested', 'retestPassed', 'retestExcluded'] as const;
export const ReviewOutcome = z.enum(REVIEW_OUTCOMES).meta({ id: 'ReviewOutcome' });
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

export const ReviewInput = z
  .object({
    decision: ReviewDecision,
    note: z.string().trim().min(1).max(2000).optional().meta({ description: 'internal; never sent to the alert hub' }),
    retestProfileId: Id.optional().meta({
      description: 'retest only: a newly uploaded profile re-sampling the found person (kind "found") or a typed relative (kind "reference"); '
        + 'the match is re-scored at once. Without it, a retest only asks for the re-sample (attach it with a second retest review).',
    }),
    retestIndividualId: z.string().min(1).max(40).optional().meta({
      description: 'the pedigree member (e.g. "FA") a re-sampled reference profile types; needed when the family has more than one typed member',
    }),
  })
  .strict()
  .refine((r) => r.decision === 'retest' || (r.retestProfileId === undefined && r.retestIndividualId === undefined), {
    message: 'retestProfileId and retestIndividualId belong to a retest decision',
    path: ['retestProfileId'],
  })
  .refine((r) => r.retestIndividualId === undefined || r.retestProfileId !== undefined, {
    message: 'retestIndividualId needs a retestProfileId',
    path: ['retestIndividualId'],
  })
  .meta({ id: 'ReviewInput' });
export type ReviewInput = z.infer<typeof ReviewInput>;

/** One scoring of a match (no genotypes): kept before and after a re-test. */
export const MatchScoring = z
  .object({
    LR: z.number().nullable(),
    log10LR: z.number(),
    inconsistentLoci: z.number().int(),
    lociCompared: z.number().int(),
    meetsPolicy: z.boolean(),
    policyVersion: z.number().int(),
    scoredAt: Timestamp,
  })
  .meta({ id: 'MatchScoring' });
export type MatchScoring = z.infer<typeof MatchScoring>;

export const RetestRecord = z
  .object({
    profileId: Id.meta({ description: 'the re-sampled profile' }),
    replacedProfileId: Id.meta({ description: 'the profile it replaced (kept stored)' }),
    subject: z.enum(['foundPerson', 'relative']),
    individualId: z.string().nullable().meta({ description: 'the pedigree member re-sampled (relative only)' }),
    previous: MatchScoring,
    rescored: MatchScoring,
  })
  .meta({ id: 'RetestRecord' });
export type RetestRecord = z.infer<typeof RetestRecord>;

/** A stored review: append-only history of a match. */
export interface MatchReview {
  readonly id: string;
  readonly matchId: string;
  readonly caseId: string;
  readonly foundPersonId: string;
  readonly decision: ReviewDecision;
  readonly outcome: ReviewOutcome;
  readonly note: string | null;
  /** API key id of the investigator */
  readonly actor: string;
  readonly role: Role | 'system';
  readonly org: string;
  readonly requestId: string | null;
  readonly at: string;
  readonly matchStatusBefore: MatchStatus;
  readonly matchStatusAfter: MatchStatus;
  readonly retest: RetestRecord | null;
}

export const ReviewView = z
  .object({
    id: Id,
    matchId: Id,
    caseId: Id,
    foundPersonId: Id,
    decision: ReviewDecision,
    outcome: ReviewOutcome,
    note: z.string().nullable(),
    actor: z.string().meta({ description: 'API key id of the investigator' }),
    role: z.string(),
    org: z.string(),
    at: Timestamp,
    matchStatusBefore: MatchStatus,
    matchStatusAfter: MatchStatus,
    retest: RetestRecord.nullable(),
  })
  .meta({ id: 'Review' });
export type ReviewView = z.infer<typeof ReviewView>;

export const Confirmations = z
  .object({
    given: z.number().int().min(0).meta({ description: 'confirmations since the last reject or re-test, by different investigators' }),
    required: z.number().int().min(1),
  })
  .meta({ id: 'Confirmations' });

/** POST /v1/matches/:id/reviews: the review and where the match, case and found person stand now. */
export const ReviewResultView = z
  .object({
    review: ReviewView,
    match: MatchView,
    caseStatus: CaseStatus,
    foundPersonStatus: FoundPersonStatus,
    confirmations: Confirmations,
    superseded: z.array(Id).meta({ description: 'competing matches of the same case or found person superseded by this confirmation' }),
  })
  .meta({ id: 'ReviewResult' });
export type ReviewResultView = z.infer<typeof ReviewResultView>;

/** GET /v1/matches/:id/reviews: every review and every status change of the match, oldest first. */
export const MatchReviewsView = z
  .object({
    matchId: Id,
    status: MatchStatus,
    confirmations: Confirmations,
    reviews: z.array(ReviewView),
    changes: z.array(StatusChangeView),
  })
  .meta({ id: 'MatchReviews' });
export type MatchReviewsView = z.infer<typeof MatchReviewsView>;
