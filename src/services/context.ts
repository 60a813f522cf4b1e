import { randomUUID } from 'node:crypto';
import type { Role } from '../domain';
import type { Store } from '../store';

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
}

/** What every use case receives: the store, the policy, a clock and an id source (replaceable in tests). */
export interface ServiceDeps {
  readonly store: Store;
  readonly policy: Policy;
  readonly now: () => Date;
  readonly newId: (prefix: string) => string;
}

export function createServiceDeps(store: Store, policy: Policy, overrides: Partial<Pick<ServiceDeps, 'now' | 'newId'>> = {}): ServiceDeps {
  return {
    store,
    policy,
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? ((prefix) => `${prefix}_${randomUUID()}`),
  };
}

/** The actor of start-up tasks (seeding, demo keys). */
export const SYSTEM_ACTOR: Actor = { keyId: 'system', role: 'system', org: 'SYSTEM', requestId: null };
