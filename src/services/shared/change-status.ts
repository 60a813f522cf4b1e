import type { CaseStatus, FoundPerson, FoundPersonStatus, Match, MatchStatus, MissingCase, StatusChangeEntity } from '../../domain';
import { assertTransition } from './assert-transition';
import type { TxContext } from './context';

export interface ChangeDetails {
  /** reason code or cause, e.g. "familyWithdrew" or "match.confirmed" */
  readonly reason?: string | null;
  /** internal note (never sent to the hub) */
  readonly note?: string | null;
}

/**
 * Moves a case to `to` in the transaction: checks the transition table, stores the next version
 * (a concurrent change makes this a STALE_VERSION conflict) and appends the status history.
 * @throws ConflictError `INVALID_TRANSITION` when the table does not allow it.
 */
export function changeCaseStatus(ctx: TxContext, c: MissingCase, to: CaseStatus, details: ChangeDetails = {}): Promise<MissingCase> {
  return changeStatus(ctx, 'case', c, to, (next) => ctx.tx.cases.update(next), details);
}

/** The found-person counterpart of {@link changeCaseStatus}. */
export function changeFoundPersonStatus(ctx: TxContext, p: FoundPerson, to: FoundPersonStatus, details: ChangeDetails = {}): Promise<FoundPerson> {
  return changeStatus(ctx, 'foundPerson', p, to, (next) => ctx.tx.foundPersons.update(next), details);
}

/** The match counterpart of {@link changeCaseStatus} (review decisions and supersession). */
export function changeMatchStatus(ctx: TxContext, m: Match, to: MatchStatus, details: ChangeDetails = {}): Promise<Match> {
  return changeStatus(ctx, 'match', m, to, (next) => ctx.tx.matches.update(next), details);
}

interface Versioned<S extends string> {
  readonly id: string;
  readonly status: S;
  readonly version: number;
  readonly updatedAt: string;
}

async function changeStatus<S extends string, T extends Versioned<S>>(
  ctx: TxContext, entity: StatusChangeEntity, record: T, to: S, save: (next: T) => Promise<unknown>, details: ChangeDetails,
): Promise<T> {
  assertTransition(entity, record.id, record.status, to);
  const at = ctx.now().toISOString();
  const next: T = { ...record, status: to, version: record.version + 1, updatedAt: at };
  await save(next);
  await appendStatusChange(ctx, { entityType: entity, entityId: record.id, from: record.status, to, at }, details);
  return next;
}

/** One move of a status history: which record, from and to, and when. */
interface StatusMove {
  readonly entityType: StatusChangeEntity;
  readonly entityId: string;
  readonly from: string;
  readonly to: string;
  readonly at: string;
}

/** Appends one entry to the append-only status history. */
async function appendStatusChange(ctx: TxContext, move: StatusMove, details: ChangeDetails = {}): Promise<void> {
  await ctx.tx.statusChanges.append({
    id: ctx.newId('sc'), ...move, actor: ctx.actor.keyId, reason: details.reason ?? null, note: details.note ?? null,
  });
}
