'use client';
import { QueryObserver, hashKey, type QueryClient } from '@tanstack/react-query';
import type { DashboardToken, TokenSlot } from '@zipteams/embed-core';
import { TOKEN_QUERY_PREFIX, registerClientForSignOut } from './query-tokens.js';

const entriesByClient = new WeakMap<QueryClient, Map<string, TokenSlot>>();

/**
 * A source's token entry in a QueryClient, as core's token store reads and writes it (one object
 * per client and key, so the page has one store per entry). The token is TanStack Query data:
 * `prefetchQuery(dashboardTokenQueryOptions(…))` and `HydrationBoundary` fill it, so the store
 * uses that token with no request; `removeQueries` empties it, so a mounted embed fetches in the
 * session the page is in now; the devtools show it. Internal; not exported from the package.
 */
export function queryTokenSlot(client: QueryClient, queryKey: readonly unknown[]): TokenSlot {
  const hash = hashKey(queryKey);
  let entries = entriesByClient.get(client);
  if (!entries) entriesByClient.set(client, (entries = new Map()));
  let cache = entries.get(hash);
  if (!cache) entries.set(hash, (cache = entry(client, queryKey, hash)));
  return cache;
}

function entry(client: QueryClient, queryKey: readonly unknown[], hash: string): TokenSlot {
  const options = { queryKey, enabled: false };
  return {
    get: () => client.getQueryData<DashboardToken>(queryKey),
    set(token) {
      if (token) client.setQueryData(queryKey, token, { updatedAt: token.receivedAt });
      else client.removeQueries({ queryKey, exact: true });
    },
    subscribe(listener) {
      // A disabled observer marks the entry in use while the store is: TanStack never fetches it
      // itself nor garbage-collects it under a mounted embed, and the devtools count the observer.
      const observer = new QueryObserver(client, options);
      const unobserve = observer.subscribe(() => {});
      const unsubscribe = client.getQueryCache().subscribe((event) => {
        if (hashKey(event.query.queryKey) !== hash) return;
        // The entry was removed and made again: observe the new one.
        if (event.type === 'added') observer.setOptions(options);
        listener();
      });
      return () => {
        unsubscribe();
        unobserve();
      };
    },
  };
}

/**
 * The token slots an embed session of this client uses: the client's entry for each source key (under
 * the kit's query-key prefix), with the client listed for the sign-out call. Internal.
 */
export function queryTokenSlots(client: QueryClient): (key: readonly unknown[]) => TokenSlot {
  registerClientForSignOut(client);
  return (key) => queryTokenSlot(client, [...TOKEN_QUERY_PREFIX, ...key]);
}
