import type { CaseStatus, FoundPerson, FoundPersonStatus, Match, MatchStatus, MissingCase, StatusChangeEntity } from '../domain';
import type { Repositories } from '../store';
import { assertTransition } from './assert-transition';
import type { Actor, ServiceDeps } from './context';

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
export async function changeCaseStatus(
  deps: ServiceDeps, tx: Repositories, actor: Actor, c: MissingCase, to: CaseStatus, details: ChangeDetails = {},
): Promise<MissingCase> {
  assertTransition('case', c.id, c.status, to);
  const at = deps.now().toISOString();
  const next: MissingCase = { ...c, status: to, version: c.version + 1, updatedAt: at };
  await tx.cases.update(next);
  await appendStatusChange(deps, tx, actor, 'case', c.id, c.status, to, at, details);
  return next;
}

/** The found-person counterpart of {@link changeCaseStatus}. */
export async function changeFoundPersonStatus(
  deps: ServiceDeps, tx: Repositories, actor: Actor, p: FoundPerson, to: FoundPersonStatus, details: ChangeDetails = {},
): Promise<FoundPerson> {
  assertTransition('foundPerson', p.id, p.status, to);
  const at = deps.now().toISOString();
  const next: FoundPerson = { ...p, status: to, version: p.version + 1, updatedAt: at };
  await tx.foundPersons.update(next);
  await appendStatusChange(deps, tx, actor, 'foundPerson', p.id, p.status, to, at, details);
  return next;
}

/** The match counterpart of {@link changeCaseStatus} (review decisions and supersession). */
export async function changeMatchStatus(
  deps: ServiceDeps, tx: Repositories, actor: Actor, m: Match, to: MatchStatus, details: ChangeDetails = {},
): Promise<Match> {
  assertTransition('match', m.id, m.status, to);
  const at = deps.now().toISOString();
  const next: Match = { ...m, status: to, version: m.version + 1, updatedAt: at };
  await tx.matches.update(next);
  await appendStatusChange(deps, tx, actor, 'match', m.id, m.status, to, at, details);
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
