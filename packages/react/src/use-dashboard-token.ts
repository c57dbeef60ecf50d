'use client';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import {
  InvalidArgumentError,
  TokenExpiredError,
  TokenStatus,
  createRetryPolicy,
  fetchDashboardToken,
  planRefresh,
  resolveTokenSource,
  tabTokenShare,
  tokenState,
  type DashboardToken,
  type InitialTokenBody,
  type RefreshMargin,
  type RetryOptions,
  type TokenSourceOptions,
  type ZipteamsError,
} from '@zipteams/embed-core';
import { useCallback, useEffect, useMemo } from 'react';
import { useZipteamsContext } from './context.js';
import { TOKEN_QUERY_PREFIX, registerClientForSignOut, takeReplacedToken } from './query-tokens.js';
import { useInitialToken } from './use-initial-token.js';
import { useExpired, useScheduler } from './use-scheduler.js';
import { useStable } from './use-stable.js';
import { useTabAdoption } from './use-tab-adoption.js';

/** The lifecycle state of a dashboard token, as a user would notice it (from core). */
export { TokenStatus };

/**
 * Where the hook gets tokens: a `tokenUrl` on your backend (with optional `tokenRequestInit`), or
 * your own `fetchToken` function named by a required `tokenKey`, plus request options. Embeds with
 * the same source (URL, request options, headers in any form, key) share one token and request.
 */
export type DashboardTokenSourceOptions = TokenSourceOptions & {
  /** Timeout of one token request, in ms. Default 15 s. */
  readonly timeoutMs?: number;
  /** Retry of failed token requests. Default: retryable errors without limit, backoff up to 60 s. */
  readonly retry?: RetryOptions;
  /**
   * Share rotations with this origin's other live tabs of the same tenant: one request per
   * rotation for all of them (core's tab sharing; a first token always comes from this page's own
   * request or `initialToken`). Default true; `false` makes this tab fetch every token itself.
   */
  readonly shareAcrossTabs?: boolean;
};

/** The key the tabs of an origin share a source's token under, or undefined when not shared. */
function tabShareKey(options: DashboardTokenSourceOptions): string | undefined {
  const resolved = resolveTokenSource(options);
  return options.shareAcrossTabs === false || !resolved?.source
    ? undefined
    : JSON.stringify(resolved.key);
}

/** Options of {@link useDashboardToken}. */
export type UseDashboardTokenOptions = DashboardTokenSourceOptions & {
  /** How far ahead of the deadline to refresh. */
  readonly refreshMargin?: RefreshMargin;
  /** `false` holds the request (e.g. until the user is signed in). Default true. */
  readonly enabled?: boolean;
  /**
   * A token minted while this page was rendered on the server: exactly the token endpoint's body
   * `{ token, expiresIn, expiresAt }` (e.g. `createTokenService().getToken(tenant)` of
   * `@zipteams/server`). It is used at once, with no request; later refreshes go to the source.
   * Malformed, expired, or for another tenant than the token already held for this source: ignored
   * with a development warning. Read on the first render only.
   */
  readonly initialToken?: InitialTokenBody | undefined;
};

/** What {@link useDashboardToken} returns. */
export interface DashboardTokenState {
  /** The current valid token, or undefined (also once it has expired). */
  readonly token: string | undefined;
  /** The full token record (claims, local deadline), while valid. */
  readonly data: DashboardToken | undefined;
  /** Local epoch ms after which the token must not be shown. */
  readonly expiresAt: number | undefined;
  /** When the next refresh is planned (local epoch ms). */
  readonly refreshAt: number | undefined;
  readonly status: TokenStatus;
  /**
   * The last failure, typed; also set while a valid token keeps serving. Once expired, a
   * {@link TokenExpiredError} whose `cause` is the last failure.
   */
  readonly error: ZipteamsError | undefined;
  /** Fetches a new token now (deduplicated with a request already under way). */
  readonly refresh: () => Promise<void>;
}

/** The query key of a token source: every embed with the same source shares its entry. */
export function dashboardTokenQueryKey(options: DashboardTokenSourceOptions) {
  return [...TOKEN_QUERY_PREFIX, ...(resolveTokenSource(options)?.key ?? ['none'])] as const;
}

/**
 * TanStack Query options for a dashboard token: use them to prefetch
 * (`queryClient.prefetchQuery(dashboardTokenQueryOptions({ tokenUrl }))`) or to read the token
 * with your own client. Tokens never go stale by age: the kit plans refreshes from their lifetime.
 */
