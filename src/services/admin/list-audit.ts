import type { AuditEntry, AuditListQuery, Page } from '../../domain';
import type { StoreAccess } from '../shared';

/** The audit trail, newest first, filtered (GET /v1/audit, admins). */
export async function listAudit(access: Pick<StoreAccess, 'store'>, query: AuditListQuery): Promise<Page<AuditEntry>> {
  return access.store.audit.list(query);
}
