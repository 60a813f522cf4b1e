/**
 * Leases: background work that must run once across replicas (the hub delivery worker, the
 * re-score jobs) runs only in the process that holds its lease, a record (name, holder,
 * expiresAt) in the store. The holder renews it well before it expires; when a process dies
 * its lease expires and another process takes it over. Times come from the caller's clock, so the
 * time to live must exceed the clock skew between replicas by far (NTP keeps it to milliseconds).
 */
export interface LeaseRepository {
  /**
   * Takes the lease `name` for `holder` until `now + ttlMs` when it is free, expired or held by
   * `holder` already (a renewal), atomically: of two holders racing, one gets it.
   * @returns true when `holder` holds the lease now.
   */
  acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease up when `holder` holds it (a clean shutdown: another process need not wait for the expiry). */
  release(name: string, holder: string): Promise<void>;
  /** The holder of an unexpired lease, or null. */
  holder(name: string, now: Date): Promise<string | null>;
}
