import type { CaseHistoryView, CaseView, CloseCaseInput } from '../../domain';
import { publishEvent } from '../../hub';
import { toCaseView } from './case-views';
import { changeCaseStatus, findCase, recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';

/**
 * Closes a case (POST /v1/cases/:id/close): `closed` after a reunion, or `closedNoReunion` with a
 * reason code from any status before one. In one transaction: the status change and its history,
 * the audit record, and the `case.closed` event in the outbox for the alert hub (ids and codes
 * only; the note stays internal).
 * @throws ConflictError `INVALID_TRANSITION` when the case's status does not allow it.
 */
export async function closeCase(access: StoreAccess, actor: Actor, caseId: string, input: CloseCaseInput): Promise<CaseView> {
  return runTransaction(access, actor, async (ctx) => {
    const c = await findCase(ctx.tx, caseId);
    const reason = input.status === 'closedNoReunion' ? input.reason : null;
    const closed = await changeCaseStatus(ctx, c, input.status, { reason, note: input.note ?? null });
    await recordAudit(ctx, 'case.close', 'case', c.id);
    await publishEvent(ctx, ctx.tx, {
      type: 'case.closed', caseId: c.id,
      data: {
        caseId: c.id, alertId: c.alertId, outcome: input.status === 'closed' ? 'reunited' : 'noReunion',
        ...(reason ? { reason } : {}),
      },
    });
    return toCaseView(closed);
  });
}

/** The case's status history and its outbox events, oldest first (GET /v1/cases/:id/history). */
export async function getCaseHistory(access: Pick<StoreAccess, 'store'>, caseId: string): Promise<CaseHistoryView> {
  const { store } = access;
  const c = await findCase(store, caseId);
  const [changes, events] = await Promise.all([
    store.statusChanges.listFor('case', c.id),
    store.outbox.listEventsOfCase(c.id),
  ]);
  return {
    caseId: c.id, status: c.status,
    changes: changes.map((x) => ({ ...x })),
    events: events.map((e) => ({ id: e.id, type: e.type, caseSeq: e.caseSeq, occurredAt: e.occurredAt })),
  };
}
