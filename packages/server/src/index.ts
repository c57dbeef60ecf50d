export { createTokenHandler, DEFAULT_TIMEOUT_MS } from './handler.js';
export type {
  TokenErrorBody,
  TokenHandler,
  TokenHandlerOptions,
  TokenResponseBody,
} from './handler.js';
export { createMemoryCache } from './cache.js';
export type { CachedToken, MemoryCacheOptions, TokenCache } from './cache.js';
export {
  BadUpstreamResponseError,
  InvalidTenantError,
  RequestAbortedError,
  TokenEndpointError,
  TokenHandlerConfigError,
  UpstreamRateLimitError,
  UpstreamStatusError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.js';
export type { TokenErrorCode, UpstreamStatusCode } from './errors.js';
export type { TokenHandlerLogger } from './logger.js';
export type { Tenant } from './tenant.js';
export type { FetchLike } from './upstream.js';
export { DEFAULT_BASE_URL, TOKEN_PATH } from './upstream.js';
