'use client';
import type { QueryClient } from '@tanstack/react-query';
import {
  readPageInitialToken,
  warnIgnoredInitialToken,
  type DashboardToken,
  type InitialTokenBody,
} from '@zipteams/embed-core';
import { useEffect, useState } from 'react';

/**
 * The token a server minted while rendering this page, checked once when the component first
 * renders (core's `readInitialToken`: the time since the browser requested the page is counted
 * against it). Undefined when none was given, when it was ignored (a development warning says
 * why) or when the cache already holds a token for this source, which then keeps serving.
 * Internal; not exported from the package.
 */
export function useInitialToken(
  body: InitialTokenBody | undefined,
  queryClient: QueryClient,
  queryKey: readonly unknown[],
): DashboardToken | undefined {
  // Read once: the clock and the time since the request belong to this first render only.
  const [result] = useState(() => {
    if (body === undefined) return undefined;
    const held = queryClient.getQueryData<DashboardToken>(queryKey);
    const read = readPageInitialToken(body, held);
    // A held token for the same tenant is at least as good: no warning, nothing to seed.
    return read.ok && held ? undefined : read;
  });
  useEffect(() => {
    if (result) warnIgnoredInitialToken(result);
  }, [result]);
  return result?.ok ? result.token : undefined;
}
