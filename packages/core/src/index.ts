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
} from './errors/errors.js';
export type { BadResponseReason, CspRefusal } from './errors/errors.js';

export { decodeJwt, decodeBase64Url } from './token/jwt.js';
export type { JwtClaims } from './token/jwt.js';

export {
  MAX_TOKEN_LIFETIME_MS,
  normalizeTokenPayload,
  parseTokenResponseText,
  createDashboardToken,
  isTokenExpired,
} from './token/token.js';
export type {
  TokenPayload,
  NormalizedTokenResponse,
  DashboardToken,
  CreateTokenContext,
} from './token/token.js';

export {
  readInitialToken,
  readPageInitialToken,
  initialTokenAgeBoundMs,
  initialTokenWins,
  warnIgnoredInitialToken,
} from './token/initial-token.js';
export type {
  InitialTokenBody,
  InitialTokenContext,
  InitialTokenResult,
  InitialTokenRejection,
} from './token/initial-token.js';

export { systemClock, globalTimers, browserWakeEvents } from './timing/environment.js';
export type { Clock, Timers, WakeEventSource } from './timing/environment.js';

export {
  MAX_TIMER_DELAY_MS,
  DEFAULT_REFRESH_MARGIN,
  MIN_REFRESH_INTERVAL_MS,
  clampTimerDelay,
  refreshMarginMs,
  planRefresh,
  createScheduler,
} from './timing/refresh.js';
export type { RefreshMargin, SchedulerOptions, Scheduler } from './timing/refresh.js';

export {
  isRetryableError,
  backoffDelay,
  createRetryPolicy,
  withRetry,
  sleep,
} from './timing/retry.js';
export type { RetryOptions, RetryPolicy, WithRetryOptions } from './timing/retry.js';

export { DEFAULT_TIMEOUT_MS, tokenFromResponse, fetchDashboardToken } from './token/fetch-token.js';
export type {
  TokenUrlSource,
  TokenFunctionSource,
  TokenSource,
  FetchTokenOptions,
} from './token/fetch-token.js';

export { DEFAULT_BASE_URL, buildInsightsUrl, buildCallDetailsUrl } from './embed/embed-url.js';
export type {
  DashboardTheme,
  InsightsUrlOptions,
  CallDetailsUrlOptions,
} from './embed/embed-url.js';

export { TokenStatus, tokenState } from './token/token-state.js';
export type { TokenStateInput, TokenStateResult } from './token/token-state.js';

export { normalizeHeaders, resolveTokenSource } from './token/token-key.js';
export type { TokenSourceOptions, ResolvedTokenSource } from './token/token-key.js';

export {
  EmbedStatus,
  SWAP_GUARD_MS,
  initialEmbedState,
  embedTransition,
  nextEmbedDue,
  embedStatus,
} from './embed/embed-transition.js';
export type {
  ReadySignal,
  EmbedFrame,
  EmbedInput,
  EmbedState,
  EmbedRules,
  EmbedEvent,
} from './embed/embed-transition.js';

export {
  DEFAULT_LOAD_TIMEOUT_MS,
  createEmbedController,
  isReadyMessage,
} from './embed/embed-controller.js';
export type {
  EmbedController,
  EmbedControllerOptions,
  EmbedSnapshot,
  ReachabilityProbe,
} from './embed/embed-controller.js';

export { createEmbedSession } from './embed/embed-session.js';
export type {
  EmbedSession,
  EmbedSessionOptions,
  EmbedSessionEnvironment,
  EmbedDom,
  EmbedFrameElement,
} from './embed/embed-session.js';
export { FALLBACK_UI } from './embed/fallback-ui.js';
export { embedCss } from './embed/embed-css.js';
export { browserCspViolations } from './embed/csp-violations.js';
export type { CspViolation, CspViolationSource } from './embed/csp-violations.js';

export { knownRefusal, originOf } from './embed/known-refusal.js';
export { devLog, safeCall } from './errors/dev-log.js';
export { createTokenStore } from './token/token-store.js';
export { sharedTokenStore } from './token/shared-token-store.js';
export type { TokenStoreOptions, TokenStore, TokenStoreSnapshot } from './token/token-store.js';
export { createMemoryTokenCache } from './token/token-cache.js';
export { takeInitialToken } from './token/take-initial-token.js';
export type { TokenCache } from './token/token-cache.js';

export { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from './tabs/shared-token.js';
export type { AdoptContext } from './tabs/shared-token.js';
export type { SharedTokenRecord } from './tabs/shared-record.js';
export { loadTabs } from './tabs/load-tabs.js';
export type { TabsModule } from './tabs/load-tabs.js';

// The tab code itself (`createTabTokenShare`, `browserTabEnvironment`, the channel records) is
// the `./tabs` entry, which the token store loads lazily: no static path leads there from here.
export type { TabLocks, TabChannel, TabEnvironment } from './tabs/tab-environment.js';
export type {
  TabTokenShareOptions,
  AcquireContext,
  TabShareEvent,
  TabTokenShare,
} from './tabs/tab-share.js';

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

export { describeError } from './errors/describe-error.js';
export type { ErrorDescription } from './errors/describe-error.js';

// The server contract (codes, statuses, bodies, margins) is the `./protocol` entry; the barrel
// keeps only what browser code used before it, so browser bundles do not grow.
export { parseRetryAfter } from './protocol.js';
