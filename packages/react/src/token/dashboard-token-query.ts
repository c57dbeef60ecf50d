'use client';
import { queryOptions } from '@tanstack/react-query';
import { InvalidArgumentError, fetchDashboardToken } from '@zipteams/embed-core';
import {
  createRetryPolicy,
  resolveTokenSource,
  type ResolvedTokenSource,
} from '@zipteams/embed-core/internal';
import { TOKEN_QUERY_PREFIX } from './query-tokens.js';
import type { DashboardTokenSourceOptions } from './token-options.js';

/** The query key of a token source: every embed with the same source shares its entry. */
export function dashboardTokenQueryKey(options: DashboardTokenSourceOptions) {
  return keyOf(resolveTokenSource(options));
}

/** The query key of a resolved source. Internal. */
export const keyOf = (resolved: ResolvedTokenSource | undefined) =>
  [...TOKEN_QUERY_PREFIX, ...(resolved?.key ?? ['none'])] as const;

/**
 * TanStack Query options for a dashboard token: use them to prefetch
 * (`queryClient.prefetchQuery(dashboardTokenQueryOptions({ tokenUrl }))`) or to read the token
 * with your own client. A prefetched token is the one the embeds and the hook then use, with no
 * request; core's token store refreshes it from its lifetime, so it never goes stale by age.
 */
export function dashboardTokenQueryOptions(options: DashboardTokenSourceOptions) {
  const resolved = resolveTokenSource(options);
  const policy = createRetryPolicy({ retries: Infinity, ...options.retry });
  return queryOptions({
    queryKey: keyOf(resolved),
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
      return fetchDashboardToken(source, { signal: context.signal, timeoutMs: options.timeoutMs });
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
