import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { ChangeListener, FamilyRecord, FoundPersonRecord, Repositories, Store, StoreChange } from '../store';
import { familyRecords } from '../family-record';
import { ChangeListeners } from '../change-listeners';
import type { LeaseRepository } from '../lease-store';
import { AsyncMutex } from './async-mutex';
import { repositories } from './embedded-core';
import { EmbeddedLeases } from './embedded-leases';
import { toCase, toProfile } from './embedded-rows';
import { migrate } from './migrations';
import { all, one, str } from './sql';

export interface EmbeddedStoreOptions {
  /** Folder of the database file; created when absent. */
  readonly dataDir: string;
  readonly fileName?: string;
  /** How long a statement waits for another process's write lock (ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * The embedded store: SQLite through better-sqlite3 in WAL mode, one file under DATA_DIR.
 *
 * better-sqlite3 is synchronous and one connection has one transaction, so an async transaction
 * that awaits between statements would let other requests' statements join it. Every write and
 * every transaction therefore runs behind one {@link AsyncMutex} on the writer connection
 * (BEGIN IMMEDIATE … COMMIT / ROLLBACK), while reads outside transactions use a second,
 * read-only connection that in WAL mode sees only committed data (https://sqlite.org/wal.html §2.2).
 * Every write, single or in a transaction, runs in BEGIN IMMEDIATE … COMMIT: the write lock is taken
 * at once, so another process using the same file (a second replica, `npm run keys`) waits up to
 * the busy timeout. A deferred transaction that read first would instead fail at its first write
 * when the other process committed meanwhile (SQLITE_BUSY_SNAPSHOT, https://sqlite.org/wal.html §2.5),
 * without waiting.
 */
// The store is its own repositories outside a transaction: the interface merges them into the class.
export interface EmbeddedStore extends Repositories {}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly mutex = new AsyncMutex();
  private readonly listeners = new ChangeListeners();
  /** Set while a transaction's callback runs: writes through the store itself would deadlock there. */
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private closed = false;
  readonly leases: LeaseRepository;

  private constructor(private readonly writer: Database, private readonly reader: Database, readonly file: string) {
    const access = {
      read: () => this.reader,
      write: <T>(unit: (db: Database) => T): Promise<T> => {
        this.assertNotInTransaction();
        return this.mutex.run(async () => {
          this.assertOpen();
          return immediate(this.writer, () => unit(this.writer));
        });
      },
      changed: () => this.listeners.notify(),
    };
    Object.assign(this, repositories(access));
    this.leases = new EmbeddedLeases(access);
  }

  /** Opens (creating when needed) and migrates the database file `<dataDir>/reunion.sqlite`. */
  static open(opts: EmbeddedStoreOptions): EmbeddedStore {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, opts.fileName ?? 'reunion.sqlite');
    const busy = opts.busyTimeoutMs ?? 5000;
    const writer = new BetterSqlite3(file);
    // First, so that switching to WAL waits for another process opening the same file at once.
    writer.pragma(`busy_timeout = ${busy}`);
    writer.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives power loss (https://sqlite.org/pragma.html#pragma_synchronous).
    writer.pragma('synchronous = FULL');
    writer.pragma('foreign_keys = ON');
    // Savepoints (every multi-statement write inside a transaction is one) and statement journals
    // in memory rather than in temporary files: they only serve to roll back a part of an open
    // transaction, never to recover after a crash, and a file costs about 20 µs a savepoint
    // (https://sqlite.org/tempfiles.html §2.5, §2.6; https://sqlite.org/pragma.html#pragma_temp_store).
    writer.pragma('temp_store = MEMORY');
    migrate(writer);
    const reader = new BetterSqlite3(file, { readonly: true });
    reader.pragma(`busy_timeout = ${busy}`);
    return new EmbeddedStore(writer, reader, file);
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    this.assertNotInTransaction();
    let recorded = false;
    const result = await this.mutex.run(async () => {
      this.assertOpen();
      let active = true;
      const tx = repositories({
        read: () => {
          if (!active) throw new Error('transaction already finished');
          return this.writer;
        },
        write: async (unit) => {
          if (!active) throw new Error('transaction already finished');
          return unit(this.writer);
        },
        changed: async () => {
          recorded = true;
        },
      });
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.inTransaction.run(true, () => work(tx));
        this.writer.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw e;
      } finally {
        active = false;
      }
    });
    if (recorded) await this.listeners.notify();
    return result;
  }

  async changesSince(seq: number, limit: number): Promise<StoreChange[]> {
    return all(this.reader, 'SELECT seq, kind, entity_id, op FROM changes WHERE seq > @seq ORDER BY seq LIMIT @limit', { seq, limit })
      .map((r) => ({ seq: Number(r.seq), kind: r.kind as StoreChange['kind'], id: str(r.entity_id), op: r.op as StoreChange['op'] }));
  }

  async lastChangeSeq(): Promise<number> {
    return Number(one(this.reader, 'SELECT COALESCE(MAX(seq), 0) AS seq FROM changes')!.seq);
  }

  onChanges(listener: ChangeListener): () => void {
    return this.listeners.add(listener);
  }

  async *iterateFamilies(batchSize = 500): AsyncIterable<FamilyRecord> {
    let after = '';
    for (;;) {
      const rows = all(this.reader, `SELECT * FROM cases WHERE id > @after AND EXISTS
        (SELECT 1 FROM case_profiles cp WHERE cp.case_id = cases.id) ORDER BY id LIMIT @n`, { after, n: batchSize });
      if (rows.length === 0) return;
      const cases = rows.map(toCase);
      yield* await familyRecords(cases, this.profiles);
      after = cases[cases.length - 1]!.id;
    }
  }

  async *iterateFoundPersons(batchSize = 500): AsyncIterable<FoundPersonRecord> {
    let after = '';
    for (;;) {
      const rows = all(this.reader, `SELECT f.id AS fid, f.status AS fstatus, f.version AS fversion, p.*
        FROM found_persons f JOIN profiles p ON p.id = f.profile_id WHERE f.id > @after ORDER BY f.id LIMIT @n`, { after, n: batchSize });
      if (rows.length === 0) return;
      for (const r of rows) {
        const p = toProfile(r);
        yield {
          foundPersonId: str(r.fid), profileId: p.id, status: r.fstatus as FoundPersonRecord['status'],
          sex: p.sex, genotypes: p.genotypes, version: Number(r.fversion),
        };
      }
      after = str(rows[rows.length - 1]!.fid);
    }
  }

  async countRecords(): ReturnType<Store['countRecords']> {
    return {
      profiles: await this.profiles.count(),
      cases: await this.cases.count(),
      foundPersons: await this.foundPersons.count(),
      frequencyTables: await this.frequencyTables.count(),
      apiKeys: await this.apiKeys.count(),
      audit: await this.audit.count(),
    };
  }

  async ping(): Promise<void> {
    this.assertOpen();
    one(this.reader, 'SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.run(async () => {
      this.closed = true;
      this.reader.close();
      this.writer.close();
    });
  }

  private assertNotInTransaction(): void {
    if (this.inTransaction.getStore()) {
      throw new Error('inside a transaction, write through the transaction\'s repositories (tx), not the store');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the embedded store is closed');
  }
}

/** Runs a unit of writes in BEGIN IMMEDIATE … COMMIT (rolled back when it throws); nested better-sqlite3 transactions become savepoints. */
function immediate<T>(db: Database, unit: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = unit();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
