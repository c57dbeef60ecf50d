import { TokenHandlerConfigError } from './errors.js';

/**
 * What the handler stores per tenant/subtenant pair. Plain JSON, so a shared store can
 * serialise it as is. Times are epoch milliseconds on the clock of the instance that fetched
 * the token (`expiresAt` = local send time + lifetime; `refreshAt` = `expiresAt` - margin).
 */
export interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

/**
 * Where tokens are kept between requests. The default is in memory, per process; plug in a
 * shared store (Redis, Memcached, a KV namespace) when several instances serve the endpoint.
 * `ttlSeconds` is a whole number >= 1: the store may forget the entry after it. The handler
 * re-checks `refreshAt` on every read, so an imprecise TTL is harmless.
 */
export interface TokenCache {
  get(key: string): Promise<CachedToken | undefined>;
  set(key: string, value: CachedToken, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one goes first. Default 1000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds (tests inject one). Default `Date.now`. */
  now?: () => number;
}

/** A synchronous read of a memory cache, and the `get` it stands for. */
interface SyncRead {
  readonly get: TokenCache['get'];
  readonly read: (key: string) => CachedToken | undefined;
}

const syncReads = new WeakMap<TokenCache, SyncRead>();

/**
 * Internal (not exported by the package): the synchronous read behind the `get` of a cache made
 * by `createMemoryCache`, or undefined for any other cache. It is only valid while `cache.get` is
 * still `get` (check before each use: a replaced or spied-on `get` must be called).
 */
export function syncReadOf(cache: TokenCache): SyncRead | undefined {
  return syncReads.get(cache);
}

/**
 * A bounded in-process `TokenCache`: entries expire after their TTL, and beyond `maxEntries`
 * the least recently used entry is evicted (a `Map` keeps insertion order; a read re-inserts).
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): TokenCache {
  const { maxEntries = 1000, now = Date.now } = options;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TokenHandlerConfigError('createMemoryCache: maxEntries must be an integer >= 1.');
  }
  const entries = new Map<string, { value: CachedToken; expiresAt: number }>();
  /** The last key of `entries` (most recently used), when known: reading it needs no re-insert. */
  let newest: string | undefined;

  const read = (key: string): CachedToken | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      if (key === newest) newest = undefined;
      return undefined;
    }
    if (key !== newest) {
      entries.delete(key);
      entries.set(key, entry);
      newest = key;
    }
    return entry.value;
  };

  const cache: TokenCache = {
    get(key) {
      return Promise.resolve(read(key));
    },
    set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
      newest = key;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return Promise.resolve();
    },
    delete(key) {
      entries.delete(key);
      if (key === newest) newest = undefined;
      return Promise.resolve();
    },
  };
  syncReads.set(cache, { get: cache.get, read });
  return cache;
}
