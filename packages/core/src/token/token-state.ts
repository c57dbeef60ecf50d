import type { ZipteamsError } from '../errors/errors.js';
import type { DashboardToken } from './token.js';

/**
 * The status of an embed (and of the token source that feeds it), as a user would notice it:
 * `data-state` on the embed's root element, `onStatusChange`, the token store's status. An embed
 * shows its token's status, except that a blocked frame or a bad call id is an `error` and a page
 * still loading keeps it `loading`.
 */
export const EmbedStatus = {
  /** No token yet; the first request is under way. */
  Loading: 'loading',
  /** A valid token is in hand. */
  Ready: 'ready',
  /** A valid token is in hand and its successor is being fetched. */
  Refreshing: 'refreshing',
  /** The deadline passed without a new token; nothing may be shown. The kit keeps trying. */
  Expired: 'expired',
  /** No valid token and the last request failed. */
  Error: 'error',
} as const;

/** One of the `EmbedStatus` values. */
export type EmbedStatus = (typeof EmbedStatus)[keyof typeof EmbedStatus];

/** What {@link tokenState} decides from. */
export interface TokenStateInput {
  /** The last token received, if any. */
  readonly data: DashboardToken | undefined;
  /** Whether `data` has reached its local deadline (see `isTokenExpired`). */
  readonly expired: boolean;
  /** A request is under way. */
  readonly fetching: boolean;
  /** The last request's failure, if it failed. */
  readonly error: ZipteamsError | undefined;
  /** The error to report once expired (kept by the caller so its identity is stable). */
  readonly expiredError: ZipteamsError;
}

/** What {@link tokenState} returns. */
export interface TokenStateResult {
  readonly status: EmbedStatus;
  /** `data` may be shown: it exists and has not expired. */
  readonly valid: boolean;
  /** The error to report: the expiry once expired, else the last failure (also while valid). */
  readonly error: ZipteamsError | undefined;
}

/**
 * The status precedence of a token, as a pure function: a valid token is `ready` (or
 * `refreshing` while its successor is fetched); past its deadline it is `expired` while retrying
 * can help and `error` once the last failure is final; with no token, a failure is `error` and
 * otherwise it is `loading`.
 */
export function tokenState(input: TokenStateInput): TokenStateResult {
  const { data, expired, error } = input;
  const valid = data !== undefined && !expired;
  const status: EmbedStatus = valid
    ? input.fetching
      ? 'refreshing'
      : 'ready'
    : data
      ? error && !error.retryable
        ? 'error'
        : 'expired'
      : error
        ? 'error'
        : 'loading';
  return {
    status,
    valid,
    error: status === 'expired' ? input.expiredError : error,
  };
}
