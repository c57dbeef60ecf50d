import type { TokenCache, TokenCacheContext } from '../supply/token-cache.js';
import { processClock } from './clock.js';
import { TokenHandlerConfigError } from '../errors.js';
import { createLogger } from './logger.js';
import type { Log } from './logger.js';
import { CACHE_TIMEOUT_MS, DEFAULT_HANDLER_TIMEOUT_MS, MAX_TIMER_MS } from './options.js';
import type { TokenHandlerOptions } from './options.js';
import { createMemoryCache } from '../supply/memory-cache.js';
import type { ResolveTenant } from '../handler/resolve-tenant.js';
import { readUpstreamLimit } from '../budget/upstream-budget.js';
import type { UpstreamLimit } from '../budget/upstream-budget.js';
import { systemTimers } from './timers.js';
import type { Timers } from './timers.js';
import { DEFAULT_API_URL, TOKEN_PATH } from '../upstream/request-upstream-token.js';
import type { FetchLike } from '../upstream/request-upstream-token.js';

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

  const url = tokenUrl(options.baseUrl ?? DEFAULT_API_URL, fail, log);

  const timeoutMs = duration('timeoutMs', options.timeoutMs, DEFAULT_HANDLER_TIMEOUT_MS, fail);
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
