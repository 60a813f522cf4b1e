import type { AuditAction, AuditTargetType } from '../../domain';
import type { TxContext } from './context';

/**
 * Appends an audit record through `ctx.tx` — a transaction's repositories, so that the record
 * commits with the change it describes, or not at all.
 */
export async function recordAudit(ctx: TxContext, action: AuditAction, targetType: AuditTargetType, targetId: string): Promise<void> {
  const { actor } = ctx;
  await ctx.tx.audit.append({
    id: ctx.newId('aud'), at: ctx.now().toISOString(), actor: actor.keyId, role: actor.role, org: actor.org,
    action, targetType, targetId, requestId: actor.requestId,
  });
}
