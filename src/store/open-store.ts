import type { Store } from './store';
import { EmbeddedStore } from './embedded/embedded-store';
import { MongoStore } from './mongo/mongo-store';

/** The store a configuration names: MongoDB when MONGODB_URI is set, else the embedded file under DATA_DIR. */
export async function openStore(config: { readonly MONGODB_URI?: string | undefined; readonly DATA_DIR: string }): Promise<Store> {
  if (config.MONGODB_URI) return MongoStore.open({ uri: config.MONGODB_URI });
  return EmbeddedStore.open({ dataDir: config.DATA_DIR });
}
