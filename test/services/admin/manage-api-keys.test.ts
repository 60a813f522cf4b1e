import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UnauthorizedError } from '../../../src/lib';
import {
  authenticate, createApiKey, createServiceDeps, deriveDemoKey, ensureDemoKeys, hashApiKey, revokeDemoKeys, SYSTEM_ACTOR,
} from '../../../src/services';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store';

describe('API keys', () => {
  let dir: string;
  let store: EmbeddedStore;
  const deps = () => createServiceDeps(store, { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 10, defaultFrequencyTable: 't' });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-keys-'));
    store = EmbeddedStore.open({ dataDir: dir });
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a key is created, then only its SHA-256 is stored and the key authenticates as its role and org', async () => {
    const { key, view } = await createApiKey(deps(), SYSTEM_ACTOR, { role: 'investigator', org: 'PSB-7' });

    expect((await store.apiKeys.findById(view.id))!.hash).toBe(hashApiKey(key));
    expect(await authenticate(deps(), `Bearer ${key}`, 'req-1')).toEqual({ keyId: view.id, role: 'investigator', org: 'PSB-7', requestId: 'req-1' });
  });

  it('when the same demo secret is used at two starts, then the same keys come back and no key is added twice', async () => {
    const first = await ensureDemoKeys(deps(), SYSTEM_ACTOR, 'installation-secret');
    const second = await ensureDemoKeys(deps(), SYSTEM_ACTOR, 'installation-secret');

    expect(second).toEqual(first);
    expect(Object.keys(first).sort()).toEqual(['admin', 'hub', 'investigator', 'lab']);
    expect(first.lab).toBe(deriveDemoKey('installation-secret', 'lab'));
    expect(await store.apiKeys.count()).toBe(4);
  });

  it('when demo keys are revoked, then they stop authenticating and are no longer offered', async () => {
    const keys = await ensureDemoKeys(deps(), SYSTEM_ACTOR, 's');

    expect(await revokeDemoKeys(deps(), SYSTEM_ACTOR)).toBe(4);

    await expect(authenticate(deps(), `Bearer ${keys.admin}`, null)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await ensureDemoKeys(deps(), SYSTEM_ACTOR, 's')).toEqual({});
  });

  it('when two secrets differ, then their demo keys differ', () => {
    expect(deriveDemoKey('a', 'lab')).not.toBe(deriveDemoKey('b', 'lab'));
    expect(deriveDemoKey('a', 'lab')).toMatch(/^rk_lab_[A-Za-z0-9_-]{43}$/);
  });
});
