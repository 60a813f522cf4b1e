/** Cases: missing-child cases, their reference family (relatives or a raw pedigree), history and closing. */
export { toCaseView } from './case-views';
export { closeCase, getCaseHistory } from './close-case';
export { getCase, insertNewCase, listCases, openCase, type CasePorts } from './open-case';
export { addRelative } from './add-relative';
export { openCasesBulk, type CaseWithRelatives } from './open-cases-bulk';
export { openFamiliesBulk, type FamilyWithSamples } from './open-families-bulk';
export { getPedigree } from './get-pedigree';
export { setPedigree } from './set-pedigree';
export { exportFamiliasCase, type FamiliasExport, type FamiliasExportPorts } from './export-familias-case';
