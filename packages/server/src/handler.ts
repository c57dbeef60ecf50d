import { createMemoryCache } from './cache.js';
import type { CachedToken, TokenCache } from './cache.js';
import { RequestAbortedError, TokenEndpointError, TokenHandlerConfigError } from './errors.js';
import type { TokenErrorCode } from './errors.js';
import { createLogger } from './logger.js';
import type { Log, TokenHandlerLogger } from './logger.js';
import { createSingleFlight, waitFor } from './single-flight.js';
import { tenantKey, validateTenant } from './tenant.js';
import type { Tenant } from './tenant.js';
import { refreshMarginSeconds } from './token.js';
import { DEFAULT_BASE_URL, TOKEN_PATH, requestUpstreamToken } from './upstream.js';
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
   * unless that is deliberate.
   */
  resolveTenant: (
    request: Request,
  ) => Tenant | null | undefined | Promise<Tenant | null | undefined>;
  /** Default `https://api.zipteams.com`; the mock platform's URL in development. */
  baseUrl?: string;
  /** Where tokens are kept. Default: an in-memory LRU of 1000 pairs. `false` disables it. */
  cache?: TokenCache | false;
  /** Time allowed for the whole upstream call. Default 10000. */
  timeoutMs?: number;
  /** The fetch used to call Zipteams. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /**
   * A cached token is replaced when fewer than this many seconds are left. Default:
   * 25% of the lifetime within [60 s, 15 min], at most half: wider than the browser kit's margin.
   */
  refreshMarginSeconds?: number;
  /** Where warnings and errors go. Default `console`; `false` silences the handler. */
  logger?: TokenHandlerLogger | false;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export type TokenHandler = (request: Request) => Promise<Response>;

/** The 200 body. `expiresIn` counts whole seconds from the answer; `expiresAt` is ISO 8601. */
export interface TokenResponseBody {
  token: string;
  expiresIn: number;
  expiresAt: string;
}

/** Every non-200 body. */
export interface TokenErrorBody {
  error: { code: TokenErrorCode | 'internal_error'; message: string };
}

/** What the browser reads for each code: short, fixed, no upstream text, no secrets. */
const PUBLIC_MESSAGES: Record<TokenErrorBody['error']['code'], string> = {
  unauthenticated: 'Sign in to view the dashboard.',
  method_not_allowed: 'Use GET to request a dashboard token.',
  tenant_resolution_failed: 'The server could not determine the tenant for this request.',
  invalid_tenant: 'The server resolved an invalid tenant for this user.',
  upstream_forbidden: 'Zipteams rejected the server’s API credentials.',
  upstream_unauthorized: 'Zipteams did not receive valid API credentials.',
  upstream_bad_request: 'Zipteams rejected the token request.',
  rate_limited: 'Too many token requests. Try again later.',
  upstream_error: 'Zipteams failed to issue a token.',
  upstream_unreachable: 'Zipteams could not be reached.',
  upstream_timeout: 'Zipteams did not answer in time.',
  bad_upstream_response: 'Zipteams answered with something that is not a valid token.',
  request_aborted: 'The request was aborted.',
  internal_error: 'The token endpoint failed unexpectedly.',
};

