/**
 * The contract between the browser kit and `@zipteams/server`, written down once: the server's
 * error codes (HTTP status, whether the browser may retry), the body shapes, the lifetime cap,
 * the two refresh margins (the server's is wider) and `Retry-After` parsing. Both sides import
 * it; neither spells any of it out on its own.
 */

/** The platform's documented maximum token lifetime: 24 hours. */
export const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Every `error.code` the token endpoint of `@zipteams/server` answers with. */
export const ServerErrorCode = {
  Unauthenticated: 'unauthenticated',
  MethodNotAllowed: 'method_not_allowed',
  TenantResolutionFailed: 'tenant_resolution_failed',
  InvalidTenant: 'invalid_tenant',
  UpstreamForbidden: 'upstream_forbidden',
  UpstreamUnauthorized: 'upstream_unauthorized',
  UpstreamBadRequest: 'upstream_bad_request',
  RateLimited: 'rate_limited',
  UpstreamError: 'upstream_error',
  UpstreamUnreachable: 'upstream_unreachable',
  UpstreamTimeout: 'upstream_timeout',
  BadUpstreamResponse: 'bad_upstream_response',
  RequestAborted: 'request_aborted',
  InternalError: 'internal_error',
} as const;

/** One of the `ServerErrorCode` values. */
export type ServerErrorCode = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

/**
 * Server codes that retrying cannot fix: the partner's setup (credentials, tenant) is wrong, or
 * nobody is there to read the answer. The browser never retries them, whatever their status;
 * every other code may pass. (Literal keys here and below, not `ServerErrorCode.X`: a computed
 * key keeps a table in every bundle, used or not.)
 */
export const FINAL_SERVER_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set<ServerErrorCode>([
  'unauthenticated',
  'method_not_allowed',
  'tenant_resolution_failed',
  'invalid_tenant',
  'upstream_forbidden',
  'upstream_unauthorized',
  'upstream_bad_request',
  'request_aborted',
]);

/** The HTTP status the server answers each `ServerErrorCode` with. */
export const SERVER_ERROR_STATUS: Readonly<Record<ServerErrorCode, number>> = {
  unauthenticated: 401,
  method_not_allowed: 405,
  tenant_resolution_failed: 500,
  invalid_tenant: 500,
  upstream_forbidden: 502,
  upstream_unauthorized: 502,
  upstream_bad_request: 502,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  bad_upstream_response: 502,
  request_aborted: 499,
  internal_error: 500,
};

/** The 200 body. `expiresIn` counts whole seconds from the answer; `expiresAt` is ISO 8601. */
export interface TokenResponseBody {
  token: string;
  expiresIn: number;
  expiresAt: string;
}

/** Every non-200 body. */
export interface TokenErrorBody {
  error: { code: ServerErrorCode; message: string };
}

/** A refresh margin: a share of the lifetime, kept within bounds and below a share of it. */
export interface MarginPreset {
  /** Share of the lifetime. */
  readonly ratio: number;
  /** Smallest margin in ms. */
  readonly minMs: number;
  /** Largest margin in ms. */
  readonly maxMs: number;
  /** The margin never exceeds this share of the lifetime, so a short token still serves. */
  readonly maxShare: number;
}

/** The browser's margin: 10 % of the lifetime within [30 s, 10 min], at most a quarter of it. */
export const BROWSER_MARGIN: MarginPreset = {
  ratio: 0.1,
  minMs: 30_000,
  maxMs: 600_000,
  maxShare: 0.25,
};

/**
 * The server cache's margin: 25 % within [60 s, 15 min], at most half. Wider than the browser's,
 * so when a browser asks for its next token the cached one is already due for replacement and it
 * gets a fresh token in one request, not the old one again.
 */
export const SERVER_MARGIN: MarginPreset = {
  ratio: 0.25,
  minMs: 60_000,
  maxMs: 900_000,
  maxShare: 0.5,
};

/** The margin of `preset` for a token living `lifetimeMs`, in ms. */
export function marginMs(lifetimeMs: number, preset: MarginPreset): number {
  const wanted = Math.min(Math.max(lifetimeMs * preset.ratio, preset.minMs), preset.maxMs);
  return Math.min(wanted, lifetimeMs * preset.maxShare);
}

/** A parsed date, or undefined when it was not one. */
const finiteOrUndefined = (ms: number) => (Number.isFinite(ms) ? ms : undefined);

/**
 * Reads a `Retry-After` value (delay in seconds, or an HTTP date) as milliseconds from now.
 * A date is compared with `serverNow` (the response's `Date` header) when known, so the local
 * clock's skew does not count.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number,
  serverNow?: number,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`): `Date.parse` would read "-5" as a year.
  if (!/^[A-Za-z]{3}, /.test(trimmed)) return undefined;
  const date = finiteOrUndefined(Date.parse(trimmed));
  return date === undefined ? undefined : Math.max(0, date - (serverNow ?? now));
}

const TRY_AGAIN = /try again in (\d{1,9}) seconds?/i;

/** The wait Zipteams names in a 429 message ("Try again in N seconds"), in ms. */
export function retryAfterFromMessage(message: string | undefined): number | undefined {
  const seconds = message ? TRY_AGAIN.exec(message)?.[1] : undefined;
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}
