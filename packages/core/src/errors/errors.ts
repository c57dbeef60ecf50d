/**
 * Typed errors of the token lifecycle. One class per failure, each with a stable `code`.
 * No message or property of these errors ever holds a token or a secret.
 */
import { FINAL_SERVER_CODES } from '../protocol.js';
import { refusalMessage, type CspRefusal } from './csp-refusal.js';
import { details } from './details.js';

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
 * The shared constructor of the concrete errors (internal: not exported by the package): sets `code` and `retryable` as own
 * properties, so each class body stays one `super` call.
 */
export abstract class KitError extends ZipteamsError {
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

/** `: message` after a message's cause, or the closing full stop when there is none. */
const tail = (message: string) => (message ? `: ${message}` : '.');

/** The token endpoint could not be reached (DNS, refused connection, CORS, offline). */
export class NetworkError extends KitError {
  declare readonly code: typeof ErrorCode.Network;
  /**
   * True, except when this page's own policy refused the request (`refusedBy`): then retrying
   * cannot help until the policy changes and the page reloads.
   */
  declare readonly retryable: boolean;
  /**
   * This page's own Content-Security-Policy refused the token request (the directive and the
   * origin to add to `connect-src`), when its violation was seen; otherwise undefined.
   */
  declare readonly refusedBy: CspRefusal | undefined;
  constructor(options?: { cause?: unknown; refusedBy?: CspRefusal | undefined }) {
    const refusedBy = options?.refusedBy;
    super(
      'network',
      !refusedBy,
      refusedBy
        ? refusalMessage(refusedBy, 'the token request to', 'connect-src')
        : 'Could not reach the token endpoint.',
      options,
    );
    this.refusedBy = refusedBy;
  }
}

/** `failure` as a typed error: itself when it is one, else a {@link NetworkError} caused by it. */
export const toZipteamsError = (failure: unknown): ZipteamsError =>
  isZipteamsError(failure) ? failure : new NetworkError({ cause: failure });

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

/** True for any error thrown by the kit. */
export function isZipteamsError(error: unknown): error is ZipteamsError {
  return error instanceof ZipteamsError;
}

const JWT_LIKE = /[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

/** Removes anything shaped like a JWT from text that is about to go into a message. */
export function redactTokens(text: string): string {
  return text.replace(JWT_LIKE, '[redacted]');
}
