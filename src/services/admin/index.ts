export * from './admin-views';
export * from './evaluate-kinship';
export * from './get-stats';
export * from './list-audit';
export * from './manage-api-keys';
export * from './manage-frequency-tables';
export * from './manage-search-policy';
export * from './seed-sample-data';
