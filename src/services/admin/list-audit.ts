import type { AuditEntry, AuditListQuery, Page } from '../../domain';
import type { ServiceDeps } from '../service-deps';

/** The audit trail, newest first, filtered (GET /v1/audit, admins). */
export async function listAudit(deps: ServiceDeps, query: AuditListQuery): Promise<Page<AuditEntry>> {
  return deps.store.audit.list(query);
}
