import { createHmac } from 'node:crypto';

/** Header names of a webhook delivery. */
export const TIMESTAMP_HEADER = 'X-Reunion-Timestamp';
export const SIGNATURE_HEADER = 'X-Reunion-Signature';

/**
 * The signature header value of a delivery: `sha256=` + hex HMAC-SHA256 (RFC 2104, FIPS 198-1)
 * keyed by the subscription secret over `${timestampSeconds}.${rawBody}`. Binding the timestamp
 * into the MAC lets the receiver reject old captures (the scheme of Stripe's and GitHub's webhooks).
 */
export function signReunionPayload(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestampSeconds}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}
