export * from './found-person-views';
export * from './manage-found-persons';
