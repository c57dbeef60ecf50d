'use client';
import type { QueryClient } from '@tanstack/react-query';
import type { DashboardToken } from '@zipteams/embed-core';
import { registerTokenHolder, revokeToken } from '@zipteams/embed-core/internal';

/** The first parts of every dashboard-token query key (see `dashboardTokenQueryKey`). */
export const TOKEN_QUERY_PREFIX = ['zipteams', 'dashboard-token'] as const;

const registered = new WeakSet<QueryClient>();

/**
 * Lists a QueryClient in core's page-wide registry, once, for as long as it lives: the sign-out
 * call (`clearSharedTokens`, from any copy of the kit on the page) then drops every token entry in
 * it, mounted or only prefetched; the token stores of mounted embeds see the entry go and fetch in
 * the new session. Internal; not exported from the package.
 */
export function registerClientForSignOut(client: QueryClient): void {
  if (registered.has(client) || typeof document === 'undefined') return;
  registered.add(client);
  const ref = new WeakRef(client);
  const unregister = registerTokenHolder({
    clear() {
      const live = ref.deref();
      if (!live) return unregister();
      for (const query of live.getQueryCache().findAll({ queryKey: TOKEN_QUERY_PREFIX })) {
        const held = query.state.data as DashboardToken | undefined;
        if (held) revokeToken(held.token);
      }
      live.removeQueries({ queryKey: TOKEN_QUERY_PREFIX });
    },
  });
}
