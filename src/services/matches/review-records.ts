import {
  isSearchedCase, type FoundPerson, type Match, type MatchReview, type MatchScoring, type MissingCase, type ReviewDecision,
  type ReviewOutcome, type ReviewResultView, type ReviewView, type RetestRecord,
} from '../../domain';
import { ConflictError, NotFoundError } from '../../lib';
import type { Repositories } from '../../store';
import { findCase, type TxContext } from '../shared';
import type { ReviewPolicy } from './matching-ports';
import { toMatchView } from './read-matches';

/** What a review reads first: the match, its case and found person, and the match's reviews so far. */
export interface ReviewContext {
  readonly match: Match;
  readonly c: MissingCase;
  readonly person: FoundPerson;
  readonly reviews: readonly MatchReview[];
}

export async function loadReviewContext(repos: Repositories, matchId: string): Promise<ReviewContext> {
  const match = await repos.matches.findById(matchId);
  if (!match) throw new NotFoundError(`no match ${matchId}`);
  const c = await findCase(repos, match.caseId);
  const person = await repos.foundPersons.findById(match.foundPersonId);
  if (!person) throw new NotFoundError(`no found person ${match.foundPersonId}`);
  return { match, c, person, reviews: await repos.reviews.listByMatch(match.id) };
}

/** @throws ConflictError `INVALID_TRANSITION` when the case is reunited or closed: its matches are settled. */
export function assertCaseUnderReview(c: MissingCase): void {
  if (isSearchedCase(c.status)) return;
  throw new ConflictError('INVALID_TRANSITION', `case ${c.id} is ${c.status}: its matches are no longer reviewed`, {
    errors: [{ path: 'decision', message: `the case is ${c.status}` }],
  });
}

/**
 * The confirmations that count now: confirm reviews after the last review of another kind (a
 * reject or a re-test starts the count again), one per investigator.
 */
export function currentConfirmations(reviews: readonly MatchReview[]): MatchReview[] {
  let start = 0;
  reviews.forEach((r, i) => {
    if (r.decision !== 'confirm') start = i + 1;
  });
  return reviews.slice(start);
}

/** Confirmations a match needs under the review policy. */
export function requiredConfirmations(policy: ReviewPolicy): number {
  return policy.requireTwoInvestigators ? 2 : 1;
}

/** A scoring of a match as kept in the review history (no genotypes). */
export function scoringOf(m: Match): MatchScoring {
  return {
    LR: m.lr, log10LR: m.log10Lr, inconsistentLoci: m.inconsistentLoci, lociCompared: m.lociCompared, meetsPolicy: m.meetsPolicy,
    policyVersion: m.policyVersion, scoredAt: m.scoredAt,
  };
}

/** Appends the review to the match's history in the transaction. */
export async function storeReview(
  ctx: TxContext, before: Match, after: Match, decision: ReviewDecision, outcome: ReviewOutcome, note: string | undefined,
  retest: RetestRecord | null = null,
): Promise<MatchReview> {
  const { actor } = ctx;
  const review: MatchReview = {
    id: ctx.newId('rev'), matchId: before.id, caseId: before.caseId, foundPersonId: before.foundPersonId, decision, outcome,
    note: note ?? null, actor: actor.keyId, role: actor.role, org: actor.org, requestId: actor.requestId, at: ctx.now().toISOString(),
    matchStatusBefore: before.status, matchStatusAfter: after.status, retest,
  };
  await ctx.tx.reviews.insert(review);
  return review;
}

export function toReviewView(r: MatchReview): ReviewView {
  return {
    id: r.id, matchId: r.matchId, caseId: r.caseId, foundPersonId: r.foundPersonId, decision: r.decision, outcome: r.outcome, note: r.note,
    actor: r.actor, role: r.role, org: r.org, at: r.at, matchStatusBefore: r.matchStatusBefore, matchStatusAfter: r.matchStatusAfter,
    retest: r.retest,
  };
}

/** What a review use case returns before it becomes the API view. */
export interface ReviewOutcomeRecord {
  readonly review: MatchReview;
  readonly match: Match;
  readonly c: MissingCase;
  readonly person: FoundPerson;
  readonly confirmationsGiven: number;
  readonly superseded: readonly string[];
}

export function toReviewResultView(policy: ReviewPolicy, r: ReviewOutcomeRecord): ReviewResultView {
  return {
    review: toReviewView(r.review), match: toMatchView(r.match), caseStatus: r.c.status, foundPersonStatus: r.person.status,
    confirmations: { given: r.confirmationsGiven, required: requiredConfirmations(policy) }, superseded: [...r.superseded],
  };
}
