import { AbortedError, RateLimitedError, isZipteamsError } from '../errors/errors.js';
import { globalTimers, type Timers } from './environment.js';

/** Options of `createRetryPolicy`. */
export interface RetryOptions {
  /** Retries after the first failure; `Infinity` to keep trying. Default 5. */
  readonly retries?: number;
  /** Delay before the first retry, in ms. Default 1 s. */
  readonly baseDelayMs?: number;
  /** Longest backoff delay, in ms. Default 60 s. */
  readonly maxDelayMs?: number;
  /** Longest wait a `Retry-After` may impose, in ms. Default 10 min. */
  readonly maxRetryAfterMs?: number;
  /** Random source in [0, 1), for jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** When and how long to wait before trying a failed token request again. */
export interface RetryPolicy {
  /** Whether to retry after failure number `failureCount` (0 for the first failure). */
  shouldRetry(failureCount: number, error: unknown): boolean;
  /** How long to wait before the retry that follows failure number `failureCount`, in ms. */
  delayMs(failureCount: number, error: unknown): number;
}

/** True for failures that may pass: network, timeout, HTTP 408, 429 and 5xx. */
export function isRetryableError(error: unknown): boolean {
  return isZipteamsError(error) && error.retryable;
}

/**
 * Exponential backoff with "equal jitter": half of `base * 2^n` (capped) is fixed, the other half
 * random, so retries spread out and never drop to zero.
 */
export function backoffDelay(
  failureCount: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number {
  const base = options.baseDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 60_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(failureCount, 30)));
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}

/**
 * A retry policy: only retryable errors, a bounded count, backoff with jitter, and a server's
 * `Retry-After` honoured (never retrying sooner than it asked). Plugs into TanStack Query as
 * `retry: policy.shouldRetry, retryDelay: policy.delayMs`.
 */
export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const retries = options.retries ?? 5;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 600_000;
  return {
    shouldRetry: (failureCount, error) => failureCount < retries && isRetryableError(error),
    delayMs(failureCount, error) {
      const backoff = backoffDelay(failureCount, options);
      if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
        return Math.max(Math.min(error.retryAfterMs, maxRetryAfterMs), backoff);
      }
      return backoff;
    },
  };
}

/** Options of `withRetry`. */
export interface WithRetryOptions {
  readonly policy?: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly timers?: Timers;
  /** Told of each failure that will be retried, with the wait before the retry. */
  readonly onRetry?: (error: unknown, failureCount: number, delayMs: number) => void;
}

/** Waits `ms`, or rejects with {@link AbortedError} as soon as `signal` aborts. */
export function sleep(
  ms: number,
  signal?: AbortSignal,
  timers: Timers = globalTimers,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(new AbortedError());
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `task` until it succeeds, the policy gives up (the last error is thrown) or `signal`
 * aborts ({@link AbortedError}).
 */
export async function withRetry<T>(
  task: (signal: AbortSignal | undefined) => Promise<T>,
  options: WithRetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? createRetryPolicy();
  for (let failureCount = 0; ; failureCount++) {
    try {
      return await task(options.signal);
    } catch (error) {
      if (options.signal?.aborted || !policy.shouldRetry(failureCount, error)) throw error;
      const delay = policy.delayMs(failureCount, error);
      options.onRetry?.(error, failureCount, delay);
      await sleep(delay, options.signal, options.timers);
    }
  }
}
