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

/** One of the {@link ServerErrorCode} values. */
export type ServerErrorCode = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

/** What the server answers for one code, and whether the browser may ask again. */
export interface ServerErrorSpec {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** False when retrying cannot help: the partner's setup (credentials, tenant) is wrong. */
  readonly retryable: boolean;
  /** The fixed text of `error.message`: no upstream text, no ids, no secrets. */
  readonly message: string;
}

const C = ServerErrorCode;

/** The table of {@link ServerErrorCode}s. */
export const SERVER_ERRORS: Readonly<Record<ServerErrorCode, ServerErrorSpec>> = {
  [C.Unauthenticated]: { status: 401, retryable: false, message: 'Sign in to view the dashboard.' },
  [C.MethodNotAllowed]: {
    status: 405,
    retryable: false,
    message: 'Use GET to request a dashboard token.',
  },
  [C.TenantResolutionFailed]: {
    status: 500,
    retryable: false,
    message: 'The server could not determine the tenant for this request.',
  },
  [C.InvalidTenant]: {
    status: 500,
    retryable: false,
    message: 'The server resolved an invalid tenant for this user.',
  },
  [C.UpstreamForbidden]: {
    status: 502,
    retryable: false,
    message: 'Zipteams rejected the server’s API credentials.',
  },
  [C.UpstreamUnauthorized]: {
    status: 502,
    retryable: false,
    message: 'Zipteams did not receive valid API credentials.',
  },
  [C.UpstreamBadRequest]: {
    status: 502,
    retryable: false,
    message: 'Zipteams rejected the token request.',
  },
  [C.RateLimited]: {
    status: 429,
    retryable: true,
    message: 'Too many token requests. Try again later.',
  },
  [C.UpstreamError]: { status: 502, retryable: true, message: 'Zipteams failed to issue a token.' },
  [C.UpstreamUnreachable]: {
    status: 502,
    retryable: true,
    message: 'Zipteams could not be reached.',
  },
  [C.UpstreamTimeout]: {
    status: 504,
    retryable: true,
    message: 'Zipteams did not answer in time.',
  },
  [C.BadUpstreamResponse]: {
    status: 502,
    retryable: true,
    message: 'Zipteams answered with something that is not a valid token.',
  },
  [C.RequestAborted]: { status: 499, retryable: false, message: 'The request was aborted.' },
  [C.InternalError]: {
    status: 500,
    retryable: true,
    message: 'The token endpoint failed unexpectedly.',
  },
};

/** Server codes that retrying cannot fix, derived from {@link SERVER_ERRORS}. */
export const FINAL_SERVER_CODES: ReadonlySet<string> = new Set(
  Object.entries(SERVER_ERRORS)
    .filter(([, spec]) => !spec.retryable)
    .map(([code]) => code),
);

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
