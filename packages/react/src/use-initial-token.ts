'use client';
import type { QueryClient } from '@tanstack/react-query';
import {
  initialTokenWins,
  readPageInitialToken,
  systemClock,
  warnIgnoredInitialToken,
  type DashboardToken,
  type InitialTokenBody,
} from '@zipteams/embed-core';
import { useEffect, useState } from 'react';

/**
 * The token a server minted while rendering this page, checked once when the component first
 * renders (core's `readInitialToken`: the time since the browser requested the page is counted
 * against it; a token the sign-out call dropped is refused). Returned as the query's
 * `initialData` when the cache has no token for the source yet. The server's answer for this page
 * wins over a token held from another session (e.g. before a sign-in without a reload): that entry
 * is replaced at once, before anything renders with it. Only a newer valid token of the same
 * tenant keeps serving. Internal; not exported from the package.
 */
export function useInitialToken(
  body: InitialTokenBody | undefined,
  queryClient: QueryClient,
  queryKey: readonly unknown[],
): DashboardToken | undefined {
  // Read once: the clock and the time since the request belong to this first render only.
  const [result] = useState(() => {
    if (body === undefined) return undefined;
    const read = readPageInitialToken(body);
    if (!read.ok) return read;
    const held = queryClient.getQueryData<DashboardToken>(queryKey);
    if (!held) return read;
    if (initialTokenWins(read.token, held, systemClock.now())) {
      // Before this render reads the cache: the held token of another session is never shown.
      queryClient.setQueryData(queryKey, read.token, { updatedAt: read.token.receivedAt });
    }
    return undefined;
  });
  useEffect(() => {
    if (result) warnIgnoredInitialToken(result);
  }, [result]);
  return result?.ok ? result.token : undefined;
}
