/** The alert hub's side: alerts in (each opens or updates a case), webhook subscriptions, events and deliveries out. */
export { getHubEvent, listDeliveries, redeliverEvent } from './manage-hub-events';
export { createSubscription, disableSubscription, listSubscriptions } from './manage-hub-subscriptions';
export { getHubAlert, registerHubAlert, type RegisteredAlert } from './register-hub-alert';
