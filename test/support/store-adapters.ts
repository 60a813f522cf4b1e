import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Store } from '../../src/store';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';
import { MongoStore } from '../../src/store/mongo/mongo-store';

/** One Store adapter as the contract suites run it: each test opens a fresh store and disposes of it. */
export interface StoreAdapter {
  readonly name: string;
  open(): Promise<Store>;
  /** A second connection to the database of `store`, as another process (a replica) opens it; closed by the caller. */
  openAnother(store: Store): Promise<Store>;
  dispose(store: Store): Promise<void>;
}

/**
 * The adapters a contract suite runs on: the embedded store always (a fresh file under the temp
 * folder), MongoDB when MONGODB_URI names a replica set (transactions need one), each test in its
 * own database. Without MONGODB_URI it prints the skip line, naming the suite.
 */
export function contractAdapters(suite: string): StoreAdapter[] {
  const embedded: StoreAdapter = {
    name: 'embedded',
    open: async () => EmbeddedStore.open({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `reunion-${suite}-contract-`)) }),
    openAnother: async (store) => EmbeddedStore.open({ dataDir: path.dirname((store as EmbeddedStore).file) }),
    dispose: async (store) => {
      await store.close();
      fs.rmSync(path.dirname((store as EmbeddedStore).file), { recursive: true, force: true });
    },
  };
  const mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    console.log(`skipped: MONGODB_URI not set (the ${suite} store contract runs on the embedded adapter only)`);
    return [embedded];
  }
  const databases = new WeakMap<Store, string>();
  const mongo: StoreAdapter = {
    name: 'mongo',
    open: async () => {
      const dbName = `reunion_${suite}_${randomUUID().slice(0, 8)}`;
      const store = await MongoStore.open({ uri: mongoUri, dbName });
      databases.set(store, dbName);
      return store;
    },
    openAnother: async (store) => MongoStore.open({ uri: mongoUri, dbName: databases.get(store)! }),
    dispose: async (store) => {
      await (store as MongoStore).dropDatabase();
      await store.close();
    },
  };
  return [embedded, mongo];
}
