'use client';
import type { QueryClient } from '@tanstack/react-query';
import {
  shouldAdoptSharedToken,
  tabTokenShare,
  type DashboardToken,
  type RefreshMargin,
} from '@zipteams/embed-core';
import { useEffect } from 'react';
import { useLatest } from './use-scheduler.js';

/**
 * Takes the tokens other tabs fetched for this source into the query cache (core's tab sharing
 * decides what may be taken: newer, not yet due, same tenant), so this tab plans its refresh from
 * them instead of fetching its own. `shareKey` undefined: this source is not shared. Internal.
 */
export function useTabAdoption(
  client: QueryClient,
  queryKey: readonly unknown[],
  shareKey: string | undefined,
  margin: RefreshMargin | undefined,
): void {
  const marginRef = useLatest(margin);
  useEffect(() => {
    if (shareKey === undefined) return undefined;
    return tabTokenShare(shareKey).subscribe((token) => {
      const current = client.getQueryData<DashboardToken>(queryKey);
      const now = Date.now();
      if (shouldAdoptSharedToken(token, { current, now, margin: marginRef.current })) {
        client.setQueryData(queryKey, token);
      }
    });
  }, [client, queryKey, shareKey, marginRef]);
}
