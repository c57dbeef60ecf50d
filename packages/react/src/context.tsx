'use client';
import { QueryClient } from '@tanstack/react-query';
import type { RefreshMargin, RetryOptions } from '@zipteams/embed-core';
import { useStable } from './use-stable.js';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** Defaults that every Zipteams component and hook below a {@link ZipteamsProvider} uses. */
export interface ZipteamsDefaults {
  /** The partner's token endpoint (e.g. `/api/zipteams/token`). */
  readonly tokenUrl?: string;
  /** Origin of the Zipteams pages. Default `https://app.zipteams.com`; the mock's URL in development. */
  readonly baseUrl?: string;
  /** How far ahead of the deadline to refresh. Default 10 % of the lifetime, within [30 s, 10 min]. */
  readonly refreshMargin?: RefreshMargin;
  /** Retry of failed token requests. Default: retryable errors forever, backoff up to 60 s. */
  readonly retry?: RetryOptions;
  /** Timeout of one token request, in ms. Default 15 s. */
  readonly timeoutMs?: number;
  /** Share tokens with this origin's other tabs (one request per token for all). Default true. */
  readonly shareAcrossTabs?: boolean;
  /**
   * The page's Content-Security-Policy nonce, for a strict `style-src`: server rendering puts each
   * embed's style in a `<style nonce>` (in the browser the kit needs none). In Next.js, read it
   * from the request headers (`(await headers()).get('x-nonce')`) as its CSP guide shows.
   */
  readonly nonce?: string;
}

/** Props of {@link ZipteamsProvider}. */
export interface ZipteamsProviderProps extends ZipteamsDefaults {
  /** Your own QueryClient, to share cache and devtools. Default: the kit's private client. */
  readonly queryClient?: QueryClient;
  readonly children?: ReactNode;
}

interface ZipteamsContextValue {
  readonly queryClient?: QueryClient;
  readonly defaults: ZipteamsDefaults;
}

const ZipteamsContext = createContext<ZipteamsContextValue | undefined>(undefined);

/** Creates a QueryClient with the kit's defaults (no focus or reconnect refetching: the kit plans refreshes itself). */
export function createZipteamsQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { refetchOnWindowFocus: false, refetchOnReconnect: false } },
  });
}

let browserClient: QueryClient | undefined;

/**
 * The private client used without a provider: one per browser page, so every embed with the same
 * token source shares one request; never shared between server renders.
 */
function usePrivateClient(): QueryClient {
  const [serverClient] = useState(() =>
    typeof window === 'undefined' ? createZipteamsQueryClient() : undefined,
  );
  if (serverClient) return serverClient;
  browserClient ??= createZipteamsQueryClient();
  return browserClient;
}

/**
 * Optional provider: your QueryClient and defaults (token URL, base URL, refresh margin) for all
 * Zipteams components and hooks below it. Everything works without it.
 */
export function ZipteamsProvider({ queryClient, children, ...defaults }: ZipteamsProviderProps) {
  const parent = useContext(ZipteamsContext);
  // Stable by content: an inline `refreshMargin={{…}}` must not re-render every embed.
  const stableDefaults = useStable<ZipteamsDefaults>(defaults);
  const value = useMemo<ZipteamsContextValue>(
    () => ({
      queryClient: queryClient ?? parent?.queryClient,
      defaults: { ...parent?.defaults, ...stableDefaults },
    }),
    [queryClient, parent, stableDefaults],
  );
  return <ZipteamsContext.Provider value={value}>{children}</ZipteamsContext.Provider>;
}

/** The provider's defaults (none without a provider), without making a QueryClient. Internal. */
export function useZipteamsDefaults(): ZipteamsDefaults {
  return useContext(ZipteamsContext)?.defaults ?? {};
}

/** The nearest provider's client (or the private one) and defaults. */
export function useZipteamsContext(): { queryClient: QueryClient; defaults: ZipteamsDefaults } {
  const value = useContext(ZipteamsContext);
  const privateClient = usePrivateClient();
  return { queryClient: value?.queryClient ?? privateClient, defaults: value?.defaults ?? {} };
}
