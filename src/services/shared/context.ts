import type { Role } from '../../domain';

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
