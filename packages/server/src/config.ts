import type { TokenCache, TokenCacheContext } from './cache.js';
import { processClock } from './clock.js';
import { TokenHandlerConfigError } from './errors.js';
import { createLogger } from './logger.js';
import type { Log, TokenHandlerLogger } from './logger.js';
import { createMemoryCache } from './memory-cache.js';
import type { ResolveTenant } from './resolve-tenant.js';
import { readUpstreamLimit } from './upstream-budget.js';
import type { UpstreamLimit, UpstreamLimitInSeconds } from './upstream-budget.js';
import { systemTimers } from './timers.js';
import type { Timers } from './timers.js';
import { DEFAULT_BASE_URL, TOKEN_PATH } from './upstream.js';
import type { FetchLike } from './upstream.js';

/** Default of each of the handler's time limits (`timeoutMs`), in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest wait for one cache operation; a slower store counts as a miss (or a lost write). */
export const CACHE_TIMEOUT_MS = 1_000;
/** The largest delay a timer can take (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TokenHandlerOptions {
  /** Partner API key from Zipteams onboarding. Server-side only. */
  apiKey: string;
  /** Partner API secret from Zipteams onboarding. Server-side only. */
  apiSecret: string;
  /**
   * Decides the tenant/subtenant from the partner's own session. Return null (or undefined)
   * when nobody is signed in: the handler answers 401. Never take the ids from the browser
   * unless that is deliberate. It must settle within `resolveTenantTimeoutMs` (else 500
   * `tenant_resolution_failed`); the handler stops waiting when the client goes away.
   */
  resolveTenant: ResolveTenant;
  /** Default `https://api.zipteams.com`; the mock platform's URL in development. */
  baseUrl?: string;
  /**
   * Where tokens are kept. Default: an in-memory LRU of 1000 pairs. `false` disables it. A cache
   * with `attach` (the Redis cache) is given this handler's logger, clock, timers and time limits.
   */
  cache?: TokenCache | false;
  /**
   * The default of each time limit below that is not set, in ms. Default 10000. (Before 0.2 it
   * was the one limit for all of them; it still is when none of them is set.)
   */
  timeoutMs?: number;
  /** Longest wait for `resolveTenant`, in ms; then 500 `tenant_resolution_failed`. Default `timeoutMs`. */
  resolveTenantTimeoutMs?: number;
  /**
   * Longest time for one Zipteams exchange (headers and body, and the one retry of a reset
   * connection), in ms; then 504 `upstream_timeout`. Default `timeoutMs`.
   */
  upstreamTimeoutMs?: number;
  /**
   * Longest wait for a slot in the upstream budget (`upstreamLimit`), in ms; a slot further
   * away is answered 429 `rate_limited` at once. Default `timeoutMs`.
   */
  budgetWaitMs?: number;
  /**
   * Longest wait for one cache operation, in ms; a slower store counts as a miss or a lost
   * write. Default 1000 (or `timeoutMs`, when that is smaller).
   */
  cacheTimeoutMs?: number;
  /** The fetch used to call Zipteams. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /**
   * A cached token is replaced when fewer than this many ms are left. Default: the contract's
   * server margin (25% of the lifetime within [60 s, 15 min], at most half), wider than the
   * browser kit's.
   */
  refreshMarginMs?: number;
  /**
   * The refresh margin in seconds.
   *
   * @deprecated Use `refreshMarginMs` (milliseconds, like every other duration); this name goes
   * in the next minor.
   */
  refreshMarginSeconds?: number;
  /** Where warnings and errors go. Default `console`; `false` silences the handler. */
  logger?: TokenHandlerLogger | false;
  /**
   * Never more than `requests` calls to Zipteams in any `intervalMs` window (a sliding log,
   * not a clock-aligned window). Default `{ requests: 120, intervalMs: 60000 }`, the documented
   * partner limit. Counted per process, or fleet-wide when the cache keeps a shared budget (the
   * Redis cache does). A call that would exceed it waits while the slot opens within
   * `budgetWaitMs`, else the handler answers 429 `rate_limited` with `Retry-After`. A Zipteams
   * 429 pauses the budget until its `Retry-After` (at most 10 minutes).
   */
  upstreamLimit?: UpstreamLimit | UpstreamLimitInSeconds;
  /**
   * Clock in epoch milliseconds. Default: the wall clock read once, advanced by the monotonic
   * clock, so a stepped system clock cannot stretch a token's life.
   */
  now?: () => number;
  /**
   * The timers every wait and time limit uses (`setTimeout`, `clearTimeout`). Default: the
   * global ones, looked up at each call. Tests inject fake ones.
   */
  timers?: Timers;
}

