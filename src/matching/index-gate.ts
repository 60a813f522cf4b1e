/**
 * The order of the engine's work: index writes run one at a time, in call order; searches run
 * concurrently unless a panel change holds the gate; a panel change waits until no search is in
 * flight and lets none start, so no search mixes panel generations.
 */
export class IndexGate {
  private writes: Promise<void> = Promise.resolve();
  private searchesInFlight = 0;
  private gate: Promise<void> | null = null;
  private closed = false;

  /** True until {@link close}. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs an index write after the earlier ones. */
  write<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the matching engine is closed'));
    const run = this.writes.then(work);
    this.writes = run.then(() => undefined, () => undefined);
    return run;
  }

  /** Runs a search unless a panel change holds the gate. */
  async search<T>(work: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    this.searchesInFlight++;
    try {
      return await work();
    } finally {
      this.searchesInFlight--;
    }
  }

  /** Runs `work` with no search in flight and none starting. */
  async exclusive(work: () => Promise<void>): Promise<void> {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    while (this.gate) await this.gate;
    this.gate = gate;
    try {
      while (this.searchesInFlight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      await work();
    } finally {
      this.gate = null;
      open();
    }
  }

  /** Waits for pending writes, then refuses new ones. */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined);
    this.closed = true;
  }
}
