/** Profiles: uploads of lab profiles (one, a batch, a lab export file), their normalisation and reads. */
export { importProfileFile, type ImportFileOptions } from './import-profile-file';
export { autosomalGenotypes, normaliseGenotypes, type NormalisedGenotypes } from './normalise-genotypes';
export { getProfile, listOwnProfiles } from './read-profiles';
export { registerProfile, type ProfilePolicy, type ProfilePorts, type RegisteredProfile } from './register-profile';
export { registerProfilesBatch } from './register-profiles-batch';
