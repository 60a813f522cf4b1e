export * from './case-views';
export * from './close-case';
export * from './manage-cases';
export * from './manage-family';
