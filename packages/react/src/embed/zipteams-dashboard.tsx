'use client';
import { buildInsightsUrl, type DashboardTheme } from '@zipteams/embed-core';
import { forwardRef, useMemo } from 'react';
import { EmbedFrame, type EmbedPage, type EmbedProps } from './embed-frame.js';

/** Props of {@link ZipteamsDashboard}. */
export type ZipteamsDashboardProps = EmbedProps & {
  /** `light` (default) or `dark`. */
  readonly theme?: DashboardTheme;
  /** Show only this agent's data (the id used when ingesting calls). */
  readonly agentId?: string;
};

/**
 * The Zipteams Insights Dashboard in an iframe, with its token fetched from your backend and kept
 * fresh. Token rotation and view changes load the next page hidden and swap it in on load, so the
 * view never blanks; a parent re-render never reloads it. The ref is the visible iframe.
 *
 * @example
 * ```tsx
 * <ZipteamsDashboard tokenUrl="/api/zipteams/token" theme="dark" />
 * ```
 */
export const ZipteamsDashboard = forwardRef<HTMLIFrameElement | null, ZipteamsDashboardProps>(
  function ZipteamsDashboard({ theme, agentId, ...props }, ref) {
    const page = useMemo<EmbedPage>(
      () => ({
        buildUrl: (token, baseUrl) => buildInsightsUrl({ token, baseUrl, theme, agentId }),
        defaultTitle: 'Zipteams Insights Dashboard',
        theme: theme ?? 'light',
      }),
      [theme, agentId],
    );
    return <EmbedFrame {...props} page={page} ref={ref} />;
  },
);
