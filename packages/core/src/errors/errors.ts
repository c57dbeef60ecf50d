/**
 * Typed errors of the token lifecycle. One class per failure, each with a stable `code`.
 * No message or property of these errors ever holds a token or a secret.
 */
import { FINAL_SERVER_CODES } from '../protocol.js';

/** Stable, machine-readable codes of every {@link ZipteamsError}. */
export const ErrorCode = {
  Network: 'network',
  Timeout: 'timeout',
  Http: 'http',
  RateLimited: 'rate_limited',
  BadResponse: 'bad_response',
  ExpiredOnArrival: 'expired_on_arrival',
  Aborted: 'aborted',
  InvalidArgument: 'invalid_argument',
  TokenExpired: 'token_expired',
  FrameBlocked: 'frame_blocked',
  FrameUnreachable: 'frame_unreachable',
} as const;

/** One of the `ErrorCode` values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error the kit throws. Check `code` rather than the class name. */
export abstract class ZipteamsError extends Error {
  /** Stable code naming the failure. */
  abstract readonly code: ErrorCode;
  /** Whether trying again later may succeed (network, timeout, 408, 429, 5xx). */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The shared constructor of the concrete errors (internal): sets `code` and `retryable` as own
 * properties, so each class body stays one `super` call.
 */
abstract class KitError extends ZipteamsError {
  declare readonly code: ErrorCode;
  declare readonly retryable: boolean;
  constructor(code: ErrorCode, retryable: boolean, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The class's name from its code (`rate_limited` is `RateLimitedError`), not from the
    // constructor: a minifier renames classes, and `error.name` would read `o` in a log.
    this.name = code.replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase()) + 'Error';
    this.code = code;
    this.retryable = retryable;
  }
}

// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/**
 * The key of some words only a developer needs (see {@link details}): a number, with the words'
 * name in a comment at each message, so a production build (the kit's dist and a partner's
 * bundle alike) keeps two digits where a development build has the words. A new message takes
 * the next number (`Below<28>`); the table in {@link details} must then name its words.
 */
export type DevWords = Below<27>;

/** The numbers from 0 to `N - 1`. */
type Below<N extends number, Keys extends number[] = []> = Keys['length'] extends N
  ? Keys[number]
  : Below<N, [...Keys, Keys['length']]>;

/**
 * The words of a message that only a developer needs, named by `key`, each `%` replaced by the
 * next of `args`: development builds only (see dev-log.ts), '' in production builds and on pages
 * without a bundler. A production message names the cause (code, reason, argument) without them.
 */
export function details(key: DevWords, ...args: string[]): string {
  try {
    if (process.env.NODE_ENV !== 'production') {
      const texts: Record<DevWords, string> = {
        /* expired */ 0: '; check the backend cache and its clock',
        /* parts */ 1: 'expected three dot-separated parts.',
        /* payload */ 2: 'the JWT payload is not a base64url JSON object.',
        /* claim */ 3: 'the JWT\'s "%" claim is not a %.',
        /* noToken */ 4: '% has no "token" string.',
        /* notJwt */ 5: 'the "token" in % is not a JWT.',
        /* shape */ 6: 'expected a JWT, { token } or the Zipteams envelope.',
        /* envelope */ 7: 'the Zipteams envelope is not a success.',
        /* expiresIn */ 8: '"expiresIn" is not a number of seconds.',
        /* expiresAt */ 9: '"expiresAt" is not an ISO date or epoch ms.',
        /* empty */ 10: 'the response body is empty.',
        /* html */ 11: 'the response is HTML (a login or 404 page?).',
        /* json */ 12: 'the response is not valid JSON.',
        /* expBeforeIat */ 13: 'the JWT\'s "exp" is before its "iat".',
        /* headers */ 14: 'not a valid set of HTTP headers.',
        /* relative */ 15: 'a path-relative URL ("token", "./token") needs a page to resolve against; use a root-relative ("/api/zipteams/token") or absolute URL.',
        /* tokenKey */ 16: ', so two sources never share a token',
        /* noSource */ 17: ': set tokenUrl, or fetchToken with tokenKey.',
        /* absolute */ 18: 'expected an absolute http(s) URL.',
        /* bare */ 19: 'must not hold credentials, a query or a fragment.',
        /* unicode */ 20: 'is not well-formed Unicode.',
        /* text */ 21: 'expected a non-empty string.',
        /* dots */ 22: 'cannot be "." or "..".',
        /* theme */ 23: 'expected "light" or "dark".',
        /* noExpiresIn */ 24: 'no "expiresIn"',
        /* noLife */ 25: 'no life left since the page was requested',
        /* signedOut */ 26: 'dropped by the sign-out call',
      };
      return args.reduce((text, arg) => text.replace('%', arg), texts[key]);
    }
  } catch {
    // No bundler and no `process`: the short message.
  }
  return '';
}

