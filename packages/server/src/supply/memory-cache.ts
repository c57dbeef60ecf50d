import type { CachedToken, TokenCache } from './token-cache.js';
import { processClock } from '../config/clock.js';
import { TokenHandlerConfigError } from '../errors.js';

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one goes first. Default 1000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds (tests inject one). Default: the monotonic process clock. */
  now?: () => number;
}

/**
 * A bounded in-process `TokenCache`: entries expire after their TTL, and beyond `maxEntries`
 * the least recently used entry is evicted (a `Map` keeps insertion order; a read re-inserts).
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): TokenCache {
  const { maxEntries = 1000 } = options;
  const now = options.now ?? processClock();
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TokenHandlerConfigError('createMemoryCache: maxEntries must be an integer >= 1.');
  }
  const entries = new Map<string, { value: CachedToken; expiresAt: number }>();

  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
