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
export {
  MUTATION_MODELS, describeMutation, describeMutations, effectiveMutation, isIdentityMutation, microvariantGroup, mutationMatrix, resolveMutation,
} from './mutation-model';
export type { MutationModelName, MutationParameters, MutationSpec, ParentSex, ResolvedMutation } from './mutation-model';
export { compileLocusModel, compileTableLocus, genotypeIndex } from './locus-model';
export type { CompiledLocusModel, LocusModelInput, TableLocusOptions } from './locus-model';
export { SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, compilePedigree } from './pedigree';
export type { CompiledPedigree, Individual, Sex } from './pedigree';
export { genotypeArray } from './genotype-array';
export type { GenotypePair, TypedByPerson } from './genotype-array';
export { genotypeLikelihoods, pedigreeLikelihood } from './pedigree-likelihood';
export type { LikelihoodOptions } from './pedigree-likelihood';
export { LOOP_MAX_BREAKER_STATES } from './loop-breakers';
export { THETA_MAX_FOUNDER_STATES, THETA_MAX_UNTYPED_FOUNDERS } from './theta-founders';
export type { ThetaMode } from './theta-founders';
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
export { KinshipCaseCache } from './kinship-case-cache';
export type { CaseOutcome, EvaluateOptions, EvaluatedCase } from './evaluate-cases';
export { locusKernels, siblingJoint } from './locus-kernels';
export type { LocusKernels } from './locus-kernels';
export { analyzeMissingPersonFamily } from './missing-person-structure';
export type { FamilySide, FamilyStructure } from './missing-person-structure';
export { createMissingPersonLocusScorer, fastMissingPersonLr } from './missing-person-scorer';
export type { FastLocusLr, LocusLrTable, MissingPersonLocusScorer } from './missing-person-scorer';
export { unrelatedLocusLrs } from './unrelated-locus-lrs';
export type { UnrelatedLocusLrs } from './unrelated-locus-lrs';
export { binLog10Lrs } from './bin-log10-lrs';
export type { BinnedLog10Lrs, CoarseTail } from './bin-log10-lrs';
export { convolveLog10Lrs } from './convolve-log10-lrs';
export type { Log10LrTail } from './convolve-log10-lrs';
export { exceedanceDistribution } from './exceedance-distribution';
export type { UnrelatedLrDistribution } from './exceedance-distribution';
export { DEFAULT_STEP_LOG10, createUnrelatedLrCalibrator } from './create-unrelated-lr-calibrator';
export type { LrExceedance, Tail, UnrelatedLrCalibrator, UnrelatedLrOptions } from './create-unrelated-lr-calibrator';
export { unrelatedLrDistribution } from './unrelated-lr-distribution';
export { probabilityMeetingPolicy } from './probability-meeting-policy';
export type { CandidatePolicy } from './probability-meeting-policy';
export { databasePosterior } from './database-posterior';
export type { DatabasePosterior, DatabasePosteriorInput, ScreenedOutRecords } from './database-posterior';
export { MOMENT_EXPONENTS, log10LrMoments } from './log10-lr-moments';
export { chernoffExceedance } from './chernoff-exceedance';
export { saddlepointExceedance } from './saddlepoint-exceedance';
export { FOUND_PERSON_RELATIONSHIPS, RELATIONSHIP_SEX, placeFoundPerson } from './place-found-person';
export type { FoundPersonPlacement, FoundPersonRelationship } from './place-found-person';
export { DEFAULT_ALTERNATIVE_RATIO, alternativeRelationships, isAlternativeClose } from './alternative-relationships';
export type {
  AlternativeRelationship, AlternativeRelationships, AlternativeRelationshipsInput, RelationshipLr,
} from './alternative-relationships';
export { conditionalGenotypeDistribution } from './conditional-genotype-distribution';
export { relationshipToMissing } from './relationship-to-missing';
export { DEFAULT_POWER_SIMULATIONS, familyPower } from './family-power';
export type { FamilyPower, FamilyPowerInput, PowerPolicy, SamplingCandidate } from './family-power';