/** The checked options, as the pipeline's steps use them. */
export interface Config {
  apiKey: string;
  apiSecret: string;
  resolveTenant: ResolveTenant;
  url: string;
  cache: TokenCache | undefined;
  resolveTenantTimeoutMs: number;
  upstreamTimeoutMs: number;
  budgetWaitMs: number;
  cacheTimeoutMs: number;
  fetch: FetchLike;
  refreshMarginMs: number | undefined;
  upstreamLimit: UpstreamLimit;
  log: Log;
  now: () => number;
  timers: Timers;
}

/** @throws {TokenHandlerConfigError} naming the first bad option, never its value. */
export function readConfig(options: TokenHandlerOptions): Config {
  const fail = (message: string): never => {
    throw new TokenHandlerConfigError(`createTokenHandler: ${message}`);
  };
  if (typeof options !== 'object' || options === null) {
    fail('pass an options object with apiKey, apiSecret and resolveTenant.');
  }
  const apiKey = credential('apiKey', options.apiKey, fail);
  const apiSecret = credential('apiSecret', options.apiSecret, fail);
  if (typeof options.resolveTenant !== 'function') {
    fail('resolveTenant is required: a function (request) => { tenantId, subTenantId } | null.');
  }

  if (options.now !== undefined && typeof options.now !== 'function') {
    fail('now must be a function returning epoch milliseconds.');
  }
  const now = processClock(options.now);
  const timers = options.timers ?? systemTimers;
  if (typeof timers?.setTimeout !== 'function' || typeof timers.clearTimeout !== 'function') {
    fail('timers must have setTimeout and clearTimeout.');
  }
  const logger = options.logger;
  if (
    logger !== undefined &&
    logger !== false &&
    (typeof logger?.warn !== 'function' || typeof logger.error !== 'function')
  ) {
    fail('logger must have warn and error methods, or be false.');
  }
  const log = createLogger(logger, [apiKey, apiSecret]);

  const url = tokenUrl(options.baseUrl ?? DEFAULT_BASE_URL, fail, log);

  const timeoutMs = duration('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, fail);
  const limits = {
    resolveTenantTimeoutMs: duration(
      'resolveTenantTimeoutMs',
      options.resolveTenantTimeoutMs,
      timeoutMs,
      fail,
    ),
    upstreamTimeoutMs: duration('upstreamTimeoutMs', options.upstreamTimeoutMs, timeoutMs, fail),
    budgetWaitMs: duration('budgetWaitMs', options.budgetWaitMs, timeoutMs, fail),
    cacheTimeoutMs: duration(
      'cacheTimeoutMs',
      options.cacheTimeoutMs,
      Math.min(timeoutMs, CACHE_TIMEOUT_MS),
      fail,
    ),
  };
  const refreshMarginMs = margin(options, fail, log);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('fetch must be a function.');
  }
  const upstreamLimit = readLimit(options.upstreamLimit, fail, log);
  const cacheOption = options.cache;
  checkCache(cacheOption, fail);
  const cache =
    cacheOption === false
      ? undefined
      : cacheOption
        ? attachCache(cacheOption, { logger: log, now, timers, limits: { ...limits } }, fail)
        : createMemoryCache({ now });

  return {
    apiKey,
    apiSecret,
    resolveTenant: options.resolveTenant,
    url,
    cache,
    ...limits,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    refreshMarginMs,
    upstreamLimit,
    log,
    now,
    timers,
  };
}

/** A time limit in ms: positive, and small enough for a timer. */
function duration(
  name: string,
  value: number | undefined,
  fallback: number,
  fail: (message: string) => never,
): number {
  const result = value ?? fallback;
  if (!(typeof result === 'number' && result > 0 && result <= MAX_TIMER_MS)) {
    fail(`${name} must be a positive number of milliseconds (at most 2^31 - 1).`);
  }
  return result;
}

