import { SERVER_ERROR_STATUS, ServerErrorCode } from '@zipteams/embed-core/protocol';

/**
 * Stable error codes of the token endpoint (the contract in `@zipteams/embed-core`). They appear
 * in `{ "error": { "code" } }` response bodies and on the error classes below.
 */
export type TokenErrorCode = Exclude<ServerErrorCode, typeof ServerErrorCode.InternalError>;

/**
 * Thrown by `createTokenHandler` (and `createMemoryCache`) when an option is missing or
 * invalid. The message names the option, never its value.
 */
export class TokenHandlerConfigError extends Error {
  override readonly name = 'TokenHandlerConfigError';
  readonly code = 'invalid_config';
}

/** Base class of every failure the handler turns into an error response. */
export abstract class TokenEndpointError extends Error {
  /** The HTTP status the handler answers with (from the contract's table). */
  readonly status: number;
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = SERVER_ERROR_STATUS[code];
  }
}

/** `resolveTenant` returned something that is not a usable `{ tenantId, subTenantId }`. */
export class InvalidTenantError extends TokenEndpointError {
  override readonly name = 'InvalidTenantError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ServerErrorCode.InvalidTenant, message, options);
  }
}

/**
 * `resolveTenant` threw (or rejected, or a getter of what it returned threw), or did not settle
 * within `resolveTenantTimeoutMs`.
 */
export class TenantResolutionError extends TokenEndpointError {
  override readonly name = 'TenantResolutionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ServerErrorCode.TenantResolutionFailed, message, options);
  }
}

export type UpstreamStatusCode =
  | typeof ServerErrorCode.UpstreamForbidden
  | typeof ServerErrorCode.UpstreamUnauthorized
  | typeof ServerErrorCode.UpstreamBadRequest
  | typeof ServerErrorCode.UpstreamError;

/**
 * Zipteams answered with an error status (other than 429). `upstreamMessage` is the
 * `message` field of its body (e.g. "Tenant ID is required"), trimmed and sanitised.
 */
export class UpstreamStatusError extends TokenEndpointError {
  override readonly name = 'UpstreamStatusError';
  declare readonly code: UpstreamStatusCode;
  constructor(
    code: UpstreamStatusCode,
    readonly upstreamStatus: number,
    readonly upstreamMessage: string | undefined,
  ) {
    super(
      code,
      `Zipteams answered HTTP ${upstreamStatus}` +
        (upstreamMessage ? `: ${upstreamMessage}` : ' without a message'),
    );
  }
}

/** Zipteams answered 429. `retryAfter` is the value for our own `Retry-After` header (seconds). */
export class UpstreamRateLimitError extends TokenEndpointError {
  override readonly name = 'UpstreamRateLimitError';
  constructor(
    readonly retryAfter: string,
    readonly upstreamMessage: string | undefined,
  ) {
    super(ServerErrorCode.RateLimited, `Zipteams rate limit reached; retry after ${retryAfter} s`);
  }
}

/**
 * This server's own upstream budget (`upstreamLimit`) has no slot within the time the request
 * may wait: answered 429 `rate_limited` with `retryAfter` (seconds) before Zipteams would.
 */
export class UpstreamBudgetError extends TokenEndpointError {
  override readonly name = 'UpstreamBudgetError';
  constructor(readonly retryAfter: string) {
    super(
      ServerErrorCode.RateLimited,
      `The upstream budget has no slot in time; retry after ${retryAfter} s`,
    );
  }
}

/** The request to Zipteams failed before any answer (DNS, refused connection, TLS, reset). */
export class UpstreamUnreachableError extends TokenEndpointError {
  override readonly name = 'UpstreamUnreachableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ServerErrorCode.UpstreamUnreachable, message, options);
  }
}

/** Zipteams did not answer (headers and body) within `upstreamTimeoutMs`. */
export class UpstreamTimeoutError extends TokenEndpointError {
  override readonly name = 'UpstreamTimeoutError';
  constructor(message: string) {
    super(ServerErrorCode.UpstreamTimeout, message);
  }
}

/**
 * Zipteams answered 2xx, but not with a usable token: no envelope, not a JWT, too large, expired
 * on arrival, or issued for another tenant than the one asked for.
 */
export class BadUpstreamResponseError extends TokenEndpointError {
  override readonly name = 'BadUpstreamResponseError';
  constructor(message: string) {
    super(ServerErrorCode.BadUpstreamResponse, message);
  }
}

/** The caller's own request was aborted while it waited; nobody reads the answer. */
export class RequestAbortedError extends TokenEndpointError {
  override readonly name = 'RequestAbortedError';
  constructor(message: string) {
    super(ServerErrorCode.RequestAborted, message);
  }
}
