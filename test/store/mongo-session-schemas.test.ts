import mongoose from 'mongoose';
import type { Session } from '../../src/store';
import { registerModels } from '../../src/store/mongo/mongo-store';
import { SESSION_SCHEMAS, sessionMappers } from '../../src/store/mongo/mongo-sessions';

/** What mongoose can check of the session collection without a server: validation, round trip, indexes. */
describe('MongoDB session collection without a server', () => {
  const conn = mongoose.createConnection();
  const models = registerModels(conn);

  afterAll(async () => {
    await conn.close();
  });

  const session: Session = {
    id: 'ses_1', tokenHash: 'a'.repeat(64), keyId: 'key_1', role: 'investigator', org: 'PSB-01', createdAt: '2025-01-02T03:04:05.006Z',
    lastSeenAt: '2025-01-02T03:04:05.006Z', expiresAt: '2025-01-02T11:04:05.006Z', absoluteExpiresAt: '2025-01-03T03:04:05.006Z', revokedAt: null,
  };

  it('when a session is mapped to a document, then it validates and maps back unchanged; an unknown role names that path', async () => {
    const doc = new models.Session(sessionMappers.fromSession(session));
    const bad = new models.Session({ ...sessionMappers.fromSession(session), role: 'root' });

    expect(await doc.validate()).toBeUndefined();
    expect(sessionMappers.toSession(doc.toObject() as never)).toEqual(session);
    await expect(bad.validate()).rejects.toMatchObject({ errors: { role: expect.anything() } });
  });

  it('when the index definitions are read, then the token hash is unique and expiry is indexed for the purge', () => {
    expect(SESSION_SCHEMAS.Session.indexes()).toEqual([
      [{ tokenHash: 1 }, expect.objectContaining({ unique: true })],
      [{ expiresAt: 1 }, expect.anything()],
    ]);
  });
});
