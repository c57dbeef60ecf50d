import { hashTokenKey, type SharedTokenRecord } from './shared-token.js';

/** The part of the Web Locks API the kit uses (`navigator.locks`). */
export interface TabLocks {
  request<T>(
    name: string,
    options: { signal: AbortSignal },
    callback: () => Promise<T>,
  ): Promise<T>;
}

/** The part of a `BroadcastChannel` the kit uses. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/**
 * Where a tab reads and writes the shared token record. It must be consistent across tab
 * processes: a tab reads it right after taking the lock, before any broadcast may have arrived
 * (Chromium's `localStorage` is not kept in step across processes; Cache Storage is).
 */
export interface TabTokenRecords {
  read(key: string): Promise<unknown>;
  write(record: SharedTokenRecord): Promise<void>;
  remove(key: string): Promise<void>;
}

/** What sharing tokens across tabs needs; injected so tests can use fakes. */
export interface TabEnvironment {
  readonly locks: TabLocks;
  readonly openChannel: (name: string) => TabChannel;
  readonly records: TabTokenRecords;
  /** Source key → the name it goes by across tabs. Default {@link hashTokenKey}. */
  readonly hashKey: (key: string) => Promise<string>;
}

/** The Cache Storage cache that holds shared token records (one entry per source). */
export const SHARED_TOKEN_CACHE = 'zipteams-embed-tokens';

// A made-up URL per record: Cache Storage keys are requests; nothing is ever fetched from it.
const recordUrl = (key: string) => `https://zipteams-embed.invalid/token/${key}`;

/** Token records in Cache Storage. */
export function cacheStorageRecords(storage: CacheStorage): TabTokenRecords {
  return {
    async read(key) {
      const response = await (await storage.open(SHARED_TOKEN_CACHE)).match(recordUrl(key));
      return response ? ((await response.json()) as unknown) : undefined;
    },
    async write(record) {
      const body = new Response(JSON.stringify(record), {
        headers: { 'content-type': 'application/json' },
      });
      await (await storage.open(SHARED_TOKEN_CACHE)).put(recordUrl(record.key), body);
    },
    async remove(key) {
      await (await storage.open(SHARED_TOKEN_CACHE)).delete(recordUrl(key));
    },
  };
}

interface BrowserGlobals {
  navigator?: { locks?: LockManager };
  BroadcastChannel?: typeof BroadcastChannel;
  caches?: CacheStorage;
  crypto?: Crypto;
}

/**
 * The page's own environment, or `undefined` where Web Locks, BroadcastChannel, Cache Storage or
 * `crypto.subtle` is missing (old browsers, insecure origins, Node): each tab then works alone.
 * Read when called, never at import.
 */
export function browserTabEnvironment(): TabEnvironment | undefined {
  const g = globalThis as BrowserGlobals;
  const locks = g.navigator?.locks;
  const Channel = g.BroadcastChannel;
  const storage = g.caches;
  const subtle = g.crypto?.subtle;
  if (!locks || typeof Channel !== 'function' || !storage || !subtle) return undefined;
  return {
    locks: { request: (name, options, callback) => locks.request(name, options, callback) },
    openChannel: (name) => new Channel(name),
    records: cacheStorageRecords(storage),
    hashKey: (key) => hashTokenKey(key, subtle),
  };
}

/**
 * Forgets every token shared across this origin's tabs (e.g. on sign-out, so a tab opened next
 * cannot adopt the signed-out user's token). Tabs already open keep theirs until they refresh.
 */
export async function clearSharedTokens(): Promise<void> {
  await (globalThis as BrowserGlobals).caches?.delete(SHARED_TOKEN_CACHE);
}
