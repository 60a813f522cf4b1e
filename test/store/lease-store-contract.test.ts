import fc from 'fast-check';
import { type Store } from '../../src/store';
import { contractAdapters } from '../support/store-adapters';

/** The contract of the lease repository (src/store/lease-store.ts) for every adapter; Mongo runs with MONGODB_URI. */
const adapters = contractAdapters('lease');

const T0 = new Date('2026-01-01T00:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

describe.each(adapters)('Lease store contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  it('when a lease is free, then its first holder gets it and another is refused until it expires, then takes it over', async () => {
    const first = await store.leases.acquire('hub-delivery', 'replica-a', 30_000, T0);
    const refused = await store.leases.acquire('hub-delivery', 'replica-b', 30_000, after(29_999));
    const holderBefore = await store.leases.holder('hub-delivery', after(29_999));
    const takenOver = await store.leases.acquire('hub-delivery', 'replica-b', 30_000, after(30_000));

    expect([first, refused, takenOver]).toEqual([true, false, true]);
    expect(holderBefore).toBe('replica-a');
    expect(await store.leases.holder('hub-delivery', after(30_001))).toBe('replica-b');
    expect(await store.leases.acquire('hub-delivery', 'replica-a', 30_000, after(30_001))).toBe(false);
  });

  it('when the holder renews before the expiry, then the lease lasts from the renewal, and other lease names are independent', async () => {
    await store.leases.acquire('hub-delivery', 'replica-a', 30_000, T0);

    const renewed = await store.leases.acquire('hub-delivery', 'replica-a', 30_000, after(20_000));
    const other = await store.leases.acquire('rescore', 'replica-b', 30_000, after(20_000));

    expect([renewed, other]).toEqual([true, true]);
    expect(await store.leases.acquire('hub-delivery', 'replica-b', 30_000, after(45_000))).toBe(false);
    expect(await store.leases.holder('hub-delivery', after(49_999))).toBe('replica-a');
    expect(await store.leases.holder('hub-delivery', after(50_000))).toBeNull();
  });

  it('when a holder releases its lease, then another gets it at once; a release by someone else changes nothing', async () => {
    await store.leases.acquire('hub-delivery', 'replica-a', 30_000, T0);

    await store.leases.release('hub-delivery', 'replica-b');
    const stillHeld = await store.leases.holder('hub-delivery', after(1));
    await store.leases.release('hub-delivery', 'replica-a');

    expect(stillHeld).toBe('replica-a');
    expect(await store.leases.holder('hub-delivery', after(2))).toBeNull();
    expect(await store.leases.acquire('hub-delivery', 'replica-b', 30_000, after(3))).toBe(true);
  });

  it('when several holders on separate connections race for a free or an expired lease, then exactly one of them gets it', async () => {
    const others = [await adapter.openAnother(store), await adapter.openAnother(store)];
    try {
      await fc.assert(fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.boolean(), fc.integer({ min: 0, max: 1e9 }), async (holders, expiredFirst, salt) => {
        const name = `job-${salt}`;
        const at = expiredFirst ? after(60_000) : T0;
        if (expiredFirst) await store.leases.acquire(name, 'gone', 30_000, T0);
        const connections = [store, ...others];

        const won = await Promise.all(Array.from({ length: holders }, (_, i) => connections[i % connections.length]!.leases.acquire(name, `replica-${i}`, 30_000, at)));

        expect(won.filter(Boolean)).toHaveLength(1);
        expect(await store.leases.holder(name, at)).toBe(`replica-${won.indexOf(true)}`);
      }), { numRuns: 20 });
    } finally {
      for (const other of others) await other.close();
    }
  });
});
