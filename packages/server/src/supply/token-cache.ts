import type { TokenHandlerLogger } from '../config/logger.js';
import type { Timers } from '../config/timers.js';
import type { UpstreamBudget, UpstreamLimit } from '../budget/upstream-budget.js';

/**
 * What the handler stores per tenant/subtenant pair. Plain JSON, so a shared store can
 * serialise it as is. Times are epoch milliseconds on the clock of the instance that fetched
 * the token: `expiresAt` = send time + lifetime; `refreshAt` = `expiresAt` - the server margin
 * (from then on a request fetches a new token); `staleUntil` = `expiresAt` - the browser margin
 * (until then the entry is still served when that fetch fails).
 */
export interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
  staleUntil: number;
}

/**
 * Where tokens are kept between requests: the handler's one seam for storage. The default is
 * in memory, per process; plug in a shared store (Redis, Memcached, a KV namespace) when several
 * instances serve the endpoint. Every method may be async; each call is bounded by a timeout
 * (a store that hangs counts as a miss, or a lost write), and a throwing store is logged and
 * worked around, never shown to the browser.
 */
export interface TokenCache {
  /** The entry for `key`, or undefined. A malformed value is deleted and treated as a miss. */
  get(key: string): Promise<CachedToken | undefined>;
  /**
   * Stores `value`. `ttlSeconds` is a whole number >= 1 (the entry's expiry): the store may
   * forget the entry after it. The handler re-checks the times on every read, so an imprecise
   * TTL is harmless.
   */
  set(key: string, value: CachedToken, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional fleet-wide single flight. Called, inside the process's own single flight, when
   * `key` needs a new token. `refill` reads the store again, calls Zipteams only when the entry
   * is still missing or due, stores the result and returns it. A shared store may run `refill`
   * under a lock, or wait for the instance holding the lock and return what it stored. Without
   * it, each process refills on its own.
   */
  singleFlight?(key: string, refill: () => Promise<CachedToken>): Promise<CachedToken>;
  /**
   * Optional: an upstream budget kept in the store, counting the calls of every instance that
   * shares it against `limit` (the handler's `upstreamLimit`). Without it, each process keeps
   * its own budget in memory.
   */
  upstreamBudget?(limit: UpstreamLimit): UpstreamBudget;
  /**
   * Optional: called once, when `createTokenHandler` (or `createTokenService`) is created with
   * this cache, with the handler's logger, clock, timers and time limits. Returns the cache the
   * handler then uses (typically a copy configured with them), so a store need not be told again
   * what the handler already knows.
   */
  attach?(context: TokenCacheContext): TokenCache;
}

/** What a handler hands to its cache's `attach`: one logger, one clock, one set of limits. */
export interface TokenCacheContext {
  /** The handler's logger: lines prefixed, secrets and tokens scrubbed; `warn` and `error` only. */
  readonly logger: TokenHandlerLogger;
  /** The handler's clock, in epoch milliseconds. */
  readonly now: () => number;
  /** The handler's timers. */
  readonly timers: Timers;
  /** The handler's time limits, in ms (`TokenHandlerOptions` of the same names). */
  readonly limits: {
    readonly resolveTenantTimeoutMs: number;
    readonly upstreamTimeoutMs: number;
    readonly budgetWaitMs: number;
    readonly cacheTimeoutMs: number;
  };
}

/** Whether a value read from a store has the shape of a {@link CachedToken}. */
export function isCachedToken(value: unknown): value is CachedToken {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<Record<keyof CachedToken, unknown>>;
  const times = [entry.expiresAt, entry.refreshAt, entry.staleUntil];
  return (
    typeof entry.token === 'string' &&
    entry.token !== '' &&
    times.every((time) => typeof time === 'number' && Number.isFinite(time))
  );
}
