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
  redactTokens,
} from './errors.js';
export type { BadResponseReason } from './errors.js';

export { decodeJwt, decodeBase64Url } from './jwt.js';
export type { JwtClaims } from './jwt.js';

export {
  MAX_TOKEN_LIFETIME_MS,
  normalizeTokenPayload,
  parseTokenResponseText,
  createDashboardToken,
  isTokenExpired,
} from './token.js';
export type {
  TokenPayload,
  NormalizedTokenResponse,
  DashboardToken,
  CreateTokenContext,
} from './token.js';

export {
  readInitialToken,
  readPageInitialToken,
  initialTokenAgeBoundMs,
  initialTokenWins,
  warnIgnoredInitialToken,
} from './initial-token.js';
export type {
  InitialTokenBody,
  InitialTokenContext,
  InitialTokenResult,
  InitialTokenRejection,
} from './initial-token.js';

export { systemClock, globalTimers, browserWakeEvents } from './environment.js';
export type { Clock, Timers, WakeEventSource } from './environment.js';

export {
  MAX_TIMER_DELAY_MS,
  DEFAULT_REFRESH_MARGIN,
  MIN_REFRESH_INTERVAL_MS,
  clampTimerDelay,
  refreshMarginMs,
  planRefresh,
  createScheduler,
} from './refresh.js';
export type { RefreshMargin, SchedulerOptions, Scheduler } from './refresh.js';

export { isRetryableError, backoffDelay, createRetryPolicy, withRetry, sleep } from './retry.js';
export type { RetryOptions, RetryPolicy, WithRetryOptions } from './retry.js';

export { DEFAULT_TIMEOUT_MS, tokenFromResponse, fetchDashboardToken } from './fetch-token.js';
export type {
  TokenUrlSource,
  TokenFunctionSource,
  TokenSource,
  FetchTokenOptions,
} from './fetch-token.js';

export { DEFAULT_BASE_URL, buildInsightsUrl, buildCallDetailsUrl } from './embed-url.js';
export type { DashboardTheme, InsightsUrlOptions, CallDetailsUrlOptions } from './embed-url.js';

export { TokenStatus, tokenState } from './token-state.js';
export type { TokenStateInput, TokenStateResult } from './token-state.js';

export { normalizeHeaders, resolveTokenSource } from './token-key.js';
export type { TokenSourceOptions, ResolvedTokenSource } from './token-key.js';

export {
  EmbedStatus,
  SWAP_GUARD_MS,
  initialEmbedState,
  embedTransition,
  nextEmbedDue,
  embedStatus,
} from './embed-transition.js';
export type {
  ReadySignal,
  EmbedFrame,
  EmbedInput,
  EmbedState,
  EmbedRules,
  EmbedEvent,
} from './embed-transition.js';

export {
  DEFAULT_LOAD_TIMEOUT_MS,
  createEmbedController,
  isReadyMessage,
} from './embed-controller.js';
export type {
  EmbedController,
  EmbedControllerOptions,
  EmbedSnapshot,
  ReachabilityProbe,
} from './embed-controller.js';

export { createEmbedSession } from './embed-session.js';
export type {
  EmbedSession,
  EmbedSessionOptions,
  EmbedSessionEnvironment,
  EmbedDom,
  EmbedFrameElement,
} from './embed-session.js';
export { FALLBACK_UI } from './fallback-ui.js';

export { knownRefusal, originOf } from './known-refusal.js';
export { devLog, safeCall } from './dev-log.js';
export { createTokenStore, sharedTokenStore } from './token-store.js';
export type { TokenStoreOptions, TokenStore, TokenStoreSnapshot } from './token-store.js';
export { createMemoryTokenCache } from './token-cache.js';
export { takeInitialToken } from './take-initial-token.js';
export type { TokenCache } from './token-cache.js';

export { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from './shared-token.js';
export type { AdoptContext } from './shared-token.js';
export type { SharedTokenRecord } from './shared-record.js';
export { loadTabs } from './load-tabs.js';
export type { TabsModule } from './load-tabs.js';

// The tab code itself (`createTabTokenShare`, `browserTabEnvironment`, the channel records) is
// the `./tabs` entry, which the token store loads lazily: no static path leads there from here.
export type { TabLocks, TabChannel, TabEnvironment } from './tab-environment.js';
export type {
  TabTokenShareOptions,
  AcquireContext,
  TabShareEvent,
  TabTokenShare,
} from './tab-share.js';

export {
  TAB_CHANNEL_NAME,
  clearSharedTokens,
  registerTokenHolder,
  revokeToken,
  isRevokedToken,
  registerInspectable,
  inspectPage,
  watchPage,
  notifyPage,
} from './page-registry.js';
export type {
  TokenHolder,
  Inspectable,
  EmbedInspection,
  SourceInspection,
} from './page-registry.js';

export { describeError } from './describe-error.js';
export type { ErrorDescription } from './describe-error.js';

// The server contract (codes, statuses, bodies, margins) is the `./protocol` entry; the barrel
// keeps only what browser code used before it, so browser bundles do not grow.
export { parseRetryAfter } from './protocol.js';
