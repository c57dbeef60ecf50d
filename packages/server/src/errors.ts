/**
 * Stable error codes of the token endpoint. They appear in `{ "error": { "code" } }` response
 * bodies and on the error classes below; clients may switch on them.
 */
export type TokenErrorCode =
  | 'unauthenticated'
  | 'method_not_allowed'
  | 'tenant_resolution_failed'
  | 'invalid_tenant'
  | 'upstream_forbidden'
  | 'upstream_unauthorized'
  | 'upstream_bad_request'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'bad_upstream_response'
  | 'request_aborted';

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
  abstract readonly code: TokenErrorCode;
  /** The HTTP status the handler answers with. */
  abstract readonly status: number;
}

/** `resolveTenant` returned something that is not a usable `{ tenantId, subTenantId }`. */
export class InvalidTenantError extends TokenEndpointError {
  override readonly name = 'InvalidTenantError';
  readonly code = 'invalid_tenant';
  readonly status = 500;
}

export type UpstreamStatusCode =
  'upstream_forbidden' | 'upstream_unauthorized' | 'upstream_bad_request' | 'upstream_error';

/**
 * Zipteams answered with an error status (other than 429). `upstreamMessage` is the
 * `message` field of its body (e.g. "Tenant ID is required"), trimmed and sanitised.
 */
export class UpstreamStatusError extends TokenEndpointError {
  override readonly name = 'UpstreamStatusError';
  readonly status = 502;
  constructor(
    readonly code: UpstreamStatusCode,
    readonly upstreamStatus: number,
    readonly upstreamMessage: string | undefined,
  ) {
    super(
      `Zipteams answered HTTP ${upstreamStatus}` +
        (upstreamMessage ? `: ${upstreamMessage}` : ' without a message'),
    );
  }
}

/** Zipteams answered 429. `retryAfter` is the value for our own `Retry-After` header. */
export class UpstreamRateLimitError extends TokenEndpointError {
  override readonly name = 'UpstreamRateLimitError';
  readonly code = 'rate_limited';
  readonly status = 429;
  constructor(
    readonly retryAfter: string,
    readonly upstreamMessage: string | undefined,
  ) {
    super(`Zipteams rate limit reached; retry after ${retryAfter}`);
  }
}

/** The request to Zipteams failed before any answer (DNS, refused connection, TLS, reset). */
export class UpstreamUnreachableError extends TokenEndpointError {
  override readonly name = 'UpstreamUnreachableError';
  readonly code = 'upstream_unreachable';
  readonly status = 502;
}

/** Zipteams did not answer (headers and body) within `timeoutMs`. */
export class UpstreamTimeoutError extends TokenEndpointError {
  override readonly name = 'UpstreamTimeoutError';
  readonly code = 'upstream_timeout';
  readonly status = 504;
}

/** Zipteams answered 2xx, but not with the documented envelope holding a JWT. */
export class BadUpstreamResponseError extends TokenEndpointError {
  override readonly name = 'BadUpstreamResponseError';
  readonly code = 'bad_upstream_response';
  readonly status = 502;
}

/** The caller's own request was aborted while it waited; nobody reads the answer. */
export class RequestAbortedError extends TokenEndpointError {
  override readonly name = 'RequestAbortedError';
  readonly code = 'request_aborted';
  readonly status = 499;
}
