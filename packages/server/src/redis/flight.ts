import type { CachedToken } from '../supply/token-cache.js';
import type { Log } from '../config/logger.js';
import type { RedisRunner } from './commands.js';
import { acquireRedisLock } from './lock.js';
import { delay } from '../config/timers.js';

export interface RedisFlightOptions {
  redis: RedisRunner;
  /** The lock's key. */
  lockKey: string;
  lockTtlMs: number;
  /** Longest wait for another instance's token before this one calls Zipteams itself. */
  maxWaitMs: number;
  /** Reads the shared entry (not this process's copy); rejects when Redis fails. */
  readShared: () => Promise<CachedToken | undefined>;
  log: Log;
  now: () => number;
}

/**
 * Waits between polls: short at first (a holder is usually done within an upstream round trip),
 * then up to 1 s, so a fleet with many tenants waiting for budget slots does not flood Redis.
 */
const POLL_MS = [5, 10, 20, 40, 80, 160, 320, 640, 1000];

/**
 * The fleet-wide single flight: `refill` runs in the instance that holds the lock; every other
 * instance polls the shared entry until the holder stores it (or the lock frees, when the
 * holder failed or died: then it takes the lock itself). Redis failing at any point means
 * `refill` runs here, so a healthy upstream never fails because of Redis.
 */
export async function redisSingleFlight(
  options: RedisFlightOptions,
  refill: () => Promise<CachedToken>,
): Promise<CachedToken> {
  const { redis, log, now } = options;
  const deadline = now() + options.maxWaitMs;
  for (let attempt = 0; ; attempt++) {
    if (!redis.available()) return refill();
    let lock;
    try {
      lock = await acquireRedisLock(redis, options.lockKey, options.lockTtlMs);
    } catch {
      return refill();
    }
    if (lock) {
      try {
        // `refill` reads the entry again first: the last holder may have stored it just now.
        return await refill();
      } finally {
        void lock.release();
      }
    }
    if (now() >= deadline) {
      log.warn('Another instance held the token lock for too long; calling Zipteams from here.');
      return refill();
    }
    await delay(redis.timers, POLL_MS[Math.min(attempt, POLL_MS.length - 1)] as number);
    const entry = await options.readShared().catch(() => undefined);
    if (entry && entry.refreshAt > now() && entry.expiresAt > now()) return entry;
  }
}
