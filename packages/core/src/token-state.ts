import { TokenExpiredError, type ZipteamsError } from './errors.js';
import type { DashboardToken } from './token.js';

/** The lifecycle state of a dashboard token, as a user would notice it. */
export const TokenStatus = {
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

/** One of the {@link TokenStatus} values. */
export type TokenStatus = (typeof TokenStatus)[keyof typeof TokenStatus];

/** Inputs of {@link deriveTokenState}. */
export interface TokenFacts {
  /** The last token received (possibly expired). */
  readonly data: DashboardToken | undefined;
  /** The last failure, if the last request failed or is being retried. */
  readonly error: ZipteamsError | undefined;
  /** Whether a request is under way. */
  readonly fetching: boolean;
  /** Local epoch ms. */
  readonly now: number;
}

/** A token source's state: only a valid token is ever handed out. */
export interface TokenState {
  /** The valid token, or undefined (also once it expired). */
  readonly token: DashboardToken | undefined;
  readonly status: TokenStatus;
  /** The last failure; once expired a {@link TokenExpiredError} whose `cause` is that failure. */
  readonly error: ZipteamsError | undefined;
}

/**
 * The status of a token source, a pure function. A valid token wins (ready, or refreshing while
 * a request runs); past the deadline it is expired (error when the last failure is final); with
 * no token a failure is an error, else loading.
 */
export function deriveTokenState({ data, error, fetching, now }: TokenFacts): TokenState {
  const expired = data !== undefined && now >= data.expiresAt;
  if (data && !expired) {
    return { token: data, status: fetching ? TokenStatus.Refreshing : TokenStatus.Ready, error };
  }
  if (expired) {
    const final = error !== undefined && !error.retryable;
    const expiredError = new TokenExpiredError(error ? { cause: error } : undefined);
    return final
      ? { token: undefined, status: TokenStatus.Error, error }
      : { token: undefined, status: TokenStatus.Expired, error: expiredError };
  }
  return { token: undefined, status: error ? TokenStatus.Error : TokenStatus.Loading, error };
}
