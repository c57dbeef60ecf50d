export { createTokenHandler } from './handler/token-handler.js';
export type { TokenHandler } from './handler/token-handler.js';
export { createTokenService } from './handler/token-service.js';
export type { GetTokenOptions, TokenService } from './handler/token-service.js';
export type { TokenAnswer } from './handler/respond.js';
export { DEFAULT_HANDLER_TIMEOUT_MS } from './config/options.js';
export type { TokenHandlerOptions } from './config/options.js';
export type { TokenErrorBody, TokenResponseBody } from '@zipteams/embed-core/protocol';
export { createMemoryCache } from './supply/memory-cache.js';
export type { MemoryCacheOptions } from './supply/memory-cache.js';
export type { CachedToken, TokenCache, TokenCacheContext } from './supply/token-cache.js';
export { DEFAULT_UPSTREAM_LIMIT } from './budget/upstream-budget.js';
export type {
  BudgetDecision,
  UpstreamBudget,
  UpstreamLimit,
  UpstreamLimitInSeconds,
} from './budget/upstream-budget.js';
export {
  BadUpstreamResponseError,
  InvalidTenantError,
  RequestAbortedError,
  TenantResolutionError,
  TokenEndpointError,
  TokenHandlerConfigError,
  UpstreamBudgetError,
  UpstreamRateLimitError,
  UpstreamStatusError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.js';
export type { TokenErrorCode, UpstreamStatusCode } from './errors.js';
export type { TokenHandlerLogger } from './config/logger.js';
export type { Tenant } from './handler/tenant.js';
export type { Timers } from './config/timers.js';
export type { FetchLike } from './upstream/request-upstream-token.js';
export { DEFAULT_API_URL, TOKEN_PATH } from './upstream/request-upstream-token.js';