/** `refreshMarginMs`, or the deprecated `refreshMarginSeconds` (with a warning). */
function margin(
  options: TokenHandlerOptions,
  fail: (message: string) => never,
  log: Log,
): number | undefined {
  const { refreshMarginMs, refreshMarginSeconds } = options;
  if (refreshMarginMs !== undefined && refreshMarginSeconds !== undefined) {
    fail('pass refreshMarginMs or the deprecated refreshMarginSeconds, not both.');
  }
  if (refreshMarginSeconds !== undefined) {
    if (!(Number.isFinite(refreshMarginSeconds) && refreshMarginSeconds >= 0)) {
      fail('refreshMarginSeconds must be a number of seconds >= 0.');
    }
    log.warn('refreshMarginSeconds is deprecated: pass refreshMarginMs (milliseconds) instead.');
    return refreshMarginSeconds * 1000;
  }
  if (
    refreshMarginMs !== undefined &&
    !(Number.isFinite(refreshMarginMs) && refreshMarginMs >= 0)
  ) {
    fail('refreshMarginMs must be a number of milliseconds >= 0.');
  }
  return refreshMarginMs;
}

function checkCache(cache: TokenCache | false | undefined, fail: (message: string) => never) {
  if (cache === undefined || cache === false) return;
  if (
    typeof cache?.get !== 'function' ||
    typeof cache.set !== 'function' ||
    typeof cache.delete !== 'function'
  ) {
    fail('cache must implement get, set and delete (see TokenCache), or be false.');
  }
  for (const hook of ['singleFlight', 'upstreamBudget', 'attach'] as const) {
    if (cache[hook] !== undefined && typeof cache[hook] !== 'function') {
      fail(`cache.${hook}, when given, must be a function.`);
    }
  }
}

/** The cache the handler uses: the partner's, given the handler's context when it takes one. */
function attachCache(
  cache: TokenCache,
  context: TokenCacheContext,
  fail: (message: string) => never,
): TokenCache {
  if (!cache.attach) return cache;
  const attached = cache.attach(context);
  checkCache(attached, fail);
  return attached;
}

function readLimit(value: unknown, fail: (message: string) => never, log: Log): UpstreamLimit {
  let limit: UpstreamLimit;
  try {
    limit = readUpstreamLimit(value);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (typeof value === 'object' && value !== null && 'intervalSeconds' in value) {
    log.warn(
      'upstreamLimit.intervalSeconds is deprecated: pass intervalMs (milliseconds) instead.',
    );
  }
  return limit;
}

/** Checks a credential without ever putting its value in a message. */
function credential(name: string, value: unknown, fail: (message: string) => never): string {
  const env = name === 'apiKey' ? 'ZIPTEAMS_API_KEY' : 'ZIPTEAMS_API_SECRET';
  if (value === undefined || value === null || value === '') {
    fail(`${name} is missing or empty. Pass it from server-side configuration (e.g. ${env}).`);
  }
  if (typeof value !== 'string') fail(`${name} must be a string.`);
  const text = value as string;
  if (text.trim() === '') fail(`${name} is blank.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text) || text !== text.trim()) {
    fail(
      `${name} has surrounding whitespace or control characters (a trailing newline from an ` +
        'env file?). Trim it before passing it.',
    );
  }
  if (/[^\x20-\xff]/.test(text)) fail(`${name} has characters that cannot be sent in a header.`);
  return text;
}

function tokenUrl(baseUrl: unknown, fail: (message: string) => never, log: Log): string {
  if (typeof baseUrl !== 'string') return fail('baseUrl must be a string.');
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    return fail('baseUrl is not an absolute URL (e.g. https://api.zipteams.com).');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    fail('baseUrl must be an http(s) URL.');
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    fail('baseUrl must not carry a query, fragment or user info.');
  }
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    log.warn('baseUrl uses plain http to a non-loopback host: the API secret travels unencrypted.');
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, '') + TOKEN_PATH;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname.endsWith('.localhost')
  );
}
