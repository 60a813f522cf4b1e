/** Administration: API keys, the search policy, frequency tables, the audit trail, statistics, kinship evaluation, start-up seeding. */
export { evaluateFamiliasFile, evaluateKinship, MAX_KINSHIP_CASES, type KinshipEvaluation } from './evaluate-kinship';
export { getStats } from './get-stats';
export { listAudit } from './list-audit';
export {
  authenticate, createApiKey, deriveDemoKey, ensureDemoKeys, hashApiKey, listApiKeys, revokeApiKey, revokeDemoKeys,
  type CreatedKey,
} from './manage-api-keys';
export {
  addFrequencyTable, addFrequencyTableFile, getFrequencyTable, listFrequencyTables, seedFrequencyTables, type FrequencyTableFileFormat, type TablePorts,
} from './manage-frequency-tables';
export { ensureSearchPolicy, getSearchPolicy, setSearchPolicy, type PolicyPorts } from './manage-search-policy';
export { genotypesFromNistRow, mendelianChild, seedSampleData, type SampleDataResult, type SamplePorts } from './seed-sample-data';
export {
  closeSession, csrfTokenOf, hashSessionToken, isCsrfTokenValid, openSession, resolveSession, type OpenedSession, type SessionLimits,
} from './manage-sessions';
