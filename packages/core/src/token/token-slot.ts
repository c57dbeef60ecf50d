import type { DashboardToken } from './token.js';

/**
 * The one entry where a token store keeps its source's token: the seam between core's token
 * lifecycle and whatever cache an adapter already has. The element gives a plain memory entry
 * (`createMemoryTokenSlot`); `@zipteams/react` gives a TanStack Query entry, so prefetching,
 * hydration, `removeQueries` and the devtools see the same token the store refreshes. A change
 * made from outside (a prefetch, a hydration, a removal) reaches the store through `subscribe`.
 * (A slot, not a cache: `@zipteams/server`'s `TokenCache` is the server's cache of tenants' tokens.)
 */
export interface TokenSlot {
  /** The token held, if any (possibly expired: the store decides). */
  get(): DashboardToken | undefined;
  /** Holds `token`, or drops the entry (`undefined`). */
  set(token: DashboardToken | undefined): void;
  /** Calls `listener` after each change of the entry, whoever made it. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** A {@link TokenSlot} in memory: the element's, and the default of a token store. */
export function createMemoryTokenSlot(): TokenSlot {
  const listeners = new Set<() => void>();
  let held: DashboardToken | undefined;
  return {
    get: () => held,
    set(token) {
      if (token === held) return;
      held = token;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
