import type { CaseStatus, FoundPerson, FoundPersonStatus, Match, MatchStatus, MissingCase, StatusChangeEntity } from '../../domain';
import type { Repositories } from '../../store';
import { assertTransition } from './assert-transition';
import type { Actor } from './context';
import type { ServiceDeps } from '../service-deps';

export interface ChangeDetails {
  /** reason code or cause, e.g. "familyWithdrew" or "match.confirmed" */
  readonly reason?: string | null;
  /** internal note (never sent to the hub) */
  readonly note?: string | null;
}

/**
 * Moves a case to `to` through `tx`: checks the transition table, stores the next version
 * (a concurrent change makes this a STALE_VERSION conflict) and appends the status history.
 * @throws ConflictError `INVALID_TRANSITION` when the table does not allow it.
 */
export function changeCaseStatus(
  deps: ServiceDeps, tx: Repositories, actor: Actor, c: MissingCase, to: CaseStatus, details: ChangeDetails = {},
): Promise<MissingCase> {
  return changeStatus(deps, tx, actor, 'case', c, to, (next) => tx.cases.update(next), details);
}

/** The found-person counterpart of {@link changeCaseStatus}. */
export function changeFoundPersonStatus(
  deps: ServiceDeps, tx: Repositories, actor: Actor, p: FoundPerson, to: FoundPersonStatus, details: ChangeDetails = {},
): Promise<FoundPerson> {
  return changeStatus(deps, tx, actor, 'foundPerson', p, to, (next) => tx.foundPersons.update(next), details);
}

/** The match counterpart of {@link changeCaseStatus} (review decisions and supersession). */
export function changeMatchStatus(
  deps: ServiceDeps, tx: Repositories, actor: Actor, m: Match, to: MatchStatus, details: ChangeDetails = {},
): Promise<Match> {
  return changeStatus(deps, tx, actor, 'match', m, to, (next) => tx.matches.update(next), details);
}

interface Versioned<S extends string> {
  readonly id: string;
  readonly status: S;
  readonly version: number;
  readonly updatedAt: string;
}

async function changeStatus<S extends string, T extends Versioned<S>>(
  deps: ServiceDeps, tx: Repositories, actor: Actor, entity: StatusChangeEntity, record: T, to: S,
  save: (next: T) => Promise<unknown>, details: ChangeDetails,
): Promise<T> {
  assertTransition(entity, record.id, record.status, to);
  const at = deps.now().toISOString();
  const next: T = { ...record, status: to, version: record.version + 1, updatedAt: at };
  await save(next);
  await appendStatusChange(deps, tx, actor, entity, record.id, record.status, to, at, details);
  return next;
}

/** Appends one entry to the append-only status history (also used for match statuses). */
export async function appendStatusChange(
  deps: ServiceDeps, tx: Repositories, actor: Actor, entityType: StatusChangeEntity, entityId: string, from: string, to: string,
  at: string, details: ChangeDetails = {},
): Promise<void> {
  await tx.statusChanges.append({
    id: deps.newId('sc'), entityType, entityId, from, to, at, actor: actor.keyId, reason: details.reason ?? null, note: details.note ?? null,
  });
}
