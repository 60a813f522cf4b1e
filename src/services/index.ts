export { createServiceDeps, SYSTEM_ACTOR, type Actor, type Policy, type ServiceDeps } from './context';
export { registerProfile, prepareProfile, type RegisteredProfile, type PreparedProfile } from './register-profile';
export { registerProfilesBatch } from './register-profiles-batch';
export { getProfile, listOwnProfiles } from './read-profiles';
export { openCase, getCase, listCases } from './manage-cases';
export { addRelative, setPedigree, getPedigree } from './manage-family';
export { registerFoundPerson, getFoundPerson, listFoundPersons } from './manage-found-persons';
export { addFrequencyTable, listFrequencyTables, getFrequencyTable, seedFrequencyTables } from './manage-frequency-tables';
export {
  authenticate, createApiKey, deriveDemoKey, DEMO_ORGS, ensureDemoKeys, hashApiKey, listApiKeys, revokeApiKey, revokeDemoKeys,
  type CreatedKey,
} from './manage-api-keys';
export { listAudit } from './list-audit';
export { normaliseGenotypes, compareAlleles, genotypeHash, autosomalGenotypes, type NormalisedGenotypes } from './normalise-genotypes';
export { seedSampleData, mendelianChild, genotypesFromNistRow, type SampleDataResult } from './seed-sample-data';
export { assertTransition } from './assert-transition';
export { changeCaseStatus, changeFoundPersonStatus, appendStatusChange, type ChangeDetails } from './change-status';
export { closeCase, getCaseHistory } from './close-case';
export { registerHubAlert, getHubAlert, type RegisteredAlert } from './register-hub-alert';
export { createSubscription, listSubscriptions, disableSubscription } from './manage-hub-subscriptions';
export { getHubEvent, listDeliveries, redeliverEvent } from './manage-hub-events';
export { getStats } from './get-stats';
export { BackgroundJobs } from './context';
export { SearchIndex, engineValues, familyInput, kinshipTable, mutationPolicyOf, type SearchIndexOptions } from './search-index';
export { searchFamiliesForFoundPerson, searchFoundPersonsForCase, storeCandidate, familyRecordOf } from './search-matches';
export { ensureSearchPolicy, getSearchPolicy, setSearchPolicy } from './manage-search-policy';
export { startRescore, getJob } from './rescore-matches';
export { listCaseCandidates, listFoundPersonCandidates, getMatch, toMatchView } from './read-matches';
export { adHocSearch } from './ad-hoc-search';
export { importProfileFile, type ImportFileOptions } from './import-profile-file';
export { evaluateKinship, MAX_KINSHIP_CASES, type KinshipEvaluation } from './evaluate-kinship';
export { reviewMatch, listMatchReviews } from './review-match';
export { attachRetestProfile } from './retest-match';
export { changeMatchStatus } from './change-status';
export { openSession, resolveSession, closeSession, csrfTokenOf, isCsrfTokenValid, hashSessionToken, type SessionLimits, type OpenedSession } from './manage-sessions';
