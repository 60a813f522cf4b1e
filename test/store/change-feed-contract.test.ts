import type { Store, StoreChange } from '../../src/store';
import { contractAdapters } from '../support/store-adapters';
import { aCase, aFoundPerson, aProfile } from '../support/builders';

/**
 * The change feed of the Store port (Store.changesSince, lastChangeSeq, onChanges), on every
 * adapter: the search index of this process follows it, and other replicas can poll it.
 */
const adapters = contractAdapters('change-feed');

const entries = (changes: readonly StoreChange[]) => changes.map((c) => [c.kind, c.id, c.op]);

describe.each(adapters)('Store change feed contract: $name', (adapter) => {
  let store: Store;

  beforeEach(async () => {
    store = await adapter.open();
  });

  afterEach(async () => {
    await adapter.dispose(store);
  });

  it('when a case and a found person are written in a transaction, then both appear in the feed in write order after it commits', async () => {
    const profile = aProfile({ kind: 'found' });
    await store.profiles.insert(profile);
    const before = await store.lastChangeSeq();
    const c = aCase();
    const person = aFoundPerson(profile.id);

    await store.transaction(async (tx) => {
      await tx.cases.insert(c);
      await tx.foundPersons.insert(person);
    });

    const changes = await store.changesSince(before, 10);
    expect(entries(changes)).toEqual([['family', c.id, 'upsert'], ['foundPerson', person.id, 'upsert']]);
    expect(await store.lastChangeSeq()).toBe(changes[1]!.seq);
  });

  it('when another connection (a replica) commits, then its entry is in this store\'s feed, and on MongoDB a listener here hears of it by the change stream within 2 s', async () => {
    let heard = false;
    const off = store.onChanges(async () => {
      heard = true;
    });
    const other = await adapter.openAnother(store);
    try {
      const before = await store.lastChangeSeq();
      const first = aCase();
      await other.cases.insert(first);

      expect(entries(await store.changesSince(before, 10))).toEqual([['family', first.id, 'upsert']]);
      if (adapter.name === 'mongo') {
        // The stream starts on the server shortly after it is asked for: write until it has seen one.
        const deadline = Date.now() + 2_000;
        while (!heard && Date.now() < deadline) {
          await other.cases.insert(aCase());
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(heard).toBe(true);
      }
    } finally {
      off();
      await other.close();
    }
  });

  it('when a transaction is rolled back, then it leaves no change entry', async () => {
    const before = await store.lastChangeSeq();

    await expect(store.transaction(async (tx) => {
      await tx.cases.insert(aCase());
      throw new Error('abort');
    })).rejects.toThrow('abort');

    expect(await store.changesSince(before, 10)).toEqual([]);
    expect(await store.lastChangeSeq()).toBe(before);
  });

  it('when records are written one after another, then the sequence numbers grow strictly and paging returns them in order', async () => {
    const c = aCase();
    await store.cases.insert(c);
    await store.cases.update({ ...c, status: 'candidate', version: 2 });
    await store.cases.update({ ...c, status: 'closed', version: 3 });

    const all = await store.changesSince(0, 10);
    const seqs = all.map((x) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    expect(entries(all)).toEqual([['family', c.id, 'upsert'], ['family', c.id, 'upsert'], ['family', c.id, 'remove']]);
    expect(entries(await store.changesSince(all[0]!.seq, 1))).toEqual([['family', c.id, 'upsert']]);
    expect(await store.changesSince(all[2]!.seq, 10)).toEqual([]);
  });

  it('when an identified found person is written, then its entry is a removal', async () => {
    const profile = aProfile({ kind: 'found' });
    await store.profiles.insert(profile);
    const person = aFoundPerson(profile.id);
    await store.foundPersons.insert(person);

    await store.foundPersons.update({ ...person, status: 'identified', version: 2 });

    expect(entries(await store.changesSince(0, 10))).toEqual([['foundPerson', person.id, 'upsert'], ['foundPerson', person.id, 'remove']]);
  });

  it('when a listener is registered, then it is called after each committed change (not after a rollback or other writes) until it is removed', async () => {
    const seen: number[] = [];
    const remove = store.onChanges(async () => {
      seen.push(await store.lastChangeSeq());
    });
    const c = aCase();

    await store.transaction(async (tx) => tx.cases.insert(c));
    await store.profiles.insert(aProfile());
    await store.transaction(async (tx) => {
      await tx.cases.update({ ...c, status: 'candidate', version: 2 });
      throw new Error('abort');
    }).catch(() => undefined);
    await store.cases.update({ ...c, status: 'candidate', version: 2 });
    remove();
    await store.cases.update({ ...c, status: 'closed', version: 3 });

    const [first, second] = await store.changesSince(0, 10);
    expect(seen).toEqual([first!.seq, second!.seq]);
  });
});
