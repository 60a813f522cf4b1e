/**
 * API key administration on the configured store (DATA_DIR / MONGODB_URI).
 *   npm run --silent keys -- create --role lab --org LAB-01 [--label "intake desk"]   prints only the new key
 *   npm run --silent keys -- list [--role lab] [--org LAB-01]
 *   npm run --silent keys -- revoke <keyId>
 */
import { Command, Option } from 'commander';
import { ROLES, type Role } from '../src/domain';
import { ConfigError, loadConfig } from '../src/lib';
import { policyOf } from '../src/main';
import { createApiKey, createServiceDeps, listApiKeys, revokeApiKey, type Actor } from '../src/services';
import { openStore } from '../src/store';

const CLI_ACTOR: Actor = { keyId: 'cli', role: 'system', org: 'SYSTEM', requestId: null };

async function withServices<T>(work: (services: ReturnType<typeof createServiceDeps>) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const store = await openStore(config);
  try {
    return await work(createServiceDeps(store, policyOf(config)));
  } finally {
    await store.close();
  }
}

const program = new Command('keys').description('create, list and revoke API keys').showHelpAfterError();

program.command('create').description('create a key and print it (shown only this once)')
  .addOption(new Option('--role <role>', 'role of the key').choices([...ROLES]).makeOptionMandatory())
  .requiredOption('--org <org>', 'organisation, e.g. LAB-01')
  .option('--label <label>', 'free-text label')
  .action(async (opts: { role: Role; org: string; label?: string }) => {
    const { key } = await withServices((s) => createApiKey(s, CLI_ACTOR, { role: opts.role, org: opts.org, ...(opts.label ? { label: opts.label } : {}) }));
    process.stdout.write(`${key}\n`);
  });

program.command('list').description('list keys (never the secrets)')
  .addOption(new Option('--role <role>').choices([...ROLES]))
  .option('--org <org>')
  .action(async (opts: { role?: Role; org?: string }) => {
    const page = await withServices((s) => listApiKeys(s, { role: opts.role, org: opts.org, limit: 200, offset: 0 }));
    for (const k of page.items) {
      process.stdout.write(`${k.id}\t${k.role}\t${k.org}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}${k.demo ? '\tdemo' : ''}\t${k.label ?? ''}\n`);
    }
  });

program.command('revoke').description('revoke a key by id').argument('<keyId>')
  .action(async (keyId: string) => {
    const view = await withServices((s) => revokeApiKey(s, CLI_ACTOR, keyId));
    process.stdout.write(`revoked ${view.id}\n`);
  });

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : `error: ${(e as Error).message}`}\n`);
  process.exit(1);
});
