/**
 * A first-in-first-out async lock: `run` calls wait for every earlier call to settle.
 * Serialises the embedded store's writer connection (see EmbeddedStore).
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Number of tasks queued or running. */
  get pending(): number {
    return this.waiting;
  }
}
