/**
 * How a consumer retries a handler that throws: `retries` more runs after the first, each after
 * a delay that starts at `initialDelayMs` and grows by `factor` up to `maxDelayMs`. The Python
 * package's `RetryPolicy` has the same fields, in seconds (`initial_delay`, `max_delay`).
 */
export interface RetryPolicy {
  /** How many times a failed handler runs again before its event is dead-lettered; 0 for never. */
  readonly retries: number;
  /** The delay before the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** The longest delay between two runs, in milliseconds. */
  readonly maxDelayMs: number;
  /** What each delay is multiplied by for the next. */
  readonly factor: number;
}

/** The retry policy when none is given: 3 retries after 100 ms, 200 ms and 400 ms (at most 5 s). */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({ retries: 3, initialDelayMs: 100, maxDelayMs: 5000, factor: 2 });

/**
 * Merges a partial policy over {@link defaultRetryPolicy}.
 *
 * @throws {RangeError} when `retries` is not a non-negative safe integer, a delay is negative
 *   or not finite, or `factor` is below 1.
 */
export function resolveRetryPolicy(given: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...given };
  if (!Number.isSafeInteger(policy.retries) || policy.retries < 0) {
    throw new RangeError(`retry.retries must be a non-negative integer, got ${String(policy.retries)}`);
  }
  for (const name of ["initialDelayMs", "maxDelayMs"] as const) {
    const value = policy[name];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${name} must be a non-negative number, got ${String(value)}`);
  }
  if (!Number.isFinite(policy.factor) || policy.factor < 1) throw new RangeError(`retry.factor must be a number of at least 1, got ${String(policy.factor)}`);
  return Object.freeze(policy);
}

/**
 * The delay before retry number `retry` (1 for the first retry, the handler's second run):
 * `initialDelayMs * factor^(retry - 1)`, at most `maxDelayMs`. No jitter, so that both
 * languages wait alike.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (retry - 1));
}
