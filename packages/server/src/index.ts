export { createTokenHandler } from './handler.js';
export type { TokenHandler } from './handler.js';
export { createTokenService } from './token-service.js';
export type { GetTokenOptions, TokenService } from './token-service.js';
export type { TokenAnswer } from './respond.js';
export { DEFAULT_TIMEOUT_MS } from './config.js';
export type { TokenHandlerOptions } from './config.js';
export type { TokenErrorBody, TokenResponseBody } from '@zipteams/embed-core/protocol';
export { createMemoryCache } from './memory-cache.js';
export type { MemoryCacheOptions } from './memory-cache.js';
export type { CachedToken, TokenCache, TokenCacheContext } from './cache.js';
export { DEFAULT_UPSTREAM_LIMIT } from './upstream-budget.js';
export type {
  BudgetDecision,
  UpstreamBudget,
  UpstreamLimit,
  UpstreamLimitInSeconds,
} from './upstream-budget.js';
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
export type { TokenHandlerLogger } from './logger.js';
export type { Tenant } from './tenant.js';
export type { Timers } from './timers.js';
export type { FetchLike } from './upstream.js';
export { DEFAULT_BASE_URL, TOKEN_PATH } from './upstream.js';
