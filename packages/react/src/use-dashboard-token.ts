'use client';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import {
  TokenExpiredError,
  createRetryPolicy,
  fetchDashboardToken,
  planRefresh,
  type DashboardToken,
  type RefreshMargin,
  type RetryOptions,
  type TokenFunctionSource,
  type TokenUrlSource,
  type ZipteamsError,
} from '@zipteams/embed-core';
import { useCallback, useMemo, useState } from 'react';
import { useZipteamsContext } from './context.js';
import { useScheduler } from './use-scheduler.js';
import { useStable } from './use-stable.js';

/** The lifecycle state of a dashboard token, as a user would notice it. */
export const TokenStatus = {
  /** No token yet; the first request is under way. */
  Loading: 'loading',
  /** A valid token is in hand. */
  Ready: 'ready',
  /** A valid token is in hand and its successor is being fetched. */
  Refreshing: 'refreshing',
  /** The deadline passed without a new token; nothing may be shown. The kit keeps trying. */
  Expired: 'expired',
  /** No valid token and the last request failed. */
  Error: 'error',
} as const;

/** One of the {@link TokenStatus} values. */
export type TokenStatus = (typeof TokenStatus)[keyof typeof TokenStatus];

/** Where the hook gets tokens: a URL on your backend, or your own function. */
export interface DashboardTokenSourceOptions {
  /** Your token endpoint, called with GET (same-origin credentials by default). */
  readonly tokenUrl?: string;
  /** Extra fetch options for `tokenUrl` (headers, credentials, …). */
  readonly tokenRequestInit?: TokenUrlSource['init'];
  /** Your own token function, instead of `tokenUrl`. It may change identity between renders. */
  readonly fetchToken?: TokenFunctionSource['fetchToken'];
  /**
   * Names the token source in the cache. Embeds with the same `tokenUrl` share one token and one
   * request; give different `fetchToken` sources different keys (default `"default"`).
   */
  readonly tokenKey?: string;
  /** Timeout of one token request, in ms. Default 15 s. */
  readonly timeoutMs?: number;
  /** Retry of failed token requests. Default: retryable errors without limit, backoff up to 60 s. */
  readonly retry?: RetryOptions;
}

/** Options of {@link useDashboardToken}. */
export interface UseDashboardTokenOptions extends DashboardTokenSourceOptions {
  /** How far ahead of the deadline to refresh. */
  readonly refreshMargin?: RefreshMargin;
  /** `false` holds the request (e.g. until the user is signed in). Default true. */
  readonly enabled?: boolean;
}

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

function tokenSource({
  fetchToken,
  tokenUrl,
  tokenRequestInit: init,
  tokenKey,
}: DashboardTokenSourceOptions) {
  if (fetchToken) return { key: ['fetchToken', tokenKey ?? 'default'], source: { fetchToken } };
  return tokenUrl
    ? {
        key: ['tokenUrl', tokenUrl, init ? JSON.stringify(init) : null, tokenKey ?? null],
        source: { tokenUrl, init },
      }
    : undefined;
}

/** The query key of a token source: every embed with the same source shares its entry. */
export function dashboardTokenQueryKey(options: DashboardTokenSourceOptions) {
  return ['zipteams', 'dashboard-token', ...(tokenSource(options)?.key ?? ['none'])] as const;
}

/**
 * TanStack Query options for a dashboard token: use them to prefetch
 * (`queryClient.prefetchQuery(dashboardTokenQueryOptions({ tokenUrl }))`) or to read the token
 * with your own client. Tokens never go stale by age: the kit plans refreshes from their lifetime.
 */
export function dashboardTokenQueryOptions(options: DashboardTokenSourceOptions) {
  const resolved = tokenSource(options);
  const policy = createRetryPolicy({ retries: Infinity, ...options.retry });
  return queryOptions({
    queryKey: dashboardTokenQueryKey(options),
    queryFn: async (context) => {
      if (!resolved) throw new TypeError('Pass tokenUrl or fetchToken.');
      // Read the signal one microtask late: React StrictMode unmounts and remounts synchronously,
      // and TanStack Query cancels a query whose signal was already read when its last observer
      // leaves, which would make StrictMode send a second request.
      await Promise.resolve();
      return fetchDashboardToken(resolved.source, {
        signal: context.signal,
        timeoutMs: options.timeoutMs,
      });
    },
    enabled: resolved !== undefined,
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
  const merged: UseDashboardTokenOptions = {
    ...options,
    tokenUrl: options.tokenUrl ?? (options.fetchToken ? undefined : defaults.tokenUrl),
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    retry: options.retry ?? defaults.retry,
    refreshMargin: options.refreshMargin ?? defaults.refreshMargin,
  };
  const query = useQuery(
    {
      ...dashboardTokenQueryOptions(merged),
      enabled: options.enabled !== false && tokenSource(merged) !== undefined,
    },
    queryClient,
  );
  const queryKey = useStable(dashboardTokenQueryKey(merged));

  const [now, setNow] = useState(() => Date.now());
  const data = query.data;
  const margin = useStable(merged.refreshMargin);
  const refreshAt = useMemo(() => (data ? planRefresh(data, margin) : undefined), [data, margin]);

  const refresh = useCallback(() => refetch(queryClient, queryKey), [queryClient, queryKey]);
  useScheduler(refreshAt, refresh);
  // The scheduler re-renders at the deadline; the clock read below covers a token that was
  // already past it when it reached this component (another key's cache entry, a long gcTime).
  useScheduler(data?.expiresAt, () => setNow(Date.now()));
  // eslint-disable-next-line react-hooks/purity -- the clock decides whether a token may be shown
  const expired = data !== undefined && Math.max(now, Date.now()) >= data.expiresAt;
  const valid = data !== undefined && !expired;
  const error = (query.error ?? query.failureReason ?? undefined) as ZipteamsError | undefined;

  let status: TokenStatus;
  if (valid) status = query.isFetching ? TokenStatus.Refreshing : TokenStatus.Ready;
  else if (expired) status = error && !error.retryable ? TokenStatus.Error : TokenStatus.Expired;
  else if (error) status = TokenStatus.Error;
  else status = TokenStatus.Loading;

  const expiredError = useMemo(
    () => (expired ? new TokenExpiredError(error ? { cause: error } : undefined) : undefined),
    [expired, error],
  );

  return {
    token: valid ? data.token : undefined,
    data: valid ? data : undefined,
    expiresAt: valid ? data.expiresAt : undefined,
    refreshAt: valid ? refreshAt : undefined,
    status,
    error: status === TokenStatus.Expired ? expiredError : (error ?? expiredError),
    refresh,
  };
}
