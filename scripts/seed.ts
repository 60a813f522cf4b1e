/**
 * Stores the shipped frequency tables and the sample data set in the configured store
 * (DATA_DIR / MONGODB_URI); idempotent. `npm start` does the same when SEED_SAMPLE_DATA is on.
 */
import { createLogger, loadConfig } from '../src/lib';
import { policyOf, readNistGenotypes, readShippedFrequencyTables } from '../src/main';
import { createServiceDeps, seedFrequencyTables, seedSampleData, SYSTEM_ACTOR } from '../src/services';
import { openStore } from '../src/store';

async function seed(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const store = await openStore(config);
  try {
    const services = createServiceDeps(store, policyOf(config));
    const tables = await seedFrequencyTables(services, SYSTEM_ACTOR, readShippedFrequencyTables());
    const sample = await seedSampleData(services, readNistGenotypes());
    process.stdout.write(`frequency tables added: ${tables.length}; sample profiles: ${sample.profiles}, cases: ${sample.cases}, found persons: ${sample.foundPersons}\n`);
    logger.flush();
  } finally {
    await store.close();
  }
}

seed().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
