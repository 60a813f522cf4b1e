import type { Match, MatchReviewsView, MissingCase, ReviewInput, ReviewResultView } from '../../domain';
import { lrBand, publishEvent } from '../../hub';
import { ConflictError } from '../../lib';
import {
  assertTransition, changeCaseStatus, changeFoundPersonStatus, changeMatchStatus, recordAudit, runTransaction, storeContext, type Actor,
  type StoreAccess, type TxContext,
} from '../shared';
import type { ReviewPolicy, ReviewPorts } from './matching-ports';
import { attachRetestProfile } from './retest-match';
import {
  assertCaseUnderReview, currentConfirmations, loadReviewContext, requiredConfirmations, storeReview, toReviewResultView, toReviewView,
  type ReviewContext, type ReviewOutcomeRecord,
} from './review-records';
import { openMatchesOf, settleCaseStatus, settleFoundPersonStatus } from './settle-statuses';

/**
 * An investigator's review of a match (POST /v1/matches/:id/reviews): confirm, reject, or re-test.
 * Each runs in one store transaction with its review record, status changes (match, case, found
 * person, competing matches), audit record and outbox events; a refused review stores nothing.
 * A re-test that attaches a re-sampled profile re-scores the match (retest-match.ts).
 */
export async function reviewMatch(ports: ReviewPorts, actor: Actor, matchId: string, input: ReviewInput): Promise<ReviewResultView> {
  if (input.decision === 'retest' && input.retestProfileId !== undefined) {
    return toReviewResultView(ports.policy, await attachRetestProfile(ports, actor, matchId, input));
  }
  const done = await runTransaction(ports, actor, async (ctx) => {
    const read = await loadReviewContext(ctx.tx, matchId);
    if (input.decision === 'confirm') return confirmMatch(ctx, ports.policy, read, input.note);
    if (input.decision === 'reject') return rejectMatch(ctx, read, input.note);
    return requestRetest(ctx, read, input.note);
  });
  return toReviewResultView(ports.policy, done);
}

/**
 * Confirm: checks the transition tables for match, case and found person and the review policy
 * (a completed re-test, two different investigators), then either records a pending confirmation
 * or confirms: match confirmed, competing open matches superseded, case reunited, found person
 * identified, `match.confirmed` and `case.reunited` published.
 * @throws ConflictError FOUND_PERSON_IDENTIFIED, INVALID_TRANSITION, RETEST_REQUIRED, SAME_INVESTIGATOR.
 */
async function confirmMatch(ctx: TxContext, policy: ReviewPolicy, read: ReviewContext, note?: string): Promise<ReviewOutcomeRecord> {
  const { match, c, person, reviews } = read;
  const { actor } = ctx;
  if (person.status === 'identified') {
    throw new ConflictError('FOUND_PERSON_IDENTIFIED', `found person ${person.id} is identified already (confirmed for another case); match ${match.id} cannot be confirmed`);
  }
  assertTransition('match', match.id, match.status, 'confirmed');
  assertTransition('case', c.id, c.status, 'reunited');
  assertTransition('foundPerson', person.id, person.status, 'identified');
  if (policy.requireRetestBeforeConfirm && !reviews.some((r) => r.outcome === 'retestPassed')) {
    throw new ConflictError('RETEST_REQUIRED', `match ${match.id} has no completed re-test; the policy confirms only re-tested matches (retest with a re-sampled profile first)`);
  }
  const given = currentConfirmations(reviews);
  if (given.some((r) => r.actor === actor.keyId)) {
    throw new ConflictError('SAME_INVESTIGATOR', `this investigator confirmed match ${match.id} already; a second, different investigator must confirm`);
  }
  await recordAudit(ctx, 'match.review', 'match', match.id);
  if (given.length + 1 < requiredConfirmations(policy)) {
    const review = await storeReview(ctx, match, match, 'confirm', 'confirmationPending', note);
    return { review, match, c, person, confirmationsGiven: given.length + 1, superseded: [] };
  }
  const confirmed = await changeMatchStatus(ctx, match, 'confirmed', { reason: 'review.confirm', note: note ?? null });
  const superseded = await supersedeCompetitors(ctx, match);
  const reunited = await changeCaseStatus(ctx, c, 'reunited', { reason: 'match.confirmed' });
  const identified = await changeFoundPersonStatus(ctx, person, 'identified', { reason: 'match.confirmed' });
  const review = await storeReview(ctx, match, confirmed, 'confirm', 'confirmed', note);
  const ids = { caseId: c.id, alertId: c.alertId, foundPersonId: person.id, matchId: match.id };
  await publishEvent(ctx, ctx.tx, { type: 'match.confirmed', caseId: c.id, data: { ...ids, lrBand: lrBand(match.log10Lr) } });
  await publishEvent(ctx, ctx.tx, { type: 'case.reunited', caseId: c.id, data: ids });
  return { review, match: confirmed, c: reunited, person: identified, confirmationsGiven: given.length + 1, superseded };
}

