/**
 * Lab-export importers: pure functions from an upload (string or bytes) to plain profile,
 * frequency-table and case objects, with issues for everything that was not imported. Nothing
 * here stores or logs; the results carry genetic data and must not be logged either.
 */
export { ImportError, type ImportErrorCode } from './import-error';
export type {
  Amelogenin, FrequencyTable, ImportedProfile, ImportFormat, ImportIssue, ImportResult, IssueCode, LocusMutation,
  ProfileFormat, ProfileKind, ProfileSource, RelationshipHint, Sex, SexMutation,
} from './types';
export { RELATIONSHIP_HINTS } from './types';
export { decodeText, type TextInput } from './decode-text';
export { detectFormat } from './detect-format';
export { importProfiles, type ImportProfilesOptions } from './import-profiles';
export { parseGeneMapper } from './parse-gene-mapper';
export { parseProfilesCsv } from './parse-profiles-csv';
export { formatProfilesCsv, type CsvProfile } from './format-profiles-csv';
export { parseCmf, type CmfHeaderValues, type CmfImportResult } from './parse-cmf';
export { formatCmf, type CmfExportHeader, type CmfExportOptions, type CmfProfile } from './format-cmf';
export {
  formatFamiliasCase, type FamiliasCaseExtra, type FamiliasCaseInput, type FamiliasCaseMarker, type FamiliasCasePedigree, type FamiliasCasePerson,
} from './format-familias-case';
export { CMF_KITS, CMF_LOCUS_NAMES, CMF_SPECIMEN_CATEGORIES, KINSHIP_CATEGORIES } from './cmf-vocabulary';
export { FAMILIAS_MEDIA_TYPE } from './familias-file';
export { parseFamiliasDatabase, type FamiliasDatabase, type FamiliasDatabaseOptions } from './parse-familias-database';
export { parseFrequencyList, type FrequencyListOptions, type FrequencyListResult } from './parse-frequency-list';
export {
  parseFamiliasCase, type CaseIndividual, type CaseLocus, type FamiliasCaseResult, type KinshipCase,
} from './parse-familias-case';
