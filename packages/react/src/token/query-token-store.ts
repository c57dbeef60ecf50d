'use client';
import type { QueryClient } from '@tanstack/react-query';
import { resolveTokenSource, sourceStore, type TokenStore } from '@zipteams/embed-core/internal';
import type { ZipteamsDefaults } from '../context.js';
import { queryTokenSlots } from './query-token-slot.js';
import type { UseDashboardTokenOptions } from './token-options.js';

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
  // The sign-out call reaches this client's token entries, mounted or only cached (with a source).
  return sourceStore(options, resolved, resolved?.source && queryTokenSlots(client));
}
