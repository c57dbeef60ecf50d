import { createMemoryTokenSlot, type TokenSlot } from './token-slot.js';
import type { TokenStore, TokenStoreOptions } from './token-store-types.js';
import { createTokenStore } from './token-store.js';
import type { TokenSource } from './fetch-token.js';
import type { ResolvedTokenSource } from './token-key.js';

// Each store with its options (whose `source` follows the latest consumer's).
const pageStores = new WeakMap<TokenSlot, Map<string, [TokenStore, { source: TokenSource }]>>();
const memorySlots = new Map<string, TokenSlot>();

/**
 * The page's one {@link TokenStore} for a source key and cache (created with these options the
 * first time): every consumer with the same key, tab-sharing choice and cache shares its token
 * and its requests. Without `cache`, one memory entry per key. The latest `source` is used for
 * the next request (a `fetchToken` function may change identity; its `tokenKey` names it).
 */
export function sharedTokenStore(options: TokenStoreOptions): TokenStore {
  const id = `${options.shareAcrossTabs === false ? 'alone' : 'tabs'} ${options.key}`;
  let cache = options.cache ?? memorySlots.get(id);
  if (!cache) memorySlots.set(id, (cache = createMemoryTokenSlot()));
  let stores = pageStores.get(cache);
  if (!stores) pageStores.set(cache, (stores = new Map()));
  let held = stores.get(id);
  if (held) held[1].source = options.source;
  else {
    const own = { ...options, cache };
    stores.set(id, (held = [createTokenStore(own), own]));
  }
  return held[0];
}

/**
 * The page's store for a resolved source (see {@link sharedTokenStore}), its token kept in
 * `slots(key)` when given; none for a source that failed to resolve. The session and React's
 * hook both get their store here, so a source's store is made one way.
 */
export function sourceStore(
  options: Omit<TokenStoreOptions, 'key' | 'source' | 'cache'>,
  resolved: ResolvedTokenSource | undefined,
  slots?: (key: readonly unknown[]) => TokenSlot,
): TokenStore | undefined {
  return resolved?.source
    ? sharedTokenStore({
        ...options,
        key: JSON.stringify(resolved.key),
        source: resolved.source,
        cache: slots?.(resolved.key),
      })
    : undefined;
}