export function dashboardTokenQueryOptions(options: DashboardTokenSourceOptions) {
  const resolved = resolveTokenSource(options);
  const policy = createRetryPolicy({ retries: Infinity, ...options.retry });
  return queryOptions({
    queryKey: dashboardTokenQueryKey(options),
    queryFn: async (context) => {
      const source = resolved?.source;
      if (!source) {
        throw (
          resolved?.error ?? new InvalidArgumentError('tokenUrl', 'pass tokenUrl or fetchToken.')
        );
      }
      // Read the signal one microtask late: React StrictMode unmounts and remounts synchronously,
      // and TanStack Query cancels a query whose signal was already read when its last observer
      // leaves, which would make StrictMode send a second request.
      await Promise.resolve();
      const fetchOne = (signal: AbortSignal | undefined) =>
        fetchDashboardToken(source, { signal, timeoutMs: options.timeoutMs });
      const shareKey = tabShareKey(options);
      const replaced = takeReplacedToken(context.client, context.queryKey);
      if (shareKey === undefined) return fetchOne(context.signal);
      return tabTokenShare(shareKey).acquire(fetchOne, {
        current: context.client.getQueryData<DashboardToken>(context.queryKey),
        signal: context.signal,
        replaced,
      });
    },
    enabled: resolved?.source !== undefined,
    staleTime: Infinity,
    retry: policy.shouldRetry,
    retryDelay: policy.delayMs,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    notifyOnChangeProps: 'all',
  });
}

function refetch(client: QueryClient, queryKey: readonly unknown[]) {
  return client.refetchQueries({ queryKey, exact: true }, { cancelRefetch: false });
}

/**
 * The dashboard token of a source, kept fresh: fetched once per source (shared by every embed and
 * hook with the same source, StrictMode included), refreshed ahead of its deadline (also after
 * sleep or a hidden tab), retried with backoff, and never returned once expired.
 *
 * @example
 * ```tsx
 * const { token, status, error, refresh } = useDashboardToken({ tokenUrl: '/api/zipteams/token' });
 * ```
 */
export function useDashboardToken(options: UseDashboardTokenOptions = {}): DashboardTokenState {
  const { queryClient, defaults } = useZipteamsContext();
  const merged = {
    ...options,
    tokenUrl: options.tokenUrl ?? (options.fetchToken ? undefined : defaults.tokenUrl),
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    retry: options.retry ?? defaults.retry,
    refreshMargin: options.refreshMargin ?? defaults.refreshMargin,
    shareAcrossTabs: options.shareAcrossTabs ?? defaults.shareAcrossTabs,
  } as UseDashboardTokenOptions;
  const resolved = resolveTokenSource(merged);
  // The same refusal each render (a new object would re-render the embed forever).
  const sourceError = useStable(resolved?.error);
  const queryKey = useStable(dashboardTokenQueryKey(merged));
  const initialData = useInitialToken(options.initialToken, queryClient, queryKey);
  // The sign-out call reaches this client's token entries, mounted or only cached.
  useEffect(() => registerClientForSignOut(queryClient), [queryClient]);
  const query = useQuery(
    {
      ...dashboardTokenQueryOptions(merged),
      enabled: options.enabled !== false && resolved?.source !== undefined,
      // Seeds the cache entry only if it does not exist yet (TanStack Query's rule).
      initialData,
      initialDataUpdatedAt: initialData?.receivedAt,
    },
    queryClient,
  );

  const data = query.data;
  const margin = useStable(merged.refreshMargin);
  const refreshAt = useMemo(() => (data ? planRefresh(data, margin) : undefined), [data, margin]);

  const refresh = useCallback(() => refetch(queryClient, queryKey), [queryClient, queryKey]);
  useScheduler(refreshAt, refresh);
  // A held hook (`enabled: false`, e.g. signed out) takes no token from other tabs either.
  useTabAdoption(
    queryClient,
    queryKey,
    options.enabled === false ? undefined : tabShareKey(merged),
    margin,
  );
  const expired = useExpired(data);
  const failure = (query.error ?? query.failureReason ?? sourceError ?? undefined) as
    ZipteamsError | undefined;
  const expiredError = useMemo(
    // A new error object for each expiry, so `onError` hears of each.
    () => new TokenExpiredError(expired && failure ? { cause: failure } : undefined),
    [expired, failure],
  );
  const { status, valid, error } = tokenState({
    data,
    expired,
    fetching: query.isFetching,
    error: failure,
    expiredError,
  });

  const shown = valid ? data : undefined;
  return {
    token: shown?.token,
    data: shown,
    expiresAt: shown?.expiresAt,
    refreshAt: valid ? refreshAt : undefined,
    status,
    error,
    refresh,
  };
}
