import type { TokenCache } from './cache.js';
import { processClock } from './clock.js';
import { TokenHandlerConfigError } from './errors.js';
import { createLogger } from './logger.js';
import type { Log, TokenHandlerLogger } from './logger.js';
import { createMemoryCache } from './memory-cache.js';
import type { ResolveTenant } from './resolve-tenant.js';
import { readUpstreamLimit } from './upstream-budget.js';
import type { UpstreamLimit } from './upstream-budget.js';
import { DEFAULT_BASE_URL, TOKEN_PATH } from './upstream.js';
import type { FetchLike } from './upstream.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest wait for one cache operation; a slower store counts as a miss (or a lost write). */
export const CACHE_TIMEOUT_MS = 1_000;

export interface TokenHandlerOptions {
  /** Partner API key from Zipteams onboarding. Server-side only. */
  apiKey: string;
  /** Partner API secret from Zipteams onboarding. Server-side only. */
  apiSecret: string;
  /**
   * Decides the tenant/subtenant from the partner's own session. Return null (or undefined)
   * when nobody is signed in: the handler answers 401. Never take the ids from the browser
   * unless that is deliberate. It must settle within `timeoutMs` (else 500
   * `tenant_resolution_failed`); the handler stops waiting when the client goes away.
   */
  resolveTenant: ResolveTenant;
  /** Default `https://api.zipteams.com`; the mock platform's URL in development. */
  baseUrl?: string;
  /** Where tokens are kept. Default: an in-memory LRU of 1000 pairs. `false` disables it. */
  cache?: TokenCache | false;
  /** Time allowed for `resolveTenant`, and for the whole upstream call. Default 10000. */
  timeoutMs?: number;
  /** The fetch used to call Zipteams. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /**
   * A cached token is replaced when fewer than this many seconds are left. Default: the
   * contract's server margin (25% of the lifetime within [60 s, 15 min], at most half), wider
   * than the browser kit's.
   */
  refreshMarginSeconds?: number;
  /** Where warnings and errors go. Default `console`; `false` silences the handler. */
  logger?: TokenHandlerLogger | false;
  /**
   * Never more than `requests` calls to Zipteams in any `intervalSeconds` window (a sliding log,
   * not a clock-aligned window). Default `{ requests: 120, intervalSeconds: 60 }`, the documented
   * partner limit. Counted per process, or fleet-wide when the cache keeps a shared budget (the
   * Redis cache does). A call that would exceed it waits while the slot opens within `timeoutMs`,
   * else the handler answers 429 `rate_limited` with `Retry-After`. A Zipteams 429 pauses the
   * budget until its `Retry-After`.
   */
  upstreamLimit?: UpstreamLimit;
  /**
   * Clock in epoch milliseconds. Default: the wall clock read once, advanced by the monotonic
   * clock, so a stepped system clock cannot stretch a token's life.
   */
  now?: () => number;
}

/** The checked options, as the pipeline's steps use them. */
export interface Config {
  apiKey: string;
  apiSecret: string;
  resolveTenant: ResolveTenant;
  url: string;
  cache: TokenCache | undefined;
  timeoutMs: number;
  cacheTimeoutMs: number;
  fetch: FetchLike;
  refreshMarginMs: number | undefined;
  upstreamLimit: UpstreamLimit;
  log: Log;
  now: () => number;
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

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    fail('timeoutMs must be a positive number of milliseconds.');
  }
  const margin = options.refreshMarginSeconds;
  if (margin !== undefined && !(Number.isFinite(margin) && margin >= 0)) {
    fail('refreshMarginSeconds must be a number of seconds >= 0.');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('fetch must be a function.');
  }
  const cacheOption = options.cache;
  if (
    cacheOption !== undefined &&
    cacheOption !== false &&
    (typeof cacheOption?.get !== 'function' ||
      typeof cacheOption.set !== 'function' ||
      typeof cacheOption.delete !== 'function')
  ) {
    fail('cache must implement get, set and delete (see TokenCache), or be false.');
  }
  if (
    cacheOption &&
    cacheOption.singleFlight !== undefined &&
    typeof cacheOption.singleFlight !== 'function'
  ) {
    fail('cache.singleFlight, when given, must be a function.');
  }

  return {
    apiKey,
    apiSecret,
    resolveTenant: options.resolveTenant,
    url,
    cache: cacheOption === false ? undefined : (cacheOption ?? createMemoryCache({ now })),
    timeoutMs,
    cacheTimeoutMs: Math.min(timeoutMs, CACHE_TIMEOUT_MS),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    refreshMarginMs: margin === undefined ? undefined : margin * 1000,
    upstreamLimit: upstreamLimit(options.upstreamLimit, fail),
    log,
    now,
  };
}

function upstreamLimit(value: unknown, fail: (message: string) => never): UpstreamLimit {
  try {
    return readUpstreamLimit(value);
  } catch (error) {
    return fail((error as Error).message);
  }
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
