/** Profiles: uploads of lab profiles (one, a batch, a lab export file, a bulk import), their normalisation and reads. */
export { importProfileFile, type ImportFileOptions } from './import-profile-file';
export {
  checkSamples, importerActor, importProfilesBulk, storeCheckedSamples, type BulkSampleOutcome, type CheckedSamples,
} from './import-profiles-bulk';
export { autosomalGenotypes, normaliseGenotypes, type NormalisedGenotypes } from './normalise-genotypes';
export { placeOfIssue, readLabFile, type LabFile, type LabFileOptions, type LabFileSample } from './read-lab-file';
export { getProfile, listOwnProfiles } from './read-profiles';
export { registerProfile, type ProfilePolicy, type ProfilePorts, type RegisteredProfile } from './register-profile';
export { registerProfilesBatch } from './register-profiles-batch';
