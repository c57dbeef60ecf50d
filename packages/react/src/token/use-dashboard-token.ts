'use client';
import { EmbedStatus, type DashboardToken, type ZipteamsError } from '@zipteams/embed-core';
import {
  resolveTokenSource,
  takeInitialToken,
  type TokenStoreSnapshot,
} from '@zipteams/embed-core/internal';
import { useCallback, useState, useSyncExternalStore } from 'react';
import { useZipteamsContext } from '../context.js';
import { queryTokenStore, withDefaults } from './query-token-store.js';
import type { UseDashboardTokenOptions } from './token-options.js';

export { dashboardTokenQueryKey, dashboardTokenQueryOptions } from './dashboard-token-query.js';
export type { DashboardTokenSourceOptions, UseDashboardTokenOptions } from './token-options.js';

/**
 * The hook's `status` values: the very object `EmbedStatus` is (from core), under the name
 * the hook had first.
 *
 * @deprecated Use `EmbedStatus`: one name for one set of values. This alias goes in the next minor.
 */
export const TokenStatus = EmbedStatus;
/** One of the `EmbedStatus` values. @deprecated Use `EmbedStatus`. */
export type TokenStatus = EmbedStatus;

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
  readonly status: EmbedStatus;
  /**
   * The last failure, typed; also set while a valid token keeps serving. Once expired, a
   * {@link TokenExpiredError} whose `cause` is the last failure.
   */
  readonly error: ZipteamsError | undefined;
  /** Fetches a new token now (deduplicated with a request already under way). */
  readonly refresh: () => Promise<void>;
}

const noSubscription = () => () => {};
const noToken: TokenStoreSnapshot = {
  token: undefined,
  status: 'loading',
  error: undefined,
  refreshAt: undefined,
};

/**
 * The dashboard token of a source, kept fresh: fetched once per source (shared by every embed and
 * hook with the same source, StrictMode included), refreshed ahead of its deadline (also after
 * sleep or a hidden tab), retried with backoff, and never returned once expired. It is core's
 * token store (`useSyncExternalStore` over it), its token kept in the QueryClient.
 *
 * @example
 * ```tsx
 * const { token, status, error, refresh } = useDashboardToken({ tokenUrl: '/api/zipteams/token' });
 * ```
 */
export function useDashboardToken(options: UseDashboardTokenOptions = {}): DashboardTokenState {
  const { queryClient, defaults } = useZipteamsContext();
  const merged = withDefaults(options, defaults);
  const resolved = resolveTokenSource(merged);
  // The same refusal each render (a new object would re-render the embed forever).
  const [heldError, setHeldError] = useState(resolved?.error);
  let sourceError = resolved?.error;
  if (sourceError?.message === heldError?.message) sourceError = heldError;
  else setHeldError(sourceError);
  const store = queryTokenStore(queryClient, merged, resolved);
  // Read once, on the first render: the clock and the page's age belong to it.
  useState(() => {
    if (store && options.initialToken !== undefined) takeInitialToken(store, options.initialToken);
  });
  const read = store?.getSnapshot ?? (() => noToken);
  const snapshot = useSyncExternalStore(
    store && options.enabled !== false ? store.subscribe : noSubscription,
    read,
    read,
  );
  const refresh = useCallback(() => store?.refresh() ?? Promise.resolve(), [store]);
  const { token, status, error } = store
    ? snapshot
    : {
        token: undefined,
        status: sourceError ? 'error' : snapshot.status,
        error: sourceError,
      };
  return {
    token: token?.token,
    data: token,
    expiresAt: token?.expiresAt,
    refreshAt: snapshot.refreshAt,
    status,
    error,
    refresh,
  };
}
