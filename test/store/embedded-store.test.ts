import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';
import { MIGRATIONS, migrate } from '../../src/store/embedded/migrations';
import { aProfile, anAuditEntry } from '../support/builders';

describe('EmbeddedStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-embedded-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the store opens a new folder, then the file is in WAL mode with full sync, foreign keys and the latest schema', async () => {
    const store = EmbeddedStore.open({ dataDir: path.join(dir, 'nested', 'var') });
    await store.close();

    const db = new BetterSqlite3(store.file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('when the store is closed and reopened, then committed data is still there and no migration runs twice', async () => {
    const profile = aProfile();
    const first = EmbeddedStore.open({ dataDir: dir });
    await first.profiles.insert(profile);
    await first.close();

    const second = EmbeddedStore.open({ dataDir: dir });

    expect(await second.profiles.findById(profile.id)).toEqual(profile);
    await second.close();
  });

  it('when the file was written by a newer schema, then opening refuses with a clear error', () => {
    const file = path.join(dir, 'reunion.sqlite');
    const db = new BetterSqlite3(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();

    expect(() => EmbeddedStore.open({ dataDir: dir })).toThrow(/newer than this service knows/);
  });

  it('when migrations are applied to an empty database, then each one bumps user_version once', () => {
    const db = new BetterSqlite3(':memory:');

    const version = migrate(db, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)']);

    expect(version).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(migrate(db, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'])).toBe(2);
    db.close();
  });

  it('when someone tries to change or delete an audit record in the file, then SQLite refuses', async () => {
    const store = EmbeddedStore.open({ dataDir: dir });
    await store.audit.append(anAuditEntry({ id: 'aud_1' }));
    await store.close();

    const db = new BetterSqlite3(store.file);
    expect(() => db.prepare("UPDATE audit SET actor = 'someone else' WHERE id = 'aud_1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit WHERE id = 'aud_1'").run()).toThrow(/append-only/);
    db.close();
  });

  it('when code inside a transaction writes through the store instead of tx, then it fails fast instead of deadlocking', async () => {
    const store = EmbeddedStore.open({ dataDir: dir });

    await expect(store.transaction(async () => {
      await store.profiles.insert(aProfile());
    })).rejects.toThrow(/through the transaction's repositories/);

    expect(await store.profiles.count()).toBe(0);
    await store.close();
  });

  it('when many writes race with a transaction, then each lands outside it and all are stored', async () => {
    const store = EmbeddedStore.open({ dataDir: dir });
    const racing = Array.from({ length: 20 }, () => store.profiles.insert(aProfile()));

    await Promise.all([
      store.transaction(async (tx) => {
        await tx.audit.append(anAuditEntry());
        await new Promise((r) => setTimeout(r, 10));
        throw new Error('rolled back');
      }).catch(() => undefined),
      ...racing,
    ]);

    expect(await store.countRecords()).toMatchObject({ profiles: 20, audit: 0 });
    await store.close();
  });

  it('when the tx object is kept and used after its transaction ended, then it refuses', async () => {
    const store = EmbeddedStore.open({ dataDir: dir });
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });

    await expect(leaked!.profiles.insert(aProfile())).rejects.toThrow(/already finished/);
    await store.close();
  });
});
