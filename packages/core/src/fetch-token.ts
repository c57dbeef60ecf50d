import {
  AbortedError,
  HttpError,
  NetworkError,
  RateLimitedError,
  TimeoutError,
  isZipteamsError,
  redactTokens,
} from './errors.js';
import { globalTimers, systemClock, type Clock, type Timers } from './environment.js';
import {
  createDashboardToken,
  normalizeTokenPayload,
  parseTokenResponseText,
  type DashboardToken,
  type TokenPayload,
} from './token.js';

/** A token URL on the partner's own backend, called with GET. */
export interface TokenUrlSource {
  /** Absolute, or relative to the page. */
  readonly tokenUrl: string | URL;
  /**
   * Extra fetch options (headers, credentials, mode, …). `credentials` defaults to
   * `'same-origin'`; `method` is always GET and `signal` is managed by the kit.
   */
  readonly init?: Omit<RequestInit, 'method' | 'signal' | 'body'>;
  /** A fetch implementation; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** A function that gets a token through the partner's own plumbing. */
export interface TokenFunctionSource {
  /**
   * Returns a {@link TokenPayload} or a `Response`; should stop work when `signal` aborts (the
   * kit stops waiting either way).
   */
  readonly fetchToken: (signal: AbortSignal) => Promise<TokenPayload | Response>;
}

/** Where tokens come from. */
export type TokenSource = TokenUrlSource | TokenFunctionSource;

/** Options of {@link fetchDashboardToken}. */
export interface FetchTokenOptions {
  /** Cancels the request; the promise then rejects with {@link AbortedError}. */
  readonly signal?: AbortSignal;
  /** Time allowed for the whole request, body included, in ms. Default 15 s. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  readonly timers?: Timers;
}

/** Default request timeout: 15 s. */
export const DEFAULT_TIMEOUT_MS = 15_000;

const ZIPTEAMS_RETRY_MESSAGE = /try again in (\d+) seconds?/i;

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
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (!Number.isFinite(date)) return undefined;
  return Math.max(0, date - (serverNow ?? now));
}

function dateHeader(response: Response): number | undefined {
  const value = response.headers.get('date');
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

async function errorFromResponse(response: Response, clock: Clock): Promise<HttpError> {
  let serverCode: string | undefined;
  let serverMessage: string | undefined;
  try {
    const body: unknown = JSON.parse(await response.text());
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const nested = record.error;
    const detail = (typeof nested === 'object' && nested !== null ? nested : record) as Record<
      string,
      unknown
    >;
    if (typeof detail.code === 'string') serverCode = detail.code.slice(0, 64);
    if (typeof detail.message === 'string') {
      serverMessage = redactTokens(detail.message).slice(0, 200);
    }
  } catch {
    // Not JSON: the status says enough.
  }
  if (response.status === 429) {
    const fromMessage = serverMessage?.match(ZIPTEAMS_RETRY_MESSAGE)?.[1];
    const retryAfterMs =
      parseRetryAfter(response.headers.get('retry-after'), clock.now(), dateHeader(response)) ??
      (fromMessage === undefined ? undefined : Number(fromMessage) * 1000);
    return new RateLimitedError(retryAfterMs, serverCode === undefined ? {} : { serverCode });
  }
  return new HttpError(response.status, {
    ...(serverCode === undefined ? {} : { serverCode }),
    ...(serverMessage === undefined ? {} : { serverMessage }),
  });
}

/**
 * Turns an HTTP response from a token endpoint into a {@link DashboardToken}.
 *
 * @throws {@link HttpError}, {@link RateLimitedError}, {@link BadResponseError},
 * {@link ExpiredOnArrivalError}.
 */
export async function tokenFromResponse(
  response: Response,
  clock: Clock = systemClock,
): Promise<DashboardToken> {
  if (!response.ok) throw await errorFromResponse(response, clock);
  const normalized = parseTokenResponseText(await response.text());
  const serverNow = dateHeader(response);
  return createDashboardToken(normalized, {
    receivedAt: clock.now(),
    ...(serverNow === undefined ? {} : { serverNow }),
  });
}

function requestFor(source: TokenUrlSource, signal: AbortSignal): Promise<Response> {
  const init = source.init ?? {};
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain;q=0.9');
  const doFetch = source.fetch ?? globalThis.fetch;
  return doFetch(source.tokenUrl, {
    credentials: 'same-origin',
    ...init,
    headers,
    method: 'GET',
    signal,
  });
}

/**
 * Gets one token from a {@link TokenSource}: one attempt, bounded by a timeout (default 15 s) and
 * the caller's signal. Accepts a plain-text JWT, `{ token, expiresIn?, expiresAt? }` or the
 * Zipteams envelope, and measures the lifetime skew-safe (see {@link createDashboardToken}).
 * Retrying is the caller's choice (see {@link withRetry}, {@link createRetryPolicy}).
 *
 * @throws a {@link ZipteamsError}: {@link NetworkError}, {@link TimeoutError}, {@link AbortedError},
 * {@link HttpError}, {@link RateLimitedError}, {@link BadResponseError}, {@link ExpiredOnArrivalError}.
 */
export async function fetchDashboardToken(
  source: TokenSource,
  options: FetchTokenOptions = {},
): Promise<DashboardToken> {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? globalTimers;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const parent = options.signal;
  if (parent?.aborted) throw new AbortedError();

  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort();
  parent?.addEventListener('abort', onParentAbort, { once: true });
  const handle = timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener(
      'abort',
      () => reject(timedOut ? new TimeoutError(timeoutMs) : new AbortedError()),
      { once: true },
    );
  });

  const attempt = async (): Promise<DashboardToken> => {
    if ('fetchToken' in source) {
      const result = await source.fetchToken(controller.signal);
      if (typeof Response !== 'undefined' && result instanceof Response) {
        return tokenFromResponse(result, clock);
      }
      const normalized = normalizeTokenPayload(result);
      return createDashboardToken(normalized, { receivedAt: clock.now() });
    }
    return tokenFromResponse(await requestFor(source, controller.signal), clock);
  };

  try {
    return await Promise.race([attempt(), stopped]);
  } catch (error) {
    if (timedOut) throw new TimeoutError(timeoutMs);
    if (parent?.aborted) throw new AbortedError();
    if (isZipteamsError(error)) throw error;
    throw new NetworkError({ cause: error });
  } finally {
    timers.clearTimeout(handle);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
