export * from './import-profile-file';
export * from './normalise-genotypes';
export * from './profile-views';
export * from './read-profiles';
export * from './register-profile';
export * from './register-profiles-batch';
