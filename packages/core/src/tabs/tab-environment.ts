import { hashTokenKey } from './shared-record.js';

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
 * What sharing rotations across live tabs needs; injected so tests can use fakes. There is no
 * storage in it on purpose: a token lives in the memory of the pages that asked for it.
 */
export interface TabEnvironment {
  readonly locks: TabLocks;
  readonly openChannel: (name: string) => TabChannel;
  /** Source key → the name it goes by across tabs. Default `hashTokenKey`. */
  readonly hashKey: (key: string) => Promise<string>;
}

interface BrowserGlobals {
  navigator?: { locks?: LockManager };
  BroadcastChannel?: typeof BroadcastChannel;
  crypto?: Crypto;
}

/**
 * The page's own environment, or `undefined` where Web Locks, BroadcastChannel or `crypto.subtle`
 * is missing (old browsers, insecure origins, Node): each tab then works alone. Read when called,
 * never at import.
 */
export function browserTabEnvironment(): TabEnvironment | undefined {
  const g = globalThis as BrowserGlobals;
  const locks = g.navigator?.locks;
  const Channel = g.BroadcastChannel;
  const subtle = g.crypto?.subtle;
  if (!locks || typeof Channel !== 'function' || !subtle) return undefined;
  return {
    locks: { request: (name, options, callback) => locks.request(name, options, callback) },
    openChannel: (name) => new Channel(name),
    hashKey: (key) => hashTokenKey(key, subtle),
  };
}
