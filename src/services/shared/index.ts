export * from './assert-transition';
export * from './change-status';
export * from './context';
export * from './find-case';
export * from './record-audit';
