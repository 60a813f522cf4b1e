export * from './shared';
export * from './profiles';
export * from './cases';
export * from './found-persons';
export * from './matches';
export * from './hub';
export * from './admin';
export * from './service-deps';