/** `: message` after a message's cause, or the closing full stop when there is none. */
const tail = (message: string) => (message ? `: ${message}` : '.');

/** The token endpoint could not be reached (DNS, refused connection, CORS, offline). */
export class NetworkError extends KitError {
  declare readonly code: typeof ErrorCode.Network;
  declare readonly retryable: true;
  /**
   * This page's own Content-Security-Policy refused the token request (the directive and the
   * origin to add to `connect-src`), when its violation was seen; otherwise undefined.
   */
  declare readonly refusedBy: CspRefusal | undefined;
  constructor(options?: { cause?: unknown; refusedBy?: CspRefusal | undefined }) {
    const refusedBy = options?.refusedBy;
    super(
      'network',
      true,
      refusedBy
        ? refusalMessage(refusedBy, 'the token request to', 'connect-src')
        : 'Could not reach the token endpoint.',
      options,
    );
    this.refusedBy = refusedBy;
  }
}

/** The token request did not complete within its timeout. */
export class TimeoutError extends KitError {
  declare readonly code: typeof ErrorCode.Timeout;
  declare readonly retryable: true;
  /** The timeout that passed, in milliseconds. */
  declare readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super('timeout', true, `Token request timed out after ${timeoutMs} ms.`);
    this.timeoutMs = timeoutMs;
  }
}

/** The token endpoint answered with an HTTP error status. */
export class HttpError extends KitError {
  /** The HTTP status of the answer. */
  declare readonly status: number;
  /** The `error.code` of a `{ "error": { "code" } }` body, as `@zipteams/server` sends. */
  declare readonly serverCode: string | undefined;
  /**
   * 408, 429 and 5xx may pass; 4xx will not change by retrying. A 5xx whose `serverCode` says the
   * partner's setup is wrong (rejected credentials, bad tenant) is final too.
   */
  declare readonly retryable: boolean;

  constructor(status: number, detail?: { serverCode?: string; serverMessage?: string }) {
    const serverCode = detail?.serverCode;
    super(
      'http',
      !(serverCode !== undefined && FINAL_SERVER_CODES.has(serverCode)) &&
        (status === 408 || status === 429 || status >= 500),
      `Token endpoint answered HTTP ${status}${detail?.serverMessage ? `: ${detail.serverMessage}` : '.'}`,
    );
    this.status = status;
    this.serverCode = serverCode;
  }
}

/** HTTP 429: the token endpoint (or Zipteams behind it) asked to slow down. */
export class RateLimitedError extends HttpError {
  override readonly code = 'rate_limited';
  /** How long the server asked to wait, in milliseconds, when it said so. */
  declare readonly retryAfterMs: number | undefined;

  constructor(retryAfterMs: number | undefined, detail?: { serverCode?: string }) {
    super(429, {
      serverCode: detail?.serverCode,
      serverMessage: `rate limited${retryAfterMs === undefined ? '' : `, retry in ${Math.ceil(retryAfterMs / 1000)} s`}`,
    });
    this.retryAfterMs = retryAfterMs;
    this.name = 'RateLimitedError';
  }
}

/** Why a token response was rejected. */
export type BadResponseReason =
  | 'empty_body'
  | 'html_body'
  | 'unsupported_shape'
  | 'no_token'
  | 'not_a_jwt'
  | 'bad_jwt_payload'
  | 'invalid_claims'
  | 'invalid_expiry';

/** The token endpoint answered 2xx, but not with something that holds a usable token. */
export class BadResponseError extends KitError {
  declare readonly code: typeof ErrorCode.BadResponse;
  declare readonly retryable: false;
  /** What exactly was wrong. */
  declare readonly reason: BadResponseReason;
  constructor(reason: BadResponseReason, message: string, options?: { cause?: unknown }) {
    super('bad_response', false, `Bad token response (${reason})${tail(message)}`, options);
    this.reason = reason;
  }
}

/** The token was already expired (or had no lifetime left) when it arrived. */
export class ExpiredOnArrivalError extends KitError {
  declare readonly code: typeof ErrorCode.ExpiredOnArrival;
  declare readonly retryable: false;
  constructor() {
    super(
      'expired_on_arrival',
      false,
      `Got a token that is already expired${details(0 /* expired */)}.`,
    );
  }
}

/** The request was cancelled through its AbortSignal. */
export class AbortedError extends KitError {
  declare readonly code: typeof ErrorCode.Aborted;
  declare readonly retryable: false;
  constructor(options?: { cause?: unknown }) {
    super('aborted', false, 'Token request aborted.', options);
  }
}

