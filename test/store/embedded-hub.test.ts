import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';
import { migrate, MIGRATIONS } from '../../src/store/embedded/migrations';
import { HUB_MIGRATION } from '../../src/store/embedded/hub-migration';
import { aStatusChange } from '../support/hub-builders';

describe('embedded store: hub tables', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-embedded-hub-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the status history is changed or deleted in SQL, then the database refuses (append-only)', async () => {
    const store = EmbeddedStore.open({ dataDir: dir });
    await store.statusChanges.append(aStatusChange({ id: 'sc_1' }));
    await store.close();
    const db = new BetterSqlite3(path.join(dir, 'reunion.sqlite'));

    expect(() => db.prepare("UPDATE status_changes SET to_status = 'reunited' WHERE id = 'sc_1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM status_changes WHERE id = 'sc_1'").run()).toThrow(/append-only/);
    db.close();
  });

  it('when the hub migration runs again under another number (after a merge reorders migrations), then it is harmless', () => {
    const db = new BetterSqlite3(path.join(dir, 'x.sqlite'));
    migrate(db);

    expect(() => migrate(db, [...MIGRATIONS, HUB_MIGRATION])).not.toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    db.close();
  });
});
