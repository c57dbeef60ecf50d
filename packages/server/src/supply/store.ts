import type { CachedToken, TokenCache } from './token-cache.js';
import { isCachedToken } from './token-cache.js';
import type { Log } from '../config/logger.js';
import { withTimeout } from '../config/timers.js';
import type { Timers } from '../config/timers.js';

/**
 * The supply's view of a `TokenCache` (or of none): every call bounded by a timeout, every
 * failure logged and turned into a miss or a lost write, malformed entries deleted. It treats
 * every cache the same way; only the optional `singleFlight` hook changes what it does.
 */
export interface Store {
  read(key: string): Promise<CachedToken | undefined>;
  /** A second read inside a fleet-wide single flight (another instance may have refilled). */
  reread(key: string): Promise<CachedToken | undefined>;
  write(key: string, entry: CachedToken): Promise<void>;
  singleFlight(key: string, refill: () => Promise<CachedToken>): Promise<CachedToken>;
}

export function createStore(
  cache: TokenCache | undefined,
  timeoutMs: number,
  log: Log,
  now: () => number,
  timers: Timers,
): Store {
  /** A cache store that hangs must not hang every request for a tenant. */
  const bounded = <T>(promise: Promise<T>) =>
    withTimeout(
      promise,
      timeoutMs,
      timers,
      () => new Error(`the cache did not answer within ${timeoutMs} ms`),
    );

  async function read(key: string): Promise<CachedToken | undefined> {
    if (!cache) return undefined;
    try {
      const value = await bounded(cache.get(key));
      if (value === undefined || isCachedToken(value)) return value;
      log.warn('The token cache returned a malformed entry; fetching a fresh token.');
      await bounded(cache.delete(key));
    } catch (error) {
      log.warn('The token cache failed to read; fetching a fresh token.', { error });
    }
    return undefined;
  }

  return {
    read,
    reread: (key) => (cache?.singleFlight ? read(key) : Promise.resolve(undefined)),
    async write(key, entry) {
      // Kept until the token expires, not until it is due: a failed refresh can still serve it.
      const ttlSeconds = Math.floor((entry.expiresAt - now()) / 1000);
      if (!cache || ttlSeconds < 1) return;
      try {
        await bounded(cache.set(key, entry, ttlSeconds));
      } catch (error) {
        log.warn('The token cache failed to store a token; serving it uncached.', { error });
      }
    },
    singleFlight(key, refill) {
      return cache?.singleFlight ? cache.singleFlight(key, refill) : refill();
    },
  };
}
