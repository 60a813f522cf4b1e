import { randomUUID } from 'node:crypto';
import type { Store } from '../store';
import type { SearchIndex } from './matches';
import { BackgroundJobs, type Policy } from './shared';

/**
 * The composition of every component's ports, built once by the composition root (src/main.ts)
 * and handed to the API: the store, the policy, a clock and an id source (replaceable in tests),
 * and the matching index with its background jobs (null where matching is not set up). No use
 * case takes it whole: each names the part it calls (ProfilePorts, CasePorts, MatchingPorts ...).
 */
export interface ServiceDeps {
  readonly store: Store;
  readonly policy: Policy;
  readonly now: () => Date;
  readonly newId: (prefix: string) => string;
  readonly search: SearchIndex | null;
  readonly jobs: BackgroundJobs;
}

export function createServiceDeps(
  store: Store, policy: Policy, overrides: Partial<Pick<ServiceDeps, 'now' | 'newId' | 'search' | 'jobs'>> = {},
): ServiceDeps {
  return {
    store,
    policy,
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? ((prefix) => `${prefix}_${randomUUID()}`),
    search: overrides.search ?? null,
    jobs: overrides.jobs ?? new BackgroundJobs(),
  };
}

