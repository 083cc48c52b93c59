import type { RoutedEvent } from "./create-router.js";
import type { MessageSource } from "./handler-context.js";
import { retryDelayMs, type RetryPolicy } from "./retry-policy.js";

/** How {@link handleWithRetries} ended. */
export type HandlingOutcome =
  /** The handler returned on run number `attempts`. */
  | { readonly status: "handled"; readonly attempts: number }
  /** The handler threw on each of its `attempts` runs; `error` is the last one's. */
  | { readonly status: "failed"; readonly attempts: number; readonly error: unknown }
  /** The signal was aborted while waiting to retry: the message is neither handled nor failed. */
  | { readonly status: "aborted"; readonly attempts: number };

/** Options of {@link handleWithRetries}. */
export interface HandleWithRetriesOptions {
  /** The retry policy, resolved (see `resolveRetryPolicy`). */
  readonly retry: RetryPolicy;
  /** Where the message was read, for the handler's context. */
  readonly source?: MessageSource;
  /** Aborting it cuts a wait before a retry short (a run in progress always finishes). */
  readonly signal?: AbortSignal;
}

/**
 * Runs a routed event's handler, and again after a growing delay each time it throws, up to
 * `retry.retries` more times. Never rejects: the outcome says how it ended. A transport's consumer
 * commits a handled event, dead-letters a failed one (`HANDLER_FAILED`) and leaves an aborted one
 * uncommitted, to be read again.
 */
export async function handleWithRetries(event: RoutedEvent, options: HandleWithRetriesOptions): Promise<HandlingOutcome> {
  const { retry, source, signal } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      await event.handle(source === undefined ? { attempt } : { attempt, source });
      return { status: "handled", attempts: attempt };
    } catch (error) {
      if (attempt > retry.retries) return { status: "failed", attempts: attempt, error };
      if (!(await sleep(retryDelayMs(retry, attempt), signal))) return { status: "aborted", attempts: attempt };
    }
  }
}

/** Waits `ms`; false when the signal aborted the wait (or was aborted already). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
