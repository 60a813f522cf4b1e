/**
 * Public surface of the kinship engine: pure functions over plain data, no I/O, usable from the
 * API, the CLI and search workers. Other modules import from here only.
 */
export {
  AMELOGENIN, KNOWN_LOCI, NomenclatureError, alleleRepeatValue, canonicalAllele, canonicalLocus, findLocus,
  isAutosomalLocus, parseAllele,
  compareAlleles, sortAlleles,
} from './nomenclature';
export type { Allele, AlleleKind, LocusKind } from './nomenclature';
export {
  CaseFormatError, FrequencyTableError, KinshipError, KinshipLimitError, MutationModelError, PedigreeError,
} from './kinship-error';
export type { KinshipErrorCode } from './kinship-error';
export {
  createFrequencyCatalog, minimumAlleleFrequency, normalizeFrequencyTable, normalizeLocusFrequencies,
  resolveLocusFrequencies, validateFrequencyTable,
} from './frequency-table';
export type {
  FrequencyCatalog, FrequencyTable, FrequencyValidationOptions, LocusFrequencies, MinimumFrequencyPolicy,
  ResolvedLocusFrequencies,
} from './frequency-table';
export { MUTATION_MODELS, describeMutation, isIdentityMutation, microvariantGroup, mutationMatrix, resolveMutation } from './mutation-model';
export type { MutationModelName, MutationParameters, MutationSpec, ParentSex, ResolvedMutation } from './mutation-model';
export { compileLocusModel, compileTableLocus, genotypeIndex } from './locus-model';
export type { CompiledLocusModel, LocusModelInput, TableLocusOptions } from './locus-model';
export { SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, compilePedigree } from './pedigree';
export type { CompiledPedigree, Individual, Sex } from './pedigree';
export { genotypeArray } from './genotype-array';
export type { GenotypePair, TypedByPerson } from './genotype-array';
export {
  LOOP_MAX_BREAKER_STATES, THETA_MAX_FOUNDER_STATES, THETA_MAX_UNTYPED_FOUNDERS, genotypeLikelihoods, pedigreeLikelihood,
} from './pedigree-likelihood';
export type { LikelihoodOptions, ThetaMode } from './pedigree-likelihood';
export { baldingNicholsGenotype, baldingNicholsNext } from './balding-nichols';
export { duoLr } from './duo-lr';
export { trioLr } from './trio-lr';
export { kappaLr } from './kappa-lr';
export { fullSiblingLr, halfSiblingLr } from './sibling-lr';
export { KAPPA, relationshipPedigree } from './relationships';
export type { Kappa, PairwiseRelationship } from './relationships';
export { combineLocusLrs, locusLr, locusStatus, posteriorProbability } from './kinship-result';
export type { KinshipResult, LocusLr, LocusStatus } from './kinship-result';
export { STATUS_CODES, missingPersonLocusLr, missingPersonLocusTable, missingPersonLr } from './missing-person-lr';
export type { KinshipOptions, MissingPersonLocusData, MissingPersonLocusTable } from './missing-person-lr';
export { kinshipLocusLr, kinshipLr } from './kinship-lr';
export type { KinshipLocusData } from './kinship-lr';
export { CASE_FREQUENCY_SUM_TOLERANCE, caseLabel, readCaseList, validateKinshipCase } from './case-format';
export type { CaseGenotypes, CaseLocus, KinshipCase, KinshipModeCase, MissingPersonCase } from './case-format';
export { caseToJson, evaluateCase, evaluateCases, putNumber } from './evaluate-cases';
export type { CaseOutcome, EvaluateOptions, EvaluatedCase } from './evaluate-cases';
export { locusKernels, siblingJoint } from './locus-kernels';
export type { LocusKernels } from './locus-kernels';
export { analyzeMissingPersonFamily } from './missing-person-structure';
export type { FamilySide, FamilyStructure } from './missing-person-structure';
export { createMissingPersonLocusScorer, fastMissingPersonLr } from './missing-person-scorer';
export type { FastLocusLr, LocusLrTable, MissingPersonLocusScorer } from './missing-person-scorer';
