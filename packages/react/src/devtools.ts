'use client';
import type { ReactElement } from 'react';
import { ZipteamsDevtoolsPanel, type ZipteamsDevtoolsProps } from './devtools/zipteams-devtools.js';

export type { ZipteamsDevtoolsProps } from './devtools/zipteams-devtools.js';

// Replaced by bundlers (see core's dev-log.ts): production builds keep the no-op only.
declare const process: { env: { NODE_ENV?: string } };

function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV === 'development';
  } catch {
    return false;
  }
}

/** Renders nothing: what {@link ZipteamsDevtools} is in production builds. */
function NoDevtools(): null {
  return null;
}

/**
 * The Zipteams devtools panel in development builds, nothing in production builds (import
 * `@zipteams/react/devtools/production` to show it there too). Place it once, anywhere in your app:
 *
 * @example
 * ```tsx
 * import { ZipteamsDevtools } from '@zipteams/react/devtools';
 * <ZipteamsDevtools initialIsOpen position="bottom-left" />
 * ```
 */
export const ZipteamsDevtools: (props: ZipteamsDevtoolsProps) => ReactElement | null =
  isDevelopment() ? ZipteamsDevtoolsPanel : NoDevtools;
