import fc from 'fast-check';
import { signReunionPayload, verifyReunionSignature } from '../../src/hub';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const BODY = '{"id":"evt_known","type":"case.closed","occurredAt":"2025-01-31T08:00:00.000Z","data":{"caseId":"case_1","alertId":"TY-1","outcome":"noReunion","reason":"familyWithdrew"}}';
const TS = 1738310400;
const at = (seconds: number) => () => seconds * 1000;

describe('signReunionPayload / verifyReunionSignature', () => {
  it('when the payload is signed, then the header equals HMAC-SHA256 computed independently (Python hmac) over "timestamp.body"', () => {
    // python3: hmac.new(SECRET, b'1738310400.' + BODY, hashlib.sha256).hexdigest()
    expect(signReunionPayload(SECRET, TS, BODY)).toBe('sha256=1a2b83ce7e95bd8cd7e4ead95de6bd6d0bbc7699ad80fbefe62ac311abf54850');
  });

  it('when a genuine delivery is checked within the tolerance, then it is accepted and the event parsed', () => {
    const result = verifyReunionSignature({
      secret: SECRET, rawBody: Buffer.from(BODY), timestamp: String(TS), signature: signReunionPayload(SECRET, TS, BODY), now: at(TS + 299),
    });

    expect(result).toEqual({ ok: true, event: JSON.parse(BODY) });
  });

  it('when any byte of the body, the timestamp or the signature is changed, then the delivery is rejected as BAD_SIGNATURE', () => {
    fc.assert(fc.property(fc.nat({ max: BODY.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
      const tampered = Buffer.from(BODY);
      tampered[index] = tampered[index]! ^ flip;
      const signature = signReunionPayload(SECRET, TS, BODY);

      const result = verifyReunionSignature({ secret: SECRET, rawBody: tampered, timestamp: String(TS), signature, now: at(TS) });

      expect(result).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    }));
    const good = signReunionPayload(SECRET, TS, BODY);
    const otherDigit = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    expect(verifyReunionSignature({ secret: SECRET, rawBody: BODY, timestamp: String(TS + 1), signature: good, now: at(TS) }).ok).toBe(false);
    expect(verifyReunionSignature({ secret: SECRET, rawBody: BODY, timestamp: String(TS), signature: otherDigit, now: at(TS) }))
      .toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyReunionSignature({ secret: `${SECRET}x`, rawBody: BODY, timestamp: String(TS), signature: good, now: at(TS) }))
      .toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('when a captured delivery is replayed after the tolerance, then it is rejected as STALE_TIMESTAMP (also far in the future)', () => {
    const signature = signReunionPayload(SECRET, TS, BODY);

    expect(verifyReunionSignature({ secret: SECRET, rawBody: BODY, timestamp: String(TS), signature, now: at(TS + 301) }))
      .toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(verifyReunionSignature({ secret: SECRET, rawBody: BODY, timestamp: String(TS), signature, now: at(TS - 301) }))
      .toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(verifyReunionSignature({ secret: SECRET, rawBody: BODY, timestamp: String(TS), signature, now: at(TS + 50), toleranceSeconds: 30 }))
      .toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
  });

  it('when a delivery is replayed within the tolerance, then the seen event id makes it REPLAYED', () => {
    const seen = new Set<string>();
    const delivery = { secret: SECRET, rawBody: BODY, timestamp: String(TS), signature: signReunionPayload(SECRET, TS, BODY), now: at(TS), seenEventIds: seen };

    const first = verifyReunionSignature(delivery);
    if (first.ok) seen.add(first.event.id);
    const again = verifyReunionSignature(delivery);

    expect(first.ok).toBe(true);
    expect(again).toEqual({ ok: false, reason: 'REPLAYED', eventId: 'evt_known' });
  });

  it('when headers are missing or malformed, then MISSING_HEADERS; when a signed body is not an event, then MALFORMED_BODY', () => {
    const signature = signReunionPayload(SECRET, TS, BODY);

    for (const [timestamp, sig] of [[undefined, signature], [String(TS), undefined], ['yesterday', signature], [String(TS), signature.slice(7)], [String(TS), 'sha1=abc']]) {
      expect(verifyReunionSignature({ secret: SECRET, rawBody: BODY, timestamp, signature: sig, now: at(TS) })).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
    }
    const notAnEvent = '[1,2,3]';
    expect(verifyReunionSignature({ secret: SECRET, rawBody: notAnEvent, timestamp: String(TS), signature: signReunionPayload(SECRET, TS, notAnEvent), now: at(TS) }))
      .toEqual({ ok: false, reason: 'MALFORMED_BODY' });
  });

  it('when any body is signed with any secret, then verification with that secret accepts it and with another rejects it', () => {
    fc.assert(fc.property(fc.string({ minLength: 32, maxLength: 64 }), fc.string({ minLength: 32, maxLength: 64 }), fc.jsonValue(), (secret, other, data) => {
      fc.pre(secret !== other);
      const body = JSON.stringify({ id: 'evt_x', type: 'case.closed', occurredAt: '2025-01-01T00:00:00.000Z', data: { value: data } });
      const signature = signReunionPayload(secret, TS, body);

      expect(verifyReunionSignature({ secret, rawBody: body, timestamp: String(TS), signature, now: at(TS) }).ok).toBe(true);
      expect(verifyReunionSignature({ secret: other, rawBody: body, timestamp: String(TS), signature, now: at(TS) }).ok).toBe(false);
    }), { numRuns: 200 });
  });
});
