/**
 * Retrying a call that failed in a way that may pass (a `retryable` tune error: throttling, a 5xx,
 * the network), with exponential backoff and "equal jitter": half of each delay fixed, half random,
 * so callers throttled together do not all come back together. Anything else fails at once.
 */
import { isTuneError } from './errors.js';

export interface RetryPolicy {
  /** Calls in all, the first one included. */
  maxAttempts: number;
  /** The delay after the first failure; it doubles after each one, up to `capMs`. */
  baseMs: number;
  capMs: number;
}

export interface RetryDependencies {
  /** Waits between attempts; tests pass one that only records. */
  sleep?: (milliseconds: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Told about each failure that will be retried, with the attempt that failed (from 1). */
  onRetry?: (error: unknown, attempt: number) => void;
}

export const realSleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The wait after failed attempt `attempt` (from 1), before jitter: base × 2^(attempt−1), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
}

/** Runs `call` until it succeeds, fails for good, or `policy.maxAttempts` calls have failed. */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  dependencies: RetryDependencies = {},
): Promise<T> {
  const sleep = dependencies.sleep ?? realSleep;
  const random = dependencies.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!(isTuneError(error) && error.retryable) || attempt >= policy.maxAttempts) throw error;
      dependencies.onRetry?.(error, attempt);
      const delay = backoffMs(policy, attempt);
      await sleep(delay / 2 + random() * (delay / 2));
    }
  }
}
