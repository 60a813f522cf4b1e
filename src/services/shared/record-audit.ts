import type { AuditAction, AuditTargetType } from '../../domain';
import type { Repositories } from '../../store';
import type { Actor } from './context';
import type { ServiceDeps } from '../service-deps';

/**
 * Appends an audit record through `repos` — pass the transaction's repositories so that the
 * record commits with the change it describes, or not at all.
 */
export async function recordAudit(
  deps: ServiceDeps, repos: Repositories, actor: Actor, action: AuditAction, targetType: AuditTargetType, targetId: string,
): Promise<void> {
  await repos.audit.append({
    id: deps.newId('aud'), at: deps.now().toISOString(), actor: actor.keyId, role: actor.role, org: actor.org,
    action, targetType, targetId, requestId: actor.requestId,
  });
}
