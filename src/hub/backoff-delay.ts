/** Retry timing of webhook deliveries. */
export interface BackoffPolicy {
  /** window of the first retry, ms */
  readonly baseMs: number;
  /** largest window, ms */
  readonly capMs: number;
}

/**
 * Delay before the next attempt after `failedAttempts` failures (1, 2, …): exponential backoff
 * with "full jitter", sleep = random(0, min(cap, base · 2^(failedAttempts − 1))) — M. Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015. Jitter spreads the retries of
 * many failed deliveries so that a recovering receiver is not hit by all of them at once.
 * @param random uniform in [0, 1); Math.random by default
 */
export function backoffDelayMs(failedAttempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2^exponent overflows to Infinity for large exponents; min() with the cap keeps it finite.
  const window = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * window);
}
