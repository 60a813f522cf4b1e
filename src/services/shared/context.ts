import type { Role } from '../../domain';
import type { Repositories, Store } from '../../store';

/** Who is acting: the API key's id, role and organisation, and the request for the audit trail. */
export interface Actor {
  readonly keyId: string;
  readonly role: Role | 'system';
  readonly org: string;
  readonly requestId: string | null;
}

/** Policy values from configuration that the use cases apply. */
export interface Policy {
  readonly maxMissingKitLoci: number;
  readonly minCustomLoci: number;
  readonly maxBatchItems: number;
  readonly defaultFrequencyTable: string;
  /** Review policy: a confirmation needs two different investigators (default false). */
  readonly requireTwoInvestigators?: boolean;
  /** Review policy: a confirmation needs a completed re-test of the match (default false). */
  readonly requireRetestBeforeConfirm?: boolean;
}

/** A clock and an id source, replaceable in tests. */
export interface Clock {
  readonly now: () => Date;
  readonly newId: (prefix: string) => string;
}

/** The store with the clock: what a use case needs to read and to open a transaction. */
export interface StoreAccess extends Clock {
  readonly store: Store;
}

/**
 * What every step inside one transaction receives: the transaction's repositories, who acts, and
 * the clock. The shape of `PublishContext` (src/hub/publish-event.ts), so a step can publish too.
 */
export interface TxContext extends Clock {
  readonly tx: Repositories;
  readonly actor: Actor;
}

/**
 * Runs `work` in one store transaction and hands it one {@link TxContext}. Like
 * `Store.transaction`, `work` may be re-run on a transient error, so it must not act outside `tx`.
 */
export function runTransaction<T>(access: StoreAccess, actor: Actor, work: (ctx: TxContext) => Promise<T>): Promise<T> {
  return access.store.transaction((tx) => work({ tx, actor, now: access.now, newId: access.newId }));
}

/** A context on the store itself, for a single write that needs no transaction (an audited read). */
export function storeContext(access: StoreAccess, actor: Actor): TxContext {
  return { tx: access.store, actor, now: access.now, newId: access.newId };
}

/**
 * Background work the use cases start and do not await (re-scoring); tests and shutdown wait for it.
 */
export class BackgroundJobs {
  private readonly running = new Map<string, Promise<void>>();

  /** True while some job runs. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  start(id: string, work: () => Promise<void>): void {
    const run = work().finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  /** Resolves when the job has ended (at once when it is unknown or finished). */
  async wait(id: string): Promise<void> {
    await this.running.get(id);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }
}

/** The actor of start-up tasks (seeding, demo keys). */
export const SYSTEM_ACTOR: Actor = { keyId: 'system', role: 'system', org: 'SYSTEM', requestId: null };
