import { TokenHandlerConfigError } from '../errors.js';

/** At most `requests` upstream calls in any window of `intervalMs` milliseconds. */
export interface UpstreamLimit {
  requests: number;
  /** The window, in ms. */
  intervalMs: number;
}

/**
 * The `upstreamLimit` of 0.1, in seconds.
 *
 * @deprecated Use {@link UpstreamLimit} (`{ requests, intervalMs }`); this form goes in the next minor.
 */
export interface UpstreamLimitInSeconds {
  requests: number;
  /** @deprecated Use `intervalMs` (milliseconds, like every other duration). */
  intervalSeconds: number;
}

/** The Zipteams partner API's documented limit: 120 requests per minute per partner. */
export const DEFAULT_UPSTREAM_LIMIT: Readonly<UpstreamLimit> = Object.freeze({
  requests: 120,
  intervalMs: 60_000,
});

/** The longest window an `upstreamLimit` may have: one day. */
const MAX_INTERVAL_MS = 86_400_000;

/**
 * A reserved upstream call (`granted`: make it after `waitMs`), or a refusal: no slot opens
 * within the wait allowed; `retryAfterMs` is when the next one would.
 */
export type BudgetDecision =
  | { readonly granted: true; readonly waitMs: number }
  | { readonly granted: false; readonly retryAfterMs: number };

/**
 * Where upstream calls are counted: one process (`createMemoryBudget`) or a whole fleet (the
 * Redis cache's). Both keep the same sliding log, so both answer alike.
 */
export interface UpstreamBudget {
  /** Reserves the earliest slot if it opens within `maxWaitMs`. */
  reserve(maxWaitMs: number): Promise<BudgetDecision>;
  /** No slot opens before `ms` from now (Zipteams answered 429 with that `Retry-After`). */
  pause(ms: number): Promise<void>;
}

/**
 * The earliest time a new call may be made, given the times of the calls already made or
 * reserved (`log`, ascending, none older than one interval needs to be kept). A sliding log:
 * a slot at least one interval after the `requests`-th latest call keeps every window of
 * `intervalMs` at `requests` calls or fewer, wherever the window starts (a clock-aligned fixed
 * window would let twice the limit through across its boundary). Slots never go back in time,
 * so concurrent reservations queue in order.
 */
export function nextSlot(
  log: readonly number[],
  now: number,
  limit: { readonly requests: number; readonly intervalMs: number },
  pausedUntil = 0,
): number {
  let slot = Math.max(now, pausedUntil, log[log.length - 1] ?? -Infinity);
  const nth = log[log.length - limit.requests];
  if (nth !== undefined) slot = Math.max(slot, nth + limit.intervalMs);
  return slot;
}

/**
 * The spacing the log keeps: the interval plus 2 % of it, within [250 ms, 1 s]. Zipteams counts
 * calls when they arrive, we when we reserve them: a busy process sends some calls later than
 * their slot, and network jitter adds to it, which can bring two calls one interval apart
 * closer together there. The extra spacing absorbs that.
 */
export function spacingMs(limit: UpstreamLimit): number {
  const { intervalMs } = limit;
  return Math.ceil(intervalMs + Math.min(1000, Math.max(250, intervalMs * 0.02)));
}

/**
 * Checks an `upstreamLimit` option (`intervalMs`, or the deprecated `intervalSeconds`); the
 * message names the option, not a value. The result carries `intervalSeconds` too, so a custom
 * `TokenCache.upstreamBudget` written for 0.1 still reads its window.
 */
export function readUpstreamLimit(value: unknown): UpstreamLimit {
  if (value === undefined) return withSeconds({ ...DEFAULT_UPSTREAM_LIMIT });
  const given =
    typeof value === 'object' && value !== null
      ? (value as Partial<UpstreamLimit & UpstreamLimitInSeconds>)
      : {};
  const { requests, intervalMs, intervalSeconds } = given;
  if (intervalMs !== undefined && intervalSeconds !== undefined) {
    throw new TokenHandlerConfigError(
      'upstreamLimit takes intervalMs or the deprecated intervalSeconds, not both.',
    );
  }
  const interval =
    typeof intervalSeconds === 'number' && intervalMs === undefined
      ? intervalSeconds * 1000
      : intervalMs;
  if (
    !(typeof requests === 'number' && Number.isInteger(requests) && requests >= 1) ||
    !(
      typeof interval === 'number' &&
      Number.isFinite(interval) &&
      interval > 0 &&
      interval <= MAX_INTERVAL_MS
    )
  ) {
    throw new TokenHandlerConfigError(
      'upstreamLimit must be { requests: integer >= 1, intervalMs: number in (0, 86400000] }.',
    );
  }
  return withSeconds({ requests, intervalMs: interval });
}

/**
 * The limit with its 0.1 field alongside, not enumerable and not in the type: a custom budget
 * written for 0.1 keeps reading its window, and nothing else sees the field.
 */
function withSeconds(limit: UpstreamLimit): UpstreamLimit {
  return Object.defineProperty(limit, 'intervalSeconds', { value: limit.intervalMs / 1000 });
}

/** The budget of one process: a sliding log in memory. */
export function createMemoryBudget(limit: UpstreamLimit, now: () => number = Date.now) {
  const intervalMs = spacingMs(limit);
  const log: number[] = [];
  let pausedUntil = 0;
  const budget: UpstreamBudget = {
    reserve(maxWaitMs) {
      const time = now();
      // Calls older than one interval can no longer share a window with a new one.
      const old = log.findIndex((call) => call > time - intervalMs);
      log.splice(0, old === -1 ? log.length : old);
      const slot = nextSlot(log, time, { requests: limit.requests, intervalMs }, pausedUntil);
      const waitMs = slot - time;
      if (waitMs > maxWaitMs) return Promise.resolve({ granted: false, retryAfterMs: waitMs });
      log.push(slot);
      return Promise.resolve({ granted: true, waitMs });
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      return Promise.resolve();
    },
  };
  return budget;
}
