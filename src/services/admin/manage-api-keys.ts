import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ROLES, type ApiKey, type ApiKeyInput, type ApiKeyListQuery, type ApiKeyView, type Page, type Role } from '../../domain';
import { NotFoundError, UnauthorizedError } from '../../lib';
import { toApiKeyView } from './admin-views';
import { recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';

/**
 * API keys are `rk_<role>_<43 base64url characters>` (256 random bits). Only their SHA-256 is
 * stored. A fast unsalted hash is enough here, unlike for passwords: with 256 bits of entropy there
 * is no dictionary to try, and a slow hash (bcrypt) would only add latency to every request
 * (OWASP Password Storage Cheat Sheet applies to low-entropy secrets).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const KEY_FORMAT = /^rk_(lab|investigator|hub|admin)_[A-Za-z0-9_-]{43}$/;

export interface CreatedKey {
  readonly key: string;
  readonly view: ApiKeyView;
}

/** Creates a key; the secret is returned once and never stored. */
export async function createApiKey(access: StoreAccess, actor: Actor, input: ApiKeyInput): Promise<CreatedKey> {
  const key = `rk_${input.role}_${randomBytes(32).toString('base64url')}`;
  const record = await storeKey(access, actor, { role: input.role, org: input.org, label: input.label ?? null, demo: false }, key);
  return { key, view: toApiKeyView(record) };
}

async function storeKey(access: StoreAccess, actor: Actor, fields: Pick<ApiKey, 'role' | 'org' | 'label' | 'demo'>, key: string): Promise<ApiKey> {
  const record: ApiKey = { id: access.newId('key'), ...fields, hash: hashApiKey(key), createdAt: access.now().toISOString(), revokedAt: null };
  await runTransaction(access, actor, async (ctx) => {
    await ctx.tx.apiKeys.insert(record);
    await recordAudit(ctx, 'apiKey.create', 'apiKey', record.id);
  });
  return record;
}

/**
 * The actor a bearer key stands for.
 * @throws UnauthorizedError for a missing, malformed, unknown or revoked key (one message for all).
 */
export async function authenticate(access: Pick<StoreAccess, 'store'>, authorization: string | undefined, requestId: string | null): Promise<Actor> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError();
  const key = match[1]!;
  if (!KEY_FORMAT.test(key)) throw new UnauthorizedError('the API key is not valid');
  const record = await access.store.apiKeys.findByHash(hashApiKey(key));
  if (!record || record.revokedAt !== null) throw new UnauthorizedError('the API key is not valid');
  return { keyId: record.id, role: record.role, org: record.org, requestId };
}

export async function listApiKeys(access: Pick<StoreAccess, 'store'>, query: ApiKeyListQuery): Promise<Page<ApiKeyView>> {
  const page = await access.store.apiKeys.list(query);
  return { ...page, items: page.items.map(toApiKeyView) };
}

export async function revokeApiKey(access: StoreAccess, actor: Actor, id: string): Promise<ApiKeyView> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    if (!(await tx.apiKeys.revoke(id, ctx.now().toISOString()))) throw new NotFoundError(`no API key ${id}`);
    await recordAudit(ctx, 'apiKey.revoke', 'apiKey', id);
    return toApiKeyView((await tx.apiKeys.findById(id))!);
  });
}

/** Organisation of each demo key. */
const DEMO_ORGS: Readonly<Record<Role, string>> = {
  lab: 'DEMO-LAB', investigator: 'DEMO-PSB', hub: 'DEMO-HUB', admin: 'DEMO-ADMIN',
};

/**
 * The demo key of a role, derived from the installation's secret by HMAC-SHA256 (RFC 2104), so
 * that the same keys can be printed at every start while only their hashes are stored.
 */
export function deriveDemoKey(secret: string, role: Role): string {
  return `rk_${role}_${createHmac('sha256', secret).update(`reunion demo key:${role}`).digest('base64url')}`;
}

/**
 * Makes sure one demo key per role exists for this secret (idempotent) and returns the active
 * ones to print; a demo key an admin has revoked stays revoked and is left out.
 * Demo keys are for trying the service only.
 */
export async function ensureDemoKeys(access: StoreAccess, actor: Actor, secret: string): Promise<Partial<Record<Role, string>>> {
  const keys: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const key = deriveDemoKey(secret, role);
    const existing = await access.store.apiKeys.findByHash(hashApiKey(key));
    if (!existing) await storeKey(access, actor, { role, org: DEMO_ORGS[role], label: 'demo key (not for production)', demo: true }, key);
    if (!existing || existing.revokedAt === null) keys[role] = key;
  }
  return keys;
}

/** Revokes every demo key (start-up with DEMO_KEYS off). @returns how many were active. */
export async function revokeDemoKeys(access: StoreAccess, actor: Actor): Promise<number> {
  let revoked = 0;
  for (const key of await access.store.apiKeys.listDemo()) {
    if (key.revokedAt !== null) continue;
    await revokeApiKey(access, actor, key.id);
    revoked++;
  }
  return revoked;
}
