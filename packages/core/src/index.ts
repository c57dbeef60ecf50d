/**
 * `@zipteams/embed-core`: what a partner builds an embed with, without React. The embed session
 * (one embed's whole life: token, refresh, frames, errors), the page URLs, a one-off token fetch,
 * the sign-out call and the typed errors, with the types their signatures name. Everything here
 * follows semver.
 *
 * The plumbing our own packages share (the token store, the page registry, retry policies, the
 * default UI's palette) is `@zipteams/embed-core/internal`: no semver promise. The tab code is
 * `@zipteams/embed-core/tabs`, the browser-server contract `@zipteams/embed-core/protocol`.
 *
 * @packageDocumentation
 */

// The session: one embed's whole life, the object React's components and the elements render.
export { createEmbedSession } from './embed/embed-session.js';
export type {
  EmbedSession,
  EmbedSessionOptions,
  EmbedSessionEnvironment,
  EmbedDom,
  EmbedFrameElement,
} from './embed/embed-session-types.js';
export { EmbedStatus } from './token/token-state.js';
export type { EmbedSnapshot, ReachabilityProbe } from './embed/embed-session-types.js';
export type { ReadySignal, EmbedFrame, EmbedState, EmbedInput } from './embed/embed-transition.js';

// The page URLs a session's `page` option builds.
export { DEFAULT_APP_URL, buildInsightsUrl, buildCallDetailsUrl } from './embed/embed-url.js';
export type {
  DashboardTheme,
  InsightsUrlOptions,
  CallDetailsUrlOptions,
} from './embed/embed-url.js';

// Tokens: one attempt at a source, and what a token is.
export { DEFAULT_TOKEN_TIMEOUT_MS, fetchDashboardToken } from './token/fetch-token.js';
export type {
  TokenUrlSource,
  TokenFunctionSource,
  TokenSource,
  FetchTokenOptions,
} from './token/fetch-token.js';
export type { TokenSourceOptions } from './token/token-key.js';
export type { DashboardToken, TokenPayload } from './token/token.js';
export type { JwtClaims } from './token/jwt.js';
export type { InitialTokenBody } from './token/initial-token.js';
export type { TokenSlot } from './token/token-slot.js';
export type { RefreshMargin } from './timing/refresh.js';
export type { RetryOptions } from './timing/retry.js';
export type { Clock, Timers, WakeEventSource } from './timing/environment.js';
export type { TabLocks, TabChannel, TabEnvironment } from './tabs/tab-environment.js';
export type { CspViolation, CspViolationSource } from './errors/csp-violations.js';

// Signing out: drops every token this page and this origin's other tabs hold.
export { clearSharedTokens } from './sign-out.js';

// Errors, and the same in words a dashboard user understands.
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
  isZipteamsError,
} from './errors/errors.js';
export { FrameBlockedError, FrameUnreachableError } from './errors/frame-errors.js';
export type { BadResponseReason } from './errors/errors.js';
export type { CspRefusal } from './errors/csp-refusal.js';
export { describeError } from './errors/describe-error.js';
export type { ErrorDescription } from './errors/describe-error.js';
