import type { AuditAction, AuditEntry, AuditTargetType } from '../../domain';
import type { TxContext } from './context';

/**
 * Appends an audit record through `ctx.tx` — a transaction's repositories, so that the record
 * commits with the change it describes, or not at all.
 */
export async function recordAudit(ctx: TxContext, action: AuditAction, targetType: AuditTargetType, targetId: string): Promise<void> {
  await ctx.tx.audit.append(auditEntry(ctx, action, targetType, targetId));
}

/** The audit record of one action by the context's actor, now (appended by {@link recordAudit}, or many at once by a bulk use case). */
export function auditEntry(ctx: TxContext, action: AuditAction, targetType: AuditTargetType, targetId: string): AuditEntry {
  const { actor } = ctx;
  return {
    id: ctx.newId('aud'), at: ctx.now().toISOString(), actor: actor.keyId, role: actor.role, org: actor.org,
    action, targetType, targetId, requestId: actor.requestId,
  };
}
