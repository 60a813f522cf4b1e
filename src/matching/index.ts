/**
 * Public surface of the matching engine: the packed search index, the screened exact searches in
 * both directions and the worker pool that runs them. Other modules import from here only.
 */
export { MatchingEngine } from './matching-engine';
export type { EngineStats, FamilyInput, MatchingEngineOptions } from './matching-engine';
export type { Candidate, LocusBreakdown, Score, SearchPolicyValues, SearchResult } from './search-result';
export type { ScanStats } from './search-task';
export { runKinshipTask, type KinshipTask, type KinshipTaskResult } from './kinship-task';
export type { ProfileGenotypes } from './locus-panel';
export { mutationForLocus } from './mutation-policy';
export type { LocusMutationRate, MutationPolicy } from './mutation-policy';
export { mulberry32 } from './mulberry32';
export { readIndexSnapshot, snapshotIdentity, writeIndexSnapshot } from './index-snapshot';
export type { SnapshotAnchor, SnapshotHeader, SnapshotModel, SnapshotProgress, SnapshotRead } from './index-snapshot';
