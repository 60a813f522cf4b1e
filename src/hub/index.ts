export { verifyReunionSignature, type ReunionEvent, type VerifyReunionSignatureInput, type VerifyReunionSignatureResult } from './verify-reunion-signature';
export { signReunionPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign-reunion-payload';
export { backoffDelayMs, type BackoffPolicy } from './backoff-delay';
export { lrBand, LR_BANDS, type LrBand } from './lr-band';
export { publishEvent, webhookBody, type EventToPublish, type PublishContext } from './publish-event';
export { DELIVERY_LEASE, DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';
export { registerOutboxMetrics } from './register-outbox-metrics';
