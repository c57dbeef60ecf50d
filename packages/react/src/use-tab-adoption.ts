'use client';
import type { QueryClient } from '@tanstack/react-query';
import {
  HttpError,
  hasTenantClaims,
  sameTenant,
  shouldAdoptSharedToken,
  systemClock,
  tabTokenShare,
  type DashboardToken,
  type RefreshMargin,
} from '@zipteams/embed-core';
import { useEffect } from 'react';
import { dropToken, setTokenError } from './query-tokens.js';
import { useLatest } from './use-scheduler.js';

/**
 * Applies core's tab rules to the query cache: a rotation another tab of the same tenant fetched is
 * adopted (newer, not yet due), so this tab plans its refresh from it; a token of another tenant
 * for this source means the session changed, and this tab drops its token and asks its own session
 * at once; a 401/403 in another tab ends the token here too, with that error. Nothing is adopted
 * before this page holds a token of its own. `shareKey` undefined: not shared. Internal.
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
    const share = tabTokenShare(shareKey);
    return share.subscribe((event) => {
      if (event.type === 'ended')
        return setTokenError(client, queryKey, new HttpError(event.status));
      const current = client.getQueryData<DashboardToken>(queryKey);
      const { token } = event;
      if (!current) return;
      if (hasTenantClaims(current) && hasTenantClaims(token) && !sameTenant(current, token)) {
        return dropToken(client, queryKey, { replaced: current });
      }
      const now = systemClock.now();
      if (shouldAdoptSharedToken(token, { current, now, margin: marginRef.current })) {
        share.hold(token);
        client.setQueryData(queryKey, token, { updatedAt: token.receivedAt });
      }
    });
  }, [client, queryKey, shareKey, marginRef]);
}
