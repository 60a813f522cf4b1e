import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../src/lib';
import { type Session, type Store } from '../../src/store';
import { contractAdapters } from '../support/store-adapters';

/** The contract of the session repository (src/store/session-store.ts); Mongo runs with MONGODB_URI. */
const adapters = contractAdapters('session');

const T0 = Date.parse('2025-06-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const HOUR = 3_600_000;

function aSession(over: Partial<Session> = {}): Session {
  return {
    id: `ses_${randomUUID()}`, tokenHash: randomUUID().replace(/-/g, ''), keyId: 'key_inv', role: 'investigator', org: 'PSB-01',
    createdAt: at(0), lastSeenAt: at(0), expiresAt: at(8 * HOUR), absoluteExpiresAt: at(24 * HOUR), revokedAt: null, ...over,
  };
}

describe.each(adapters)('Session store contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  it('when a session is inserted, then it is found by its token hash unchanged, and a second one with the same hash is a DUPLICATE_KEY conflict', async () => {
    const session = aSession();
    await store.sessions.insert(session);

    expect(await store.sessions.findByTokenHash(session.tokenHash)).toEqual(session);
    expect(await store.sessions.findByTokenHash('no-such-hash')).toBeNull();
    await expect(store.sessions.insert(aSession({ tokenHash: session.tokenHash }))).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
    await expect(store.sessions.insert(aSession({ tokenHash: session.tokenHash }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('when a session is touched, then its last use and idle expiry move and nothing else changes', async () => {
    const session = aSession();
    await store.sessions.insert(session);

    await store.sessions.touch(session.id, at(HOUR), at(9 * HOUR));

    expect(await store.sessions.findByTokenHash(session.tokenHash)).toEqual({ ...session, lastSeenAt: at(HOUR), expiresAt: at(9 * HOUR) });
  });

  it('when a session is revoked twice, then the first time is kept, and revoking an unknown session says false', async () => {
    const session = aSession();
    await store.sessions.insert(session);

    expect(await store.sessions.revoke(session.id, at(HOUR))).toBe(true);
    expect(await store.sessions.revoke(session.id, at(2 * HOUR))).toBe(true);
    expect(await store.sessions.revoke('ses_none', at(HOUR))).toBe(false);

    expect((await store.sessions.findByTokenHash(session.tokenHash))!.revokedAt).toBe(at(HOUR));
  });

  it('when expired sessions are deleted, then those past their idle or absolute expiry go and live ones stay', async () => {
    const idle = aSession({ expiresAt: at(HOUR) });
    const absolute = aSession({ expiresAt: at(30 * HOUR), absoluteExpiresAt: at(2 * HOUR) });
    const live = aSession({ expiresAt: at(5 * HOUR) });
    for (const s of [idle, absolute, live]) await store.sessions.insert(s);

    expect(await store.sessions.deleteExpired(at(3 * HOUR))).toBe(2);

    expect(await store.sessions.findByTokenHash(idle.tokenHash)).toBeNull();
    expect(await store.sessions.findByTokenHash(absolute.tokenHash)).toBeNull();
    expect(await store.sessions.findByTokenHash(live.tokenHash)).toEqual(live);
  });
});