/**
 * Creates the partner's token endpoint: a Web-standard `(Request) => Promise<Response>`.
 * It answers GET with `{ token, expiresIn, expiresAt }` for the tenant that `resolveTenant`
 * picks, caching per tenant/subtenant and sharing concurrent upstream calls.
 *
 * @throws {TokenHandlerConfigError} when a required option is missing or invalid.
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const config = readConfig(options);
  const { log, now, cache } = config;
  const flights = createSingleFlight<CachedToken>();

  async function obtain(tenant: Tenant, key: string): Promise<CachedToken> {
    const cached = await readCache(key);
    if (cached && cached.refreshAt > now() && cached.expiresAt > now()) return cached;

    const sentAt = now();
    let fetched;
    try {
      fetched = await requestUpstreamToken({
        url: config.url,
        apiKey: config.apiKey,
        apiSecret: config.apiSecret,
        tenantId: tenant.tenantId,
        subTenantId: tenant.subTenantId,
        fetch: config.fetch,
        timeoutMs: config.timeoutMs,
      });
    } catch (error) {
      logUpstreamFailure(log, error, tenant);
      throw error;
    }
    // Skew-safe: the deadline comes from the token's own lifetime and our clock, never from
    // comparing `exp` with our clock. Counting from the send time errs on the early side.
    const expiresAt = sentAt + fetched.lifetimeSeconds * 1000;
    const margin = refreshMarginSeconds(fetched.lifetimeSeconds, config.refreshMarginSeconds);
    const entry: CachedToken = {
      token: fetched.token,
      expiresAt,
      refreshAt: expiresAt - margin * 1000,
    };
    const ttlSeconds = Math.floor((entry.refreshAt - now()) / 1000);
    if (ttlSeconds >= 1) await writeCache(key, entry, ttlSeconds);
    return entry;
  }

  async function readCache(key: string): Promise<CachedToken | undefined> {
    if (!cache) return undefined;
    try {
      const value = await withTimeout(cache.get(key), config.cacheTimeoutMs);
      if (value === undefined || isCachedToken(value)) return value;
      log.warn('The token cache returned a malformed entry; fetching a fresh token.');
      await withTimeout(cache.delete(key), config.cacheTimeoutMs);
    } catch (error) {
      log.warn('The token cache failed to read; fetching a fresh token.', { error });
    }
    return undefined;
  }

  async function writeCache(key: string, entry: CachedToken, ttlSeconds: number): Promise<void> {
    if (!cache) return;
    try {
      await withTimeout(cache.set(key, entry, ttlSeconds), config.cacheTimeoutMs);
    } catch (error) {
      log.warn('The token cache failed to store a token; serving it uncached.', { error });
    }
  }

  return async function handleTokenRequest(request: Request): Promise<Response> {
    if (request.method !== 'GET') {
      return errorResponse('method_not_allowed', 405, { Allow: 'GET' });
    }

    let resolved: unknown;
    try {
      resolved = await config.resolveTenant(request);
    } catch (error) {
      log.error('resolveTenant threw; answering 500 tenant_resolution_failed.', { error });
      return errorResponse('tenant_resolution_failed', 500);
    }
    let tenant: Tenant | null;
    try {
      tenant = validateTenant(resolved);
    } catch (error) {
      log.error(`${(error as Error).message}; answering 500 invalid_tenant. Fix resolveTenant.`);
      return errorResponse('invalid_tenant', 500);
    }
    if (!tenant) return errorResponse('unauthenticated', 401);

    try {
      if (request.signal?.aborted) throw new RequestAbortedError('Aborted before start');
      const key = tenantKey(tenant);
      const target = tenant;
      const entry = await waitFor(
        flights.run(key, () => obtain(target, key)),
        request.signal,
      );
      return tokenResponse(entry, now());
    } catch (error) {
      if (error instanceof TokenEndpointError) {
        const headers: Record<string, string> = {};
        if ('retryAfter' in error && typeof error.retryAfter === 'string') {
          headers['Retry-After'] = error.retryAfter;
        }
        return errorResponse(error.code, error.status, headers);
      }
      log.error('Unexpected failure in the token handler; answering 500.', { error });
      return errorResponse('internal_error', 500);
    }
  };
}

/** A cache store that hangs must not hang every request for a tenant. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the cache did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function tokenResponse(entry: CachedToken, now: number): Response {
  const body: TokenResponseBody = {
    token: entry.token,
    expiresIn: Math.max(0, Math.floor((entry.expiresAt - now) / 1000)),
    expiresAt: new Date(entry.expiresAt).toISOString(),
  };
  return json(200, body);
}

function errorResponse(
  code: TokenErrorBody['error']['code'],
  status: number,
  headers: Record<string, string> = {},
): Response {
  const body: TokenErrorBody = { error: { code, message: PUBLIC_MESSAGES[code] } };
  return json(status, body, headers);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

function logUpstreamFailure(log: Log, error: unknown, tenant: Tenant): void {
  const where = { tenantId: tenant.tenantId, subTenantId: tenant.subTenantId };
  if (!(error instanceof TokenEndpointError)) {
    log.error('The Zipteams token request failed unexpectedly.', { ...where, error });
    return;
  }
  const upstream =
    'upstreamStatus' in error ? { upstreamStatus: error.upstreamStatus } : ({} as object);
  const message =
    'upstreamMessage' in error && error.upstreamMessage
      ? { upstreamMessage: error.upstreamMessage }
      : {};
  const details = { ...where, ...upstream, ...message, code: error.code };
  switch (error.code) {
    case 'upstream_forbidden':
      log.error(
        'Zipteams rejected the API key/secret (HTTP 403). Check the apiKey and apiSecret ' +
          'this server was configured with.',
        details,
      );
      return;
    case 'upstream_unauthorized':
      log.error(
        'Zipteams answered 401: it did not accept the API credentials as sent. Check that ' +
          'apiKey and apiSecret are set.',
        details,
      );
      return;
    case 'upstream_bad_request':
      log.error(`Zipteams refused the token request: ${error.message}.`, details);
      return;
    case 'bad_upstream_response':
      log.error(`Zipteams sent an unusable token response: ${error.message}.`, details);
      return;
    default:
      log.warn(`The Zipteams token request failed: ${error.message}.`, details);
  }
}

function isCachedToken(value: unknown): value is CachedToken {
  if (typeof value !== 'object' || value === null) return false;
  const { token, expiresAt, refreshAt } = value as Partial<Record<keyof CachedToken, unknown>>;
  return (
    typeof token === 'string' &&
    token !== '' &&
    typeof expiresAt === 'number' &&
    Number.isFinite(expiresAt) &&
    typeof refreshAt === 'number' &&
    Number.isFinite(refreshAt)
  );
}

interface Config {
  apiKey: string;
  apiSecret: string;
  resolveTenant: TokenHandlerOptions['resolveTenant'];
  url: string;
  cache: TokenCache | undefined;
  timeoutMs: number;
  cacheTimeoutMs: number;
  fetch: FetchLike;
  refreshMarginSeconds: number | undefined;
  log: Log;
  now: () => number;
}

function readConfig(options: TokenHandlerOptions): Config {
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

  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail('now must be a function returning epoch milliseconds.');
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

  return {
    apiKey,
    apiSecret,
    resolveTenant: options.resolveTenant,
    url,
    cache: cacheOption === false ? undefined : (cacheOption ?? createMemoryCache({ now })),
    timeoutMs,
    cacheTimeoutMs: Math.min(timeoutMs, CACHE_TIMEOUT_MS),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    refreshMarginSeconds: margin,
    log,
    now,
  };
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
