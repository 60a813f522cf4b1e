import {
  CASE_STATUSES, FOUND_PERSON_STATUSES, SEARCHED_CASE_STATUSES, type CaseStatus, type FoundPersonStatus, type StatsView,
} from '../../domain';
import type { StoreAccess } from '../shared';

/**
 * Operational statistics (GET /v1/stats), each an indexed count or median in the store:
 * counts by status use the (status, createdAt) indexes; the medians read only the one or two
 * middle values of the sorted durations (see StatusChangeRepository).
 */
export async function getStats(access: StoreAccess): Promise<StatsView> {
  const { store } = access;
  const caseCounts = await Promise.all(CASE_STATUSES.map(async (status) => [status, (await store.cases.list({ status, limit: 1, offset: 0 })).total] as const));
  const personCounts = await Promise.all(FOUND_PERSON_STATUSES.map(async (status) => [status, (await store.foundPersons.list({ status, limit: 1, offset: 0 })).total] as const));
  const byStatus = Object.fromEntries(caseCounts) as Record<CaseStatus, number>;
  const personsByStatus = Object.fromEntries(personCounts) as Record<FoundPersonStatus, number>;
  const [alertsRegistered, reunions, medianUploadToCandidateMs, medianCandidateToReunionMs, deliveries] = await Promise.all([
    store.hubAlerts.count(),
    store.statusChanges.countEntitiesReaching('case', 'reunited'),
    store.statusChanges.medianUploadToCandidateMs(),
    store.statusChanges.medianCandidateToReunionMs(),
    store.outbox.countByStatus(),
  ]);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    alertsRegistered,
    cases: { total: sum(Object.values(byStatus)), open: sum(SEARCHED_CASE_STATUSES.map((s) => byStatus[s])), byStatus },
    foundPersons: { total: sum(Object.values(personsByStatus)), byStatus: personsByStatus },
    candidates: byStatus.candidate + byStatus.retestRequested,
    reunions,
    medianUploadToCandidateMs,
    medianCandidateToReunionMs,
    deliveries,
    generatedAt: access.now().toISOString(),
  };
}
