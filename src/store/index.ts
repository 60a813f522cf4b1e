/**
 * The store's public surface: the Store port (types only) and the function that opens the
 * adapter a configuration names. The adapters themselves (src/store/embedded, src/store/mongo)
 * are reached only through openStore; their own tests import them from their paths.
 */
export type {
  ApiKeyRepository, AuditRepository, CaseRepository, ChangeKind, ChangeListener, FamilyMember, FamilyRecord, FoundPersonRecord,
  FoundPersonRepository, FrequencyTableRepository, ProfileQuery, ProfileRepository, Repositories, Store, StoreChange,
} from './store';
export { openStore } from './open-store';
export type {
  ClaimRequest, DeliveryOutcome, HubAlertRepository, HubRepositories, OutboxRepository, StatusChangeRepository, SubscriptionRepository,
} from './hub-store';
export type { LeaseRepository } from './lease-store';
export type { JobRepository, MatchingRepositories, MatchListQuery, MatchRepository, SearchPolicyRepository } from './matching-store';
export type { ReviewRepositories, ReviewRepository } from './review-store';
export type { Session, SessionRepositories, SessionRepository } from './session-store';
