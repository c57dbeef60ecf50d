'use client';
export { ZipteamsProvider, createZipteamsQueryClient } from './context.js';
export type { ZipteamsProviderProps, ZipteamsDefaults } from './context.js';

export {
  useDashboardToken,
  dashboardTokenQueryOptions,
  dashboardTokenQueryKey,
  TokenStatus,
} from './token/use-dashboard-token.js';
export type {
  UseDashboardTokenOptions,
  DashboardTokenSourceOptions,
  DashboardTokenState,
} from './token/use-dashboard-token.js';

export { ZipteamsDashboard } from './embed/zipteams-dashboard.js';
export type { ZipteamsDashboardProps } from './embed/zipteams-dashboard.js';
export { ZipteamsCallDetails } from './embed/zipteams-call-details.js';
export type { ZipteamsCallDetailsProps } from './embed/zipteams-call-details.js';

export { EmbedStatus } from './embed/embed-frame.js';
export type { EmbedProps, ReadySignal } from './embed/embed-frame.js';

export { DefaultLoading, DefaultError } from './embed/fallbacks.js';
export type { ErrorFallbackProps, FallbackTheme } from './embed/fallbacks.js';
export { describeError } from './describe-error.js';
export type { ErrorDescription } from './describe-error.js';

export {
  ErrorCode,
  ZipteamsError,
  NetworkError,
  TimeoutError,
  HttpError,
  RateLimitedError,
  BadResponseError,
  ExpiredOnArrivalError,
  AbortedError,
  InvalidArgumentError,
  TokenExpiredError,
  FrameBlockedError,
  FrameUnreachableError,
  isZipteamsError,
} from '@zipteams/embed-core';
// The sign-out call: drops every token on the page (QueryClient entries included) and in tabs.
export { clearSharedTokens } from '@zipteams/embed-core';
export type {
  DashboardToken,
  DashboardTheme,
  InitialTokenBody,
  RefreshMargin,
  RetryOptions,
} from '@zipteams/embed-core';
