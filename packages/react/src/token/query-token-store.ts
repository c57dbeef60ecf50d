'use client';
import type { QueryClient } from '@tanstack/react-query';
import {
  resolveTokenSource,
  sharedTokenStore,
  type TokenStore,
} from '@zipteams/embed-core/internal';
import type { ZipteamsDefaults } from '../context.js';
import { keyOf } from './dashboard-token-query.js';
import { registerClientForSignOut } from './query-tokens.js';
import { queryTokenSlot } from './query-token-slot.js';
import type { UseDashboardTokenOptions } from './use-dashboard-token.js';

/** The options with the provider's defaults filled in. Internal. */
export function withDefaults<T extends UseDashboardTokenOptions>(
  options: T,
  defaults: ZipteamsDefaults,
): T {
  return {
    ...options,
    tokenUrl: options.tokenUrl ?? (options.fetchToken ? undefined : defaults.tokenUrl),
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    retry: options.retry ?? defaults.retry,
    refreshMargin: options.refreshMargin ?? defaults.refreshMargin,
    shareAcrossTabs: options.shareAcrossTabs ?? defaults.shareAcrossTabs,
  };
}

/**
 * The page's token store of a source in a QueryClient: core's one token lifecycle, keeping its
 * token in the client's entry for the source (see `queryTokenSlot`). Internal.
 */
export function queryTokenStore(
  client: QueryClient,
  options: UseDashboardTokenOptions,
  resolved = resolveTokenSource(options),
): TokenStore | undefined {
  if (!resolved?.source) return undefined;
  // The sign-out call reaches this client's token entries, mounted or only cached.
  registerClientForSignOut(client);
  return sharedTokenStore({
    key: JSON.stringify(resolved.key),
    source: resolved.source,
    refreshMargin: options.refreshMargin,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    shareAcrossTabs: options.shareAcrossTabs,
    cache: queryTokenSlot(client, keyOf(resolved)),
  });
}
