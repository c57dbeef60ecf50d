'use client';
import { buildCallDetailsUrl, type DashboardTheme } from '@zipteams/embed-core';
import { forwardRef, useMemo } from 'react';
import { EmbedFrame, type EmbedPage, type EmbedProps } from './embed-frame.js';

/** Props of {@link ZipteamsCallDetails}. */
export type ZipteamsCallDetailsProps = EmbedProps & {
  /** The analysed call to show. */
  readonly callId: string;
  /** Colour scheme of the loading and error UI around the page. Default `light`. */
  readonly fallbackTheme?: DashboardTheme;
};

/**
 * The Zipteams Customer Details page of one call (`/call-details/<callId>`) in an iframe, with the
 * same token handling, rotation and states as {@link ZipteamsDashboard}.
 *
 * @example
 * ```tsx
 * <ZipteamsCallDetails tokenUrl="/api/zipteams/token" callId="call-123" />
 * ```
 */
export const ZipteamsCallDetails = forwardRef<HTMLIFrameElement | null, ZipteamsCallDetailsProps>(
  function ZipteamsCallDetails({ callId, fallbackTheme, ...props }, ref) {
    const page = useMemo<EmbedPage>(
      () => ({
        buildUrl: (token, baseUrl) => buildCallDetailsUrl({ token, baseUrl, callId }),
        defaultTitle: 'Zipteams call details',
        theme: fallbackTheme ?? 'light',
      }),
      [callId, fallbackTheme],
    );
    return <EmbedFrame {...props} page={page} ref={ref} />;
  },
);
