'use client';
import type { Query, QueryClient } from '@tanstack/react-query';
import {
  registerTokenHolder,
  revokeToken,
  type DashboardToken,
  type ZipteamsError,
} from '@zipteams/embed-core';

/** The first parts of every dashboard-token query key (see `dashboardTokenQueryKey`). */
export const TOKEN_QUERY_PREFIX = ['zipteams', 'dashboard-token'] as const;

type TokenQuery = Query<DashboardToken, ZipteamsError>;

// The token a query dropped because another tab announced another tenant: its next fetch does not
// announce a token of that same tenant (see core's `AcquireContext.replaced`).
const replacedTokens = new WeakMap<TokenQuery, DashboardToken>();

const find = (client: QueryClient, queryKey: readonly unknown[]) =>
  client.getQueryCache().find<DashboardToken, ZipteamsError>({ queryKey, exact: true }) as
    TokenQuery | undefined;

/** Empties a token query without going through its previous state (never shown again). */
function empty(query: TokenQuery, state: Partial<TokenQuery['state']>) {
  // Silent: the request under way is dropped without an error and without restoring its state.
  void query.cancel({ silent: true });
  query.setState({
    data: undefined,
    dataUpdatedAt: 0,
    error: null,
    errorUpdatedAt: 0,
    fetchFailureCount: 0,
    fetchFailureReason: null,
    fetchStatus: 'idle',
    isInvalidated: false,
    status: 'pending',
    ...state,
  });
}

/**
 * Drops a source's token from a QueryClient and, where an embed shows it, fetches one in the
 * session the page is in now. `revoke`: the sign-out call dropped it (never taken again).
 */
export function dropToken(
  client: QueryClient,
  queryKey: readonly unknown[],
  options: { replaced?: DashboardToken; revoke?: boolean } = {},
): void {
  const query = find(client, queryKey);
  if (!query) return;
  const held = query.state.data;
  if (options.revoke && held) revokeToken(held.token);
  if (options.replaced) replacedTokens.set(query, options.replaced);
  empty(query, {});
  if (query.isActive()) {
    void client.refetchQueries({ queryKey, exact: true, type: 'active' }).catch(() => undefined);
  }
}

/** Ends a source's token with a typed error (another tab heard 401/403): nothing is fetched. */
export function setTokenError(
  client: QueryClient,
  queryKey: readonly unknown[],
  error: ZipteamsError,
): void {
  const query = find(client, queryKey);
  if (query) empty(query, { status: 'error', error, errorUpdatedAt: Date.now() });
}

/** The token this query dropped for another tenant, once (for its next fetch). */
export function takeReplacedToken(
  client: QueryClient,
  queryKey: readonly unknown[],
): DashboardToken | undefined {
  const query = find(client, queryKey);
  const replaced = query && replacedTokens.get(query);
  if (query) replacedTokens.delete(query);
  return replaced;
}

const registered = new WeakSet<QueryClient>();

/**
 * Lists a QueryClient in core's page-wide registry, once, for as long as it lives: the sign-out
 * call (`clearSharedTokens`, from any copy of the kit on the page) then drops every token query in
 * it, mounted or only cached, and mounted embeds fetch in the new session.
 */
export function registerClientForSignOut(client: QueryClient): void {
  if (registered.has(client)) return;
  registered.add(client);
  const ref = new WeakRef(client);
  const unregister = registerTokenHolder({
    clear() {
      const live = ref.deref();
      if (!live) return unregister();
      for (const query of live.getQueryCache().findAll({ queryKey: TOKEN_QUERY_PREFIX })) {
        dropToken(live, query.queryKey, { revoke: true });
      }
    },
  });
}
