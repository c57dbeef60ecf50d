import {
  AbortedError,
  HttpError,
  NetworkError,
  RateLimitedError,
  TimeoutError,
  isZipteamsError,
  redactTokens,
} from '../errors/errors.js';
import { watchRequestRefusal, type CspViolationSource } from '../errors/csp-violations.js';
import { globalTimers, systemClock, type Clock, type Timers } from '../timing/environment.js';
import { timingMeasure, timingNow } from '../timing/user-timing.js';
import { clampTimerDelay } from '../timing/refresh.js';
import { parseRetryAfter, retryAfterFromMessage } from '../protocol.js';
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
  /** Time allowed for the whole request, body included, in ms. Default 15 s; `Infinity` for none. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /**
   * This page's Content-Security-Policy violations, to name a `tokenUrl` request that the page's
   * own `connect-src` refused (a final {@link NetworkError} with `refusedBy`). Default: the
   * browser's, where there is a `document`.
   */
  readonly violations?: CspViolationSource;
}

/** Default request timeout: 15 s. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;

/** A parsed date, or undefined when it was not one. */
const finiteOrUndefined = (ms: number) => (Number.isFinite(ms) ? ms : undefined);

/** The response's `Date` header, in epoch ms. */
const dateHeader = (response: Response) =>
  finiteOrUndefined(Date.parse(response.headers.get('date') ?? ''));

async function errorFromResponse(response: Response, clock: Clock): Promise<HttpError> {
  let serverCode: string | undefined;
  let serverMessage: string | undefined;
  try {
    // `{ error: { code, message } }` as @zipteams/server sends, or `{ code, message }`.
    const body: unknown = JSON.parse(await response.text());
    const nested = (body as { error?: unknown } | null)?.error;
    const detail = (typeof nested === 'object' && nested ? nested : body) as {
      code?: unknown;
      message?: unknown;
    } | null;
    if (typeof detail?.code === 'string') serverCode = detail.code.slice(0, 64);
    if (typeof detail?.message === 'string') {
      serverMessage = redactTokens(detail.message).slice(0, 200);
    }
  } catch {
    // Not JSON: the status says enough.
  }
  if (response.status === 429) {
    return new RateLimitedError(
      parseRetryAfter(response.headers.get('retry-after'), clock.now(), dateHeader(response)) ??
        retryAfterFromMessage(serverMessage),
      { serverCode },
    );
  }
  return new HttpError(response.status, { serverCode, serverMessage });
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
  return createDashboardToken(normalized, {
    receivedAt: clock.now(),
    serverNow: dateHeader(response),
  });
}

/**
 * Gets one token from a {@link TokenSource}: one attempt, bounded by a timeout (default 15 s) and
 * the caller's signal. Accepts a plain-text JWT, `{ token, expiresIn?, expiresAt? }` or the
 * Zipteams envelope, and measures the lifetime skew-safe (see `createDashboardToken`).
 * Retrying is the caller's choice (see `withRetry`, `createRetryPolicy`).
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const parent = options.signal;
  if (parent?.aborted) throw new AbortedError();

  // A request the page's own connect-src refuses fails like being offline: its violation says why.
  const watch =
    'tokenUrl' in source
      ? watchRequestRefusal(source.tokenUrl, options.violations, timers)
      : undefined;
  const controller = new AbortController();
  const { signal } = controller;
  let timedOut = false;
  const abort = () => controller.abort();
  const stopError = () => (timedOut ? new TimeoutError(timeoutMs) : new AbortedError());
  parent?.addEventListener('abort', abort, { once: true });
  // No timer for an infinite (or non-number) timeout; huge ones are clamped, since setTimeout
  // would otherwise fire at once.
  const handle = Number.isFinite(timeoutMs)
    ? timers.setTimeout(() => {
        timedOut = true;
        abort();
      }, clampTimerDelay(timeoutMs))
    : undefined;
  const stopped = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(stopError()), { once: true });
  });

  const attempt = async (): Promise<DashboardToken> => {
    if ('fetchToken' in source) {
      const result = await source.fetchToken(signal);
      return typeof Response !== 'undefined' && result instanceof Response
        ? tokenFromResponse(result, clock)
        : createDashboardToken(normalizeTokenPayload(result), { receivedAt: clock.now() });
    }
    const init = source.init;
    const headers = new Headers(init?.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain;q=0.9');
    const response = await (source.fetch ?? globalThis.fetch)(source.tokenUrl, {
      credentials: 'same-origin',
      ...init,
      headers,
      method: 'GET',
      signal,
    });
    return tokenFromResponse(response, clock);
  };

  const started = timingNow();
  let outcome = 'ok';
  try {
    return await Promise.race([attempt(), stopped]);
  } catch (error) {
    const halted = () => timedOut || parent?.aborted;
    const refusedBy = halted() || isZipteamsError(error) ? undefined : await watch?.refusal();
    // Checked again after the wait: an abort or the timeout during it wins.
    const failure = halted()
      ? stopError()
      : isZipteamsError(error)
        ? error
        : new NetworkError({ cause: error, refusedBy });
    outcome = failure.code;
    throw failure;
  } finally {
    watch?.stop();
    timingMeasure('token-request', started, { outcome });
    if (handle !== undefined) timers.clearTimeout(handle);
    parent?.removeEventListener('abort', abort);
  }
}