/**
 * The open matches of the same found person (other cases) and of the same case (other found
 * persons) become superseded; their other case or found person then follows its remaining matches.
 */
async function supersedeCompetitors(ctx: TxContext, confirmed: Match): Promise<string[]> {
  const competitors = [
    ...await openMatchesOf(ctx.tx, { foundPersonId: confirmed.foundPersonId }),
    ...await openMatchesOf(ctx.tx, { caseId: confirmed.caseId }),
  ].filter((m, i, all) => m.id !== confirmed.id && all.findIndex((x) => x.id === m.id) === i);
  for (const m of competitors) {
    await changeMatchStatus(ctx, m, 'superseded', { reason: 'match.confirmed', note: `superseded by match ${confirmed.id}` });
  }
  for (const m of competitors) {
    if (m.caseId !== confirmed.caseId) await settleCaseStatus(ctx, m.caseId, 'match.superseded');
    if (m.foundPersonId !== confirmed.foundPersonId) await settleFoundPersonStatus(ctx, m.foundPersonId, 'match.superseded');
  }
  return competitors.map((m) => m.id);
}

/** Reject: the match is rejected; the case and found person go back when no open match remains. */
async function rejectMatch(ctx: TxContext, read: ReviewContext, note?: string): Promise<ReviewOutcomeRecord> {
  assertCaseUnderReview(read.c);
  const rejected = await changeMatchStatus(ctx, read.match, 'rejected', { reason: 'review.reject', note: note ?? null });
  return settleAfter(ctx, read, rejected, 'reject', 'rejected', 'match.rejected', note);
}

/** Re-test without a profile yet: the match waits for the re-sample, the case is retestRequested. */
async function requestRetest(ctx: TxContext, read: ReviewContext, note?: string): Promise<ReviewOutcomeRecord> {
  assertCaseUnderReview(read.c);
  const waiting = await changeMatchStatus(ctx, read.match, 'retest', { reason: 'review.retest', note: note ?? null });
  return settleAfter(ctx, read, waiting, 'retest', 'retestRequested', 'match.retest', note);
}

async function settleAfter(
  ctx: TxContext, read: ReviewContext, after: Match, decision: 'reject' | 'retest',
  outcome: 'rejected' | 'retestRequested', reason: string, note?: string,
): Promise<ReviewOutcomeRecord> {
  const c = (await settleCaseStatus(ctx, read.c.id, reason)) as MissingCase;
  const person = (await settleFoundPersonStatus(ctx, read.person.id, reason)) ?? read.person;
  await recordAudit(ctx, 'match.review', 'match', read.match.id);
  const review = await storeReview(ctx, read.match, after, decision, outcome, note);
  return { review, match: after, c, person, confirmationsGiven: 0, superseded: [] };
}

/** Every review and status change of a match, oldest first (GET /v1/matches/:id/reviews); the read is audited. */
export async function listMatchReviews(ports: StoreAccess & { readonly policy: ReviewPolicy }, actor: Actor, matchId: string): Promise<MatchReviewsView> {
  const read = await loadReviewContext(ports.store, matchId);
  const changes = await ports.store.statusChanges.listFor('match', matchId);
  await recordAudit(storeContext(ports, actor), 'match.reviews.read', 'match', matchId);
  return {
    matchId, status: read.match.status,
    confirmations: { given: currentConfirmations(read.reviews).length, required: requiredConfirmations(ports.policy) },
    reviews: read.reviews.map(toReviewView),
    changes: changes.map((x) => ({ ...x })),
  };
}
