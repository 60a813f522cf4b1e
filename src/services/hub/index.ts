export * from './manage-hub-events';
export * from './manage-hub-subscriptions';
export * from './register-hub-alert';
