import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The verification recipe for receivers of Reunion webhooks (README, "For the alert hub's
 * developers"). Self-contained on purpose (node:crypto only) so that the hub can copy it.
 */
export interface ReunionEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

export interface VerifyReunionSignatureInput {
  /** the subscription secret */
  readonly secret: string;
  /** the request body exactly as received (bytes or text), before any JSON parsing */
  readonly rawBody: string | Buffer;
  /** value of X-Reunion-Timestamp (unix seconds) */
  readonly timestamp: string | undefined | null;
  /** value of X-Reunion-Signature (`sha256=<hex>`) */
  readonly signature: string | undefined | null;
  /** how far the timestamp may be from now, either way; default 300 s */
  readonly toleranceSeconds?: number;
  /** clock in ms since the epoch; Date.now by default */
  readonly now?: () => number;
  /**
   * Event ids already processed (for example a database table). An id found here makes the
   * result `REPLAYED`: answer 2xx without acting again. Add the id only after processing it.
   */
  readonly seenEventIds?: { has(id: string): boolean };
}

export type VerifyReunionSignatureResult =
  | { readonly ok: true; readonly event: ReunionEvent }
  | {
    readonly ok: false;
    readonly reason: 'MISSING_HEADERS' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP' | 'MALFORMED_BODY' | 'REPLAYED';
    /** the event id, for REPLAYED only */
    readonly eventId?: string;
  };

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/**
 * Verifies one delivery: (1) both headers present and well formed; (2) recompute
 * HMAC-SHA256(secret, timestamp + "." + rawBody) and compare in constant time
 * (crypto.timingSafeEqual, so the comparison time does not leak how many bytes matched);
 * (3) timestamp within ±tolerance of now (a captured delivery cannot be replayed later);
 * (4) body is the JSON event; (5) event id not seen before (a replay inside the tolerance window,
 * or a retry of an event already processed).
 */
export function verifyReunionSignature(input: VerifyReunionSignatureInput): VerifyReunionSignatureResult {
  const tolerance = input.toleranceSeconds ?? 300;
  const now = input.now ?? Date.now;
  const timestamp = input.timestamp?.trim();
  const match = SIGNATURE.exec(input.signature?.trim() ?? '');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !match) return { ok: false, reason: 'MISSING_HEADERS' };

  const expected = createHmac('sha256', input.secret).update(`${timestamp}.`).update(input.rawBody).digest();
  const given = Buffer.from(match[1]!, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'BAD_SIGNATURE' };

  if (Math.abs(now() / 1000 - Number(timestamp)) > tolerance) return { ok: false, reason: 'STALE_TIMESTAMP' };

  let event: ReunionEvent;
  try {
    event = JSON.parse(typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8')) as ReunionEvent;
  } catch {
    return { ok: false, reason: 'MALFORMED_BODY' };
  }
  if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof event.data !== 'object' || event.data === null) {
    return { ok: false, reason: 'MALFORMED_BODY' };
  }
  if (input.seenEventIds?.has(event.id)) return { ok: false, reason: 'REPLAYED', eventId: event.id };
  return { ok: true, event };
}
