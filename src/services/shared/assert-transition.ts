import { allowedTransitions, isAllowedTransition, type LifecycleEntity } from '../../domain';
import { ConflictError } from '../../lib';

/**
 * Guards a status change with the entity's transition table (src/domain/lifecycle.ts).
 * @throws ConflictError `INVALID_TRANSITION` (409) naming the entity, from and to, and what is allowed from there.
 */
export function assertTransition(entity: LifecycleEntity, id: string, from: string, to: string): void {
  if (isAllowedTransition(entity, from, to)) return;
  const allowed = allowedTransitions(entity, from);
  throw new ConflictError('INVALID_TRANSITION', `${entity} ${id} cannot go from "${from}" to "${to}"; allowed from "${from}": ${allowed.length ? allowed.join(', ') : 'none (final)'}`, {
    errors: [{ path: 'status', message: `${from} -> ${to} is not a transition of the ${entity} lifecycle` }],
  });
}
