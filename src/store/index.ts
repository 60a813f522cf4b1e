export type {
  ApiKeyRepository, AuditRepository, CaseRepository, FamilyMember, FamilyRecord, FoundPersonRecord,
  FoundPersonRepository, FrequencyTableRepository, ProfileQuery, ProfileRepository, Repositories, Store,
} from './store';
export { EmbeddedStore, type EmbeddedStoreOptions } from './embedded/embedded-store';
export { openStore } from './open-store';
export { MongoStore, registerModels, listFilters, mappers, type MongoModels, type MongoStoreOptions } from './mongo/mongo-store';
export { SCHEMAS } from './mongo/mongo-schemas';
export { MIGRATIONS, migrate } from './embedded/migrations';
export type {
  ClaimRequest, DeliveryOutcome, HubAlertRepository, HubRepositories, OutboxRepository, StatusChangeRepository, SubscriptionRepository,
} from './hub-store';
export { medianOfSorted } from './hub-store';
export type { JobRepository, MatchingRepositories, MatchListQuery, MatchRepository, SearchPolicyRepository } from './matching-store';
export type { ReviewRepositories, ReviewRepository } from './review-store';
export type { Session, SessionRepositories, SessionRepository } from './session-store';
