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
  const mongo: StoreAdapter = {
    name: 'mongo',
    open: async () => MongoStore.open({ uri: mongoUri, dbName: `reunion_${suite}_${randomUUID().slice(0, 8)}` }),
    dispose: async (store) => {
      await (store as MongoStore).dropDatabase();
      await store.close();
    },
  };
  return [embedded, mongo];
}