/** A caller passed a value the kit cannot use (an empty call id, a bad base URL, …). */
export class InvalidArgumentError extends KitError {
  declare readonly code: typeof ErrorCode.InvalidArgument;
  declare readonly retryable: false;
  /** The name of the offending argument. */
  declare readonly argument: string;
  constructor(argument: string, message: string) {
    super('invalid_argument', false, `Invalid ${argument}${tail(message)}`);
    this.argument = argument;
  }
}

/**
 * The shown token reached its deadline before a new one arrived. The view was taken down so no
 * expired token is ever on screen; the kit keeps trying to get a new one.
 */
export class TokenExpiredError extends KitError {
  declare readonly code: typeof ErrorCode.TokenExpired;
  declare readonly retryable: true;
  constructor(options?: { cause?: unknown }) {
    super('token_expired', true, 'Token expired before a new one arrived.', options);
  }
}

/** Milliseconds as seconds for a message: whole seconds, or one decimal (1500 → "1.5"). */
function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/** What a blocked frame says; the likely causes are the developer's, left out of production. */
function blockedMessage(timeoutMs: number): string {
  let causes = '';
  try {
    if (process.env.NODE_ENV !== 'production') {
      causes =
        ' Likely causes: this page is not served over HTTPS, its domain is not whitelisted by ' +
        "Zipteams, or this page's Content-Security-Policy (frame-src) blocks the Zipteams origin.";
    }
  } catch {
    // No bundler: the short message.
  }
  return `The Zipteams page did not load within ${formatSeconds(timeoutMs)} s.${causes}`;
}

/**
 * This page's own Content-Security-Policy refused a frame ({@link FrameBlockedError}) or a token
 * request ({@link NetworkError}).
 */
export interface CspRefusal {
  /**
   * The directive of the page's policy that refused it: for a frame `frame-src`, `child-src` or
   * `default-src`; for a request `connect-src` or `default-src`.
   */
  readonly directive: string;
  /** The origin the policy must allow (in `frame-src` or `connect-src`). */
  readonly origin: string;
}

/** What a refusal by the page's own policy says: short in production, advice in development. */
function refusalMessage({ directive, origin }: CspRefusal, what: string, needed: string): string {
  let advice = '';
  try {
    if (process.env.NODE_ENV !== 'production') {
      advice =
        (directive === needed ? '' : ` The policy has no ${needed}, so its ${directive} applies.`) +
        ` Add "${needed} ${origin}" (keeping what it allows today) where the page's policy is ` +
        'set (a header, a proxy/middleware, or a <meta> tag); see "Content-Security-Policy" in ' +
        'the partner guide.';
    }
  } catch {
    // No bundler: the short message.
  }
  return `This page's Content-Security-Policy (${directive}) blocks ${what} ${origin}: add it to ${needed}.${advice}`;
}

/**
 * The embedded page could not be shown. Either this page's own Content-Security-Policy refused
 * the frame (then {@link FrameBlockedError.refusedBy} names the directive and the origin to allow;
 * seen at once from the page's violation events), or the page did not signal that it loaded
 * within the load timeout: usually the platform refused to be framed here (the page is not on
 * HTTPS, or its domain is not whitelisted by Zipteams).
 */
export class FrameBlockedError extends KitError {
  declare readonly code: typeof ErrorCode.FrameBlocked;
  declare readonly retryable: true;
  /** The load timeout that passed, in ms (0 when the refusal was known without waiting). */
  declare readonly timeoutMs: number;
  /** Set when this page's own Content-Security-Policy refused the frame. */
  declare readonly refusedBy: CspRefusal | undefined;
  constructor(timeoutMs: number, message?: string, refusedBy?: CspRefusal) {
    super(
      'frame_blocked',
      true,
      message ??
        (refusedBy
          ? refusalMessage(refusedBy, 'the Zipteams page at', 'frame-src')
          : blockedMessage(timeoutMs)),
    );
    this.timeoutMs = timeoutMs;
    this.refusedBy = refusedBy;
  }
}

/**
 * The embedded page did not load within the load timeout and its host did not answer at all
 * (connection refused, DNS failure, offline): the Zipteams pages are down or unreachable from
 * this network. The kit keeps retrying in a hidden frame.
 */
export class FrameUnreachableError extends KitError {
  declare readonly code: typeof ErrorCode.FrameUnreachable;
  declare readonly retryable: true;
  /** The origin that could not be reached. */
  declare readonly origin: string;
  constructor(origin: string) {
    super(
      'frame_unreachable',
      true,
      `Could not reach the Zipteams pages at ${origin}: down or unreachable from here.`,
    );
    this.origin = origin;
  }
}

/** True for any error thrown by the kit. */
export function isZipteamsError(error: unknown): error is ZipteamsError {
  return error instanceof ZipteamsError;
}

const JWT_LIKE = /[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

/** Removes anything shaped like a JWT from text that is about to go into a message. */
export function redactTokens(text: string): string {
  return text.replace(JWT_LIKE, '[redacted]');
}
