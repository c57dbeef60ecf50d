import { createMemoryCache, syncReadOf } from './cache.js';
import type { CachedToken, TokenCache } from './cache.js';
import { RequestAbortedError, TokenEndpointError, TokenHandlerConfigError } from './errors.js';
import type { TokenErrorCode } from './errors.js';
import { createLogger } from './logger.js';
import type { Log, TokenHandlerLogger } from './logger.js';
import { registerDirectHandler, replyToResponse } from './reply.js';
import type { ClientWatch, Reply } from './reply.js';
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
  /** Set for a `createMemoryCache()` store: a hit is then read without a promise or a timer. */
  const memory = cache ? syncReadOf(cache) : undefined;

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

  /** The last tenant's key, kept: most traffic repeats the same pair. */
  let lastKey = { tenantId: '', subTenantId: '', key: '' };
  function keyOf(tenant: Tenant): string {
    if (tenant.tenantId === lastKey.tenantId && tenant.subTenantId === lastKey.subTenantId) {
      return lastKey.key;
    }
    lastKey = {
      tenantId: tenant.tenantId,
      subTenantId: tenant.subTenantId,
      key: tenantKey(tenant),
    };
    return lastKey.key;
  }

  /**
   * A fresh token for `key` straight from the memory cache, or undefined (miss, stale, malformed,
   * another kind of cache, or a `get` that was replaced): then the shared slow path decides.
   */
  function memoryHit(key: string): CachedToken | undefined {
    if (!memory || cache?.get !== memory.get) return undefined;
    const cached = memory.read(key);
    if (!cached || !isCachedToken(cached)) return undefined;
    const time = now();
    return cached.refreshAt > time && cached.expiresAt > time ? cached : undefined;
  }

  function failureReply(error: unknown): Reply {
    if (error instanceof TokenEndpointError) {
      const retryAfter =
        'retryAfter' in error && typeof error.retryAfter === 'string'
          ? error.retryAfter
          : undefined;
      return errorReply(error.code, error.status, retryAfter);
    }
    log.error('Unexpected failure in the token handler; answering 500.', { error });
    return errorReply('internal_error', 500);
  }

  function tenantResolutionFailed(error: unknown): Reply {
    log.error('resolveTenant threw; answering 500 tenant_resolution_failed.', { error });
    return errorReply('tenant_resolution_failed', 500);
  }

  function replyForTenant(
    request: Request,
    resolved: unknown,
    client: ClientWatch | undefined,
  ): Reply | Promise<Reply> {
    let tenant: Tenant | null;
    try {
      tenant = validateTenant(resolved);
    } catch (error) {
      log.error(`${(error as Error).message}; answering 500 invalid_tenant. Fix resolveTenant.`);
      return errorReply('invalid_tenant', 500);
    }
    if (!tenant) return UNAUTHENTICATED;

    try {
      // `client` answers without creating the signal (the Node adapter's); else the signal.
      const aborted = client
        ? client.aborted
        : (request.signal as AbortSignal | undefined)?.aborted;
      if (aborted) throw new RequestAbortedError('Aborted before start');
      const key = keyOf(tenant);
      // Fast path: a fresh hit in the memory cache needs no single flight, timer or abort wiring.
      const hit = memoryHit(key);
      if (hit) return tokenReply(hit, now());
      const target = tenant;
      return waitFor(
        flights.run(key, () => obtain(target, key)),
        client ? client.signal : (request.signal as AbortSignal | undefined),
      )
        .then((entry) => tokenReply(entry, now()))
        .catch(failureReply);
    } catch (error) {
      return failureReply(error);
    }
  }

  /** Decides the answer; synchronously when `resolveTenant` is synchronous and the cache hits. */
  function reply(request: Request, client?: ClientWatch): Reply | Promise<Reply> {
    if (request.method !== 'GET') return METHOD_NOT_ALLOWED;
    let resolved: unknown;
    try {
      resolved = config.resolveTenant(request);
      if (isThenable(resolved)) {
        return Promise.resolve(resolved).then(
          (value) => replyForTenant(request, value, client),
          tenantResolutionFailed,
        );
      }
    } catch (error) {
      return tenantResolutionFailed(error);
    }
    return replyForTenant(request, resolved, client);
  }

  const handleTokenRequest: TokenHandler = async (request) => replyToResponse(await reply(request));
  registerDirectHandler(handleTokenRequest, reply);
  return handleTokenRequest;
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `Headers` iterate sorted by name: these are in that order, as the Node adapter writes them. */
const JSON_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'content-type': 'application/json',
});

/** The parts of a 200 body that do not change while one entry is served (all but `expiresIn`). */
interface BodyParts {
  readonly token: string;
  readonly expiresAt: number;
  readonly head: string;
  readonly tail: string;
}

const bodyParts = new WeakMap<CachedToken, BodyParts>();

/**
 * The 200 answer. The text is exactly `JSON.stringify({ token, expiresIn, expiresAt })`; only
 * `expiresIn` is formatted per request, the rest once per cache entry.
 */
function tokenReply(entry: CachedToken, now: number): Reply {
  let parts = bodyParts.get(entry);
  // Keyed on the object, checked on its values: a store may hand back a mutated object.
  if (!parts || parts.token !== entry.token || parts.expiresAt !== entry.expiresAt) {
    const expiresAt: TokenResponseBody['expiresAt'] = new Date(entry.expiresAt).toISOString();
    parts = {
      token: entry.token,
      expiresAt: entry.expiresAt,
      head: `{"token":${JSON.stringify(entry.token)},"expiresIn":`,
      tail: `,"expiresAt":${JSON.stringify(expiresAt)}}`,
    };
    bodyParts.set(entry, parts);
  }
  const expiresIn: TokenResponseBody['expiresIn'] = Math.max(
    0,
    Math.floor((entry.expiresAt - now) / 1000),
  );
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: parts.head + (Number.isFinite(expiresIn) ? String(expiresIn) : 'null') + parts.tail,
  };
}

function errorReply(
  code: TokenErrorBody['error']['code'],
  status: number,
  retryAfter?: string,
): Reply {
  const body: TokenErrorBody = { error: { code, message: PUBLIC_MESSAGES[code] } };
  return {
    status,
    headers:
      retryAfter === undefined ? JSON_HEADERS : { ...JSON_HEADERS, 'retry-after': retryAfter },
    body: JSON.stringify(body),
  };
}

const METHOD_NOT_ALLOWED: Reply = Object.freeze({
  ...errorReply('method_not_allowed', 405),
  headers: Object.freeze({ allow: 'GET', ...JSON_HEADERS }),
});
const UNAUTHENTICATED: Reply = Object.freeze(errorReply('unauthenticated', 401));

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
