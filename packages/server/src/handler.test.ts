import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachedToken, TokenCache } from './cache.js';
import { createMemoryCache } from './memory-cache.js';
import { TokenHandlerConfigError } from './errors.js';
import { createTokenHandler } from './handler.js';
import type { TokenHandlerOptions } from './config.js';
import type { Tenant } from './tenant.js';
import {
  API_KEY,
  API_SECRET,
  captureLogger,
  decodePayload,
  deferred,
  fakeUpstream,
  getRequest,
  hang,
  makeJwt,
  mint,
  tokenEnvelope,
  upstreamError,
} from './test-utils/fake-upstream.js';
import type { Responder } from './test-utils/fake-upstream.js';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);
const DAY = 86_400;

interface SetupOptions extends Partial<TokenHandlerOptions> {
  responders?: Responder[];
}

/**
 * A handler wired to a fake upstream, a captured logger and a manual clock. By default the
 * "session" is read from test headers (x-user-tenant / x-user-sub), standing in for a cookie.
 */
function setup({ responders = [], ...options }: SetupOptions = {}) {
  const upstream = fakeUpstream(...responders);
  const log = captureLogger();
  let time = START;
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    resolveTenant: (request) => ({
      tenantId: request.headers.get('x-user-tenant') ?? 'acme',
      subTenantId: request.headers.get('x-user-sub') ?? 'sales',
    }),
    fetch: upstream.fetch,
    logger: log.logger,
    now: () => time,
    ...options,
  });
  const get = (tenant?: Tenant, init: RequestInit = {}) =>
    handler(
      getRequest(undefined, {
        ...init,
        headers: tenant
          ? { 'x-user-tenant': tenant.tenantId, 'x-user-sub': tenant.subTenantId }
          : {},
      }),
    );
  const advance = (seconds: number) => {
    time += seconds * 1000;
  };
  return { handler, upstream, log, get, advance, now: () => time };
}

async function body(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const parsed = (await response.json()) as { error: { code: string; message: string } };
  return parsed.error;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('given missing or invalid options', () => {
  const base = {
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    resolveTenant: () => null,
  } satisfies TokenHandlerOptions;

  it.each([
    ['apiKey is undefined', { apiKey: undefined }, /apiKey is missing or empty/],
    ['apiKey is empty', { apiKey: '' }, /apiKey is missing or empty/],
    ['apiSecret is undefined', { apiSecret: undefined }, /apiSecret is missing or empty/],
    ['apiSecret is empty', { apiSecret: '' }, /apiSecret is missing or empty/],
    ['apiSecret is blank', { apiSecret: '   ' }, /apiSecret is blank/],
    ['apiSecret is not a string', { apiSecret: 42 }, /apiSecret must be a string/],
    ['resolveTenant is missing', { resolveTenant: undefined }, /resolveTenant is required/],
    ['baseUrl is not a URL', { baseUrl: 'api.zipteams.com' }, /baseUrl is not an absolute URL/],
    ['baseUrl is not http(s)', { baseUrl: 'ftp://x.test' }, /baseUrl must be an http\(s\) URL/],
    ['timeoutMs is zero', { timeoutMs: 0 }, /timeoutMs must be a positive/],
    ['refreshMarginSeconds < 0', { refreshMarginSeconds: -1 }, /refreshMarginSeconds/],
    ['cache lacks methods', { cache: {} }, /cache must implement get, set and delete/],
    ['logger lacks methods', { logger: {} }, /logger must have warn and error/],
  ])('should throw a TokenHandlerConfigError when %s', (_, override, message) => {
    const create = () =>
      createTokenHandler({ ...base, ...override } as unknown as TokenHandlerOptions);
    expect(create).toThrow(TokenHandlerConfigError);
    expect(create).toThrow(message);
  });

  it('should reject a secret with a trailing newline without echoing the secret', () => {
    let error: unknown;
    try {
      createTokenHandler({ ...base, apiSecret: `${API_SECRET}\n` });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TokenHandlerConfigError);
    expect((error as TokenHandlerConfigError).code).toBe('invalid_config');
    expect((error as Error).message).toMatch(/apiSecret has surrounding whitespace/);
    expect(String((error as Error).message)).not.toContain(API_SECRET);
    expect(String((error as Error).stack)).not.toContain(API_SECRET);
  });

  it('should create a handler from the three required options alone', () => {
    expect(typeof createTokenHandler(base)).toBe('function');
  });

  it('should accept the platform fetch and console, and fit a Next.js route export', () => {
    const handler = createTokenHandler({ ...base, fetch: globalThis.fetch, logger: console });
    // The shape Next.js checks for an App Router GET export.
    const GET: (request: Request, context: { params: Promise<object> }) => Promise<Response> =
      handler;
    expect(GET).toBe(handler);
  });
});

describe('given a request that is not GET', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'])(
    'should answer %s with 405 and Allow: GET without calling upstream',
    async (method) => {
      const { handler, upstream } = setup();
      const response = await handler(getRequest(undefined, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
      expect(response.headers.get('cache-control')).toBe('no-store');
      if (method !== 'HEAD') expect((await errorOf(response)).code).toBe('method_not_allowed');
      expect(upstream.calls).toHaveLength(0);
    },
  );
});

describe('given no signed-in user', () => {
  it.each([
    ['null', () => null],
    ['undefined', () => undefined],
    ['a promise of null', () => Promise.resolve(null)],
  ])('should answer 401 unauthenticated when resolveTenant returns %s', async (_, resolve) => {
    const { get, upstream } = setup({ resolveTenant: resolve });
    const response = await get();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await errorOf(response)).toEqual({
      code: 'unauthenticated',
      message: expect.any(String),
    });
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('given resolveTenant fails', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('session store down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('session store down'))],
  ])('should answer 500 with a generic message and log the error when it %s', async (_, fn) => {
    const { get, upstream, log } = setup({ resolveTenant: fn });
    const response = await get();
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe('tenant_resolution_failed');
    expect(error.message).not.toContain('session store');
    expect(upstream.calls).toHaveLength(0);
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]?.level).toBe('error');
    expect(log.text()).toContain('session store down');
  });
});

describe('given resolveTenant returns an invalid tenant', () => {
  it.each([
    [
      'a CRLF header injection in tenantId',
      { tenantId: 'acme\r\nx-api-key: evil', subTenantId: 's' },
    ],
    ['a LF in subTenantId', { tenantId: 'acme', subTenantId: 'sales\nx' }],
    ['a NUL character', { tenantId: 'ac\u0000me', subTenantId: 's' }],
    ['a tab', { tenantId: 'ac\tme', subTenantId: 's' }],
    ['an empty tenantId', { tenantId: '', subTenantId: 's' }],
    ['an empty subTenantId', { tenantId: 'acme', subTenantId: '' }],
    ['a 257-character id', { tenantId: 'a'.repeat(257), subTenantId: 's' }],
    ['a numeric id', { tenantId: 42, subTenantId: 's' }],
    ['a missing subTenantId', { tenantId: 'acme' }],
    ['non-ASCII text', { tenantId: 'acmé', subTenantId: 's' }],
    ['a leading space', { tenantId: ' acme', subTenantId: 's' }],
    ['a string instead of an object', 'acme'],
  ])('should answer 500 invalid_tenant without an upstream call for %s', async (_, tenant) => {
    const { get, upstream, log } = setup({
      resolveTenant: () => tenant as unknown as Tenant,
    });
    const response = await get();
    expect(response.status).toBe(500);
    expect((await errorOf(response)).code).toBe('invalid_tenant');
    expect(upstream.calls).toHaveLength(0);
    expect(log.calls[0]?.level).toBe('error');
    expect(log.text()).toMatch(/resolveTenant (returned|must return)/);
    expect(log.text()).not.toContain('x-api-key: evil');
  });

  it('should accept ids of 256 printable characters, inner spaces included', async () => {
    const tenant = { tenantId: 'a'.repeat(256), subTenantId: 'Sales Team #2' };
    const { get, upstream } = setup({ resolveTenant: () => tenant });
    expect((await get()).status).toBe(200);
    expect(upstream.calls[0]?.headers['x-tenant-id']).toBe(tenant.tenantId);
    expect(upstream.calls[0]?.headers['x-sub-tenant-id']).toBe('Sales Team #2');
  });
});

describe('given a healthy upstream', () => {
  it('should answer 200 with the token, expiresIn and expiresAt', async () => {
    const { get } = setup();
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json');
    const json = await body(response);
    expect(Object.keys(json).sort()).toEqual(['expiresAt', 'expiresIn', 'token']);
    expect(decodePayload(json['token'] as string)).toMatchObject({
      tenantId: 'acme',
      subTenantId: 'sales',
    });
    expect(json['expiresIn']).toBe(DAY);
    expect(json['expiresAt']).toBe(new Date(START + DAY * 1000).toISOString());
  });

  it('should send the four documented headers (and no compression) with GET to the default URL', async () => {
    const { get, upstream } = setup();
    await get({ tenantId: 'tenant-1', subTenantId: 'team-9' });
    expect(upstream.calls).toHaveLength(1);
    const [call] = upstream.calls;
    expect(call?.url).toBe('https://api.zipteams.com/api/v1/partner/dashboard/auth/token');
    expect(call?.method).toBe('GET');
    expect(call?.headers).toEqual({
      'x-api-key': API_KEY,
      'x-api-secret': API_SECRET,
      'x-tenant-id': 'tenant-1',
      'x-sub-tenant-id': 'team-9',
      'accept-encoding': 'identity',
    });
  });

  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/api/v1/partner/dashboard/auth/token'],
    ['http://localhost:4010/', 'http://localhost:4010/api/v1/partner/dashboard/auth/token'],
    [
      'https://proxy.test/zipteams/',
      'https://proxy.test/zipteams/api/v1/partner/dashboard/auth/token',
    ],
  ])('should call the token path under baseUrl %s', async (baseUrl, expected) => {
    const { get, upstream } = setup({ baseUrl });
    await get();
    expect(upstream.calls[0]?.url).toBe(expected);
  });

  it('should take the lifetime from exp - iat and ignore a skewed upstream clock', async () => {
    // iat/exp years in the past: comparing exp with the local clock would call it expired.
    const { get } = setup({ responders: [mint(3600, 1_000_000_000)] });
    const json = await body(await get());
    expect(json['expiresIn']).toBe(3600);
    expect(json['expiresAt']).toBe(new Date(START + 3_600_000).toISOString());
  });

  it('should cap the lifetime at 24 hours', async () => {
    const { get } = setup({ responders: [mint(3 * DAY)] });
    expect((await body(await get()))['expiresIn']).toBe(DAY);
  });

  it('should assume 24 hours when the token has no exp or iat', async () => {
    const { get } = setup({
      responders: [() => tokenEnvelope(makeJwt({ tenantId: 'acme', subTenantId: 'sales' }))],
    });
    expect((await body(await get()))['expiresIn']).toBe(DAY);
  });

  it('should count expiresIn down while serving the cached token', async () => {
    const { get, advance, upstream } = setup();
    const first = await body(await get());
    advance(1000.4);
    const second = await body(await get());
    expect(second['token']).toBe(first['token']);
    expect(second['expiresIn']).toBe(DAY - 1001);
    expect(second['expiresAt']).toBe(first['expiresAt']);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should not log anything on success', async () => {
    const { get, log } = setup();
    await get();
    await get();
    expect(log.calls).toEqual([]);
  });
});

describe('given a cached token nearing its expiry', () => {
  it('should serve the cached token until 900 s before a 24 h deadline, then fetch once', async () => {
    const { get, advance, upstream } = setup();
    const first = await body(await get());
    advance(DAY - 900 - 1);
    expect((await body(await get()))['token']).toBe(first['token']);
    expect(upstream.calls).toHaveLength(1);

    advance(1);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => get()));
    const tokens = new Set(await Promise.all(renewed.map(async (r) => (await body(r))['token'])));
    expect(upstream.calls).toHaveLength(2);
    expect(tokens.size).toBe(1);
    expect(tokens.has(first['token'])).toBe(false);
    expect((await body(await get()))['expiresIn']).toBe(DAY);
  });

  it('should use 25% of a short lifetime as the default margin', async () => {
    const { get, advance, upstream } = setup({ responders: [mint(600)] });
    await get();
    advance(449);
    await get();
    expect(upstream.calls).toHaveLength(1);
    advance(1);
    await get();
    expect(upstream.calls).toHaveLength(2);
  });

  it('should keep a default margin of at least 60 s for a lifetime of 2 minutes', async () => {
    const { get, advance, upstream } = setup({ responders: [mint(120)] });
    await get();
    advance(59);
    await get();
    expect(upstream.calls).toHaveLength(1);
    advance(1);
    await get();
    expect(upstream.calls).toHaveLength(2);
  });

  it('should honour a configured refreshMarginSeconds', async () => {
    const { get, advance, upstream } = setup({ refreshMarginSeconds: 3600 });
    await get();
    advance(DAY - 3601);
    await get();
    expect(upstream.calls).toHaveLength(1);
    advance(1);
    await get();
    expect(upstream.calls).toHaveLength(2);
  });

  it('should not cache a token whose lifetime is within the margin, yet serve it', async () => {
    const { get, upstream } = setup({ responders: [mint(60)], refreshMarginSeconds: 120 });
    expect((await body(await get()))['expiresIn']).toBe(60);
    await get();
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('given caching is configured', () => {
  it('should call upstream for every sequential request when cache is false', async () => {
    const { get, upstream } = setup({ cache: false });
    await get();
    await get();
    await get();
    expect(upstream.calls).toHaveLength(3);
  });

  it('should still share one upstream call among concurrent requests when cache is false', async () => {
    const { get, upstream } = setup({ cache: false });
    const responses = await Promise.all(Array.from({ length: 50 }, () => get()));
    expect(upstream.calls).toHaveLength(1);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });

  it('should store entries in a custom cache under a JSON key with a TTL up to the token expiry', async () => {
    const store = new Map<string, { value: CachedToken; ttl: number }>();
    const cache: TokenCache = {
      get: vi.fn(async (key: string) => store.get(key)?.value),
      set: vi.fn(async (key: string, value: CachedToken, ttl: number) => {
        store.set(key, { value, ttl });
      }),
      delete: vi.fn(async (key: string) => {
        store.delete(key);
      }),
    };
    const { get, upstream } = setup({ cache });
    const first = await body(await get({ tenantId: 't1', subTenantId: 's1' }));
    expect(cache.set).toHaveBeenCalledTimes(1);
    const entry = store.get(JSON.stringify(['t1', 's1']));
    expect(entry?.ttl).toBe(DAY);
    expect(entry?.value).toEqual({
      token: first['token'],
      expiresAt: START + DAY * 1000,
      refreshAt: START + (DAY - 900) * 1000,
      staleUntil: START + (DAY - 600) * 1000,
    });
    await get({ tenantId: 't1', subTenantId: 's1' });
    expect(upstream.calls).toHaveLength(1);
  });

  it('should serve a token another instance stored in a shared cache', async () => {
    const shared = createMemoryCache({ now: () => START });
    const a = setup({ cache: shared });
    const b = setup({ cache: shared });
    const fromA = await body(await a.get());
    const fromB = await body(await b.get());
    expect(fromB['token']).toBe(fromA['token']);
    expect(a.upstream.calls).toHaveLength(1);
    expect(b.upstream.calls).toHaveLength(0);
  });

  it('should ignore an entry past its refresh point even if the store still returns it', async () => {
    const token = makeJwt({ iat: 1, exp: 2 });
    const cache: TokenCache = {
      get: async () => ({
        token,
        expiresAt: START + 1000,
        refreshAt: START - 1,
        staleUntil: START - 1,
      }),
      set: async () => undefined,
      delete: async () => undefined,
    };
    const { get, upstream } = setup({ cache });
    expect((await body(await get()))['token']).not.toBe(token);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should fetch a fresh token and delete the entry when the store returns a malformed one', async () => {
    const cache: TokenCache = {
      get: async () => ({ token: 42 }) as unknown as CachedToken,
      set: async () => undefined,
      delete: vi.fn(async () => undefined),
    };
    const { get, upstream, log } = setup({ cache });
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    expect(cache.delete).toHaveBeenCalledWith(JSON.stringify(['acme', 'sales']));
    expect(log.calls[0]?.level).toBe('warn');
  });

  it('should keep serving tokens with a warning when the cache store fails', async () => {
    const cache: TokenCache = {
      get: () => Promise.reject(new Error('ECONNREFUSED redis')),
      set: () => Promise.reject(new Error('ECONNREFUSED redis')),
      delete: () => Promise.reject(new Error('ECONNREFUSED redis')),
    };
    const { get, log } = setup({ cache });
    const response = await get();
    expect(response.status).toBe(200);
    expect(log.calls.map((c) => c.level)).toEqual(['warn', 'warn']);
    expect(log.text()).toContain('ECONNREFUSED redis');
  });
});

describe('given a cache store that hangs', () => {
  it('should treat a read that takes over 1 s as a miss and a stuck write as lost', async () => {
    vi.useFakeTimers();
    const never = () => new Promise<never>(() => {});
    const cache: TokenCache = { get: never, set: never, delete: never };
    const { get, upstream, log } = setup({ cache });
    let settled: Response | undefined;
    const pending = get().then((response) => (settled = response));
    await vi.advanceTimersByTimeAsync(999);
    expect(upstream.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(upstream.calls).toHaveLength(1);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pending).status).toBe(200);
    expect(log.calls.map((call) => call.level)).toEqual(['warn', 'warn']);
    expect(log.text()).toMatch(/did not answer within 1000 ms/);
  });
});

describe('given several tenants', () => {
  const a: Tenant = { tenantId: 'acme', subTenantId: 'sales' };
  const b: Tenant = { tenantId: 'globex', subTenantId: 'support' };

  it('should never serve one tenant’s token to another', async () => {
    const { get, upstream } = setup();
    for (let round = 0; round < 3; round += 1) {
      for (const tenant of [a, b]) {
        const token = (await body(await get(tenant)))['token'] as string;
        expect(decodePayload(token)).toMatchObject(tenant);
      }
    }
    expect(upstream.calls).toHaveLength(2);
  });

  it('should keep tenants apart whose ids collide under naive concatenation', async () => {
    const { get, upstream } = setup();
    const first = { tenantId: 'a:b', subTenantId: 'c' };
    const second = { tenantId: 'a', subTenantId: 'b:c' };
    const tokenFirst = (await body(await get(first)))['token'] as string;
    const tokenSecond = (await body(await get(second)))['token'] as string;
    expect(upstream.calls).toHaveLength(2);
    expect(tokenSecond).not.toBe(tokenFirst);
    expect(decodePayload(tokenFirst)).toMatchObject(first);
    expect(decodePayload(tokenSecond)).toMatchObject(second);
    // and from the cache, still apart
    expect((await body(await get(first)))['token']).toBe(tokenFirst);
    expect((await body(await get(second)))['token']).toBe(tokenSecond);
    expect(upstream.calls).toHaveLength(2);
  });

  it('should make one upstream call per tenant when both arrive concurrently', async () => {
    const { get, upstream } = setup();
    const requests = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b));
    const responses = await Promise.all(requests.map((tenant) => get(tenant)));
    expect(upstream.calls).toHaveLength(2);
    for (const [i, response] of responses.entries()) {
      const token = (await body(response))['token'] as string;
      expect(decodePayload(token)).toMatchObject(requests[i] as Tenant);
    }
  });
});

describe('given 200 concurrent requests for one tenant on a cold cache', () => {
  it('should make exactly one upstream call and give all of them its token', async () => {
    const gate = deferred<undefined>();
    const { get, upstream } = setup({
      responders: [
        async (call, index) => {
          await gate.promise;
          return mint()(call, index);
        },
      ],
    });
    const pending = Array.from({ length: 200 }, () => get());
    await new Promise((resolve) => setTimeout(resolve, 0));
    gate.resolve(undefined);
    const responses = await Promise.all(pending);
    expect(upstream.calls).toHaveLength(1);
    const tokens = new Set(await Promise.all(responses.map(async (r) => (await body(r))['token'])));
    expect(tokens.size).toBe(1);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });

  it('should make exactly one upstream call even when upstream answers at once', async () => {
    const { get, upstream } = setup();
    await Promise.all(Array.from({ length: 200 }, () => get()));
    expect(upstream.calls).toHaveLength(1);
  });

  it('should share one failure among them, then call again on the next request', async () => {
    const { get, upstream } = setup({
      responders: [upstreamError(500, 'Internal server error'), mint()],
    });
    const responses = await Promise.all(Array.from({ length: 200 }, () => get()));
    expect(upstream.calls).toHaveLength(1);
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([502]));
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('given an upstream error status', () => {
  it.each([
    [403, 'Forbidden', 502, 'upstream_forbidden', 'error', /rejected the API key\/secret/],
    [400, 'Tenant ID is required', 502, 'upstream_bad_request', 'error', /Tenant ID is required/],
    [
      400,
      'Subtenant ID is required',
      502,
      'upstream_bad_request',
      'error',
      /Subtenant ID is required/,
    ],
    [401, 'Unauthorized', 502, 'upstream_unauthorized', 'error', /401/],
    [404, 'Not Found', 502, 'upstream_bad_request', 'error', /HTTP 404: Not Found/],
    [422, 'Unprocessable', 502, 'upstream_bad_request', 'error', /HTTP 422/],
    [
      500,
      'Internal server error',
      502,
      'upstream_error',
      'warn',
      /HTTP 500: Internal server error/,
    ],
    [502, undefined, 502, 'upstream_error', 'warn', /HTTP 502 without a message/],
    [503, 'Service Unavailable', 502, 'upstream_error', 'warn', /HTTP 503/],
    [302, undefined, 502, 'upstream_error', 'warn', /HTTP 302/],
  ] as const)(
    'should map upstream %i %s to %i %s and log at %s level',
    async (status, message, expectedStatus, code, level, logged) => {
      const { get, log } = setup({ responders: [upstreamError(status, message)] });
      const response = await get();
      expect(response.status).toBe(expectedStatus);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toBe('application/json');
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.message).toEqual(expect.any(String));
      expect(log.calls).toHaveLength(1);
      expect(log.calls[0]?.level).toBe(level);
      expect(log.text()).toMatch(logged);
      expect(log.text()).toContain('acme');
    },
  );

  it('should not cache a failure: the next request calls upstream again', async () => {
    const { get, upstream } = setup({ responders: [upstreamError(403, 'Forbidden'), mint()] });
    expect((await get()).status).toBe(502);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('given upstream rate limiting (429)', () => {
  it.each([
    [
      'a Retry-After header',
      { 'Retry-After': '17' },
      'Rate limit exceeded. Try again in 60 seconds.',
      '17',
    ],
    ['only the message', undefined, 'Rate limit exceeded. Try again in 42 seconds.', '42'],
    ['neither header nor message', undefined, undefined, '60'],
    ['an unparsable header and message', { 'Retry-After': 'soon' }, 'Slow down', '60'],
    [
      'an HTTP-date header (as seconds from the upstream Date)',
      { 'Retry-After': 'Wed, 01 Jan 2031 00:01:30 GMT', Date: 'Wed, 01 Jan 2031 00:00:00 GMT' },
      undefined,
      '90',
    ],
  ])(
    'should answer 429 rate_limited with Retry-After given %s',
    async (_, headers, message, expected) => {
      const { get, log } = setup({ responders: [upstreamError(429, message, headers)] });
      const response = await get();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe(expected);
      expect((await errorOf(response)).code).toBe('rate_limited');
      expect(log.calls[0]?.level).toBe('warn');
    },
  );
});

describe('given the upstream cannot be reached', () => {
  it('should answer 502 upstream_unreachable on a network failure', async () => {
    const { get, log } = setup({
      responders: [
        () =>
          Promise.reject(
            new TypeError('fetch failed', {
              cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
            }),
          ),
      ],
    });
    const response = await get();
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('upstream_unreachable');
    expect(log.text()).toContain('ECONNREFUSED');
  });
});

describe('given an upstream that hangs', () => {
  it('should answer 504 upstream_timeout after 10 s and abort the upstream call', async () => {
    vi.useFakeTimers();
    const { get, upstream } = setup({ responders: [hang] });
    let settled: Response | undefined;
    const pending = get().then((response) => (settled = response));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    const response = await pending;
    expect(response.status).toBe(504);
    expect((await errorOf(response)).code).toBe('upstream_timeout');
    expect(upstream.calls[0]?.signal?.aborted).toBe(true);
  });

  it('should time out even when a custom fetch ignores its signal', async () => {
    vi.useFakeTimers();
    const { get } = setup({
      timeoutMs: 2_000,
      responders: [() => new Promise<Response>(() => {})],
    });
    const pending = get();
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await pending).status).toBe(504);
  });

  it('should time out when the headers arrive but the body never ends', async () => {
    vi.useFakeTimers();
    const { get } = setup({
      responders: [() => new Response(new ReadableStream({ start: () => undefined }))],
    });
    const pending = get();
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).status).toBe(504);
  });

  it('should not cache a timeout: the next request calls again', async () => {
    vi.useFakeTimers();
    const { get, upstream } = setup({ responders: [hang, mint()] });
    const pending = get();
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).status).toBe(504);
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('given a 200 that does not carry a usable token', () => {
  it.each([
    ['an HTML page', () => new Response('<html><body>Bad gateway</body></html>', { status: 200 })],
    ['an empty body', () => new Response('', { status: 200 })],
    ['JSON without data', () => Response.json({ code: 'RESPONSE_SUCCESS' })],
    ['JSON without data.token', () => Response.json({ code: 'RESPONSE_SUCCESS', data: {} })],
    ['a numeric token', () => tokenEnvelope(12345)],
    ['an empty token', () => tokenEnvelope('')],
    ['a token that is not a JWT', () => tokenEnvelope('opaque-token-value')],
    ['a JWT-shaped token with a non-JSON payload', () => tokenEnvelope('abc.def.ghi')],
    ['a JWE (five parts)', () => tokenEnvelope('a.b.c.d.e')],
    ['a token expiring before it is issued', () => tokenEnvelope(makeJwt({ iat: 100, exp: 100 }))],
  ])('should answer 502 bad_upstream_response for %s', async (_, responder) => {
    const { get, log, upstream } = setup({ responders: [responder, mint()] });
    const response = await get();
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('bad_upstream_response');
    expect(log.calls[0]?.level).toBe('error');
    expect(log.text()).not.toContain('opaque-token-value');
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('given secrets and tokens', () => {
  const leakyToken = makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat: 1, exp: 0 });
  const scenarios: [string, Responder][] = [
    ['success', mint()],
    ['403', upstreamError(403, 'Forbidden')],
    ['400', upstreamError(400, 'Tenant ID is required')],
    ['401', upstreamError(401)],
    ['429', upstreamError(429, 'Rate limit exceeded. Try again in 60 seconds.')],
    ['500', upstreamError(500, 'Internal server error')],
    ['network failure', () => Promise.reject(new TypeError('fetch failed'))],
    ['not a JWT', () => tokenEnvelope('SECRET-LOOKING-OPAQUE-TOKEN')],
    ['expired-on-arrival JWT', () => tokenEnvelope(leakyToken)],
    ['an error echoing the secret', () => Promise.reject(new Error(`bad header ${API_SECRET}`))],
  ];

  it.each(scenarios)(
    'should keep the key, the secret and the token out of responses and logs (%s)',
    async (_, responder) => {
      const { get, log } = setup({ responders: [responder] });
      const response = await get();
      const text = await response.text();
      const headers = JSON.stringify([...response.headers]);
      const logs = log.text();
      for (const secret of [API_KEY, API_SECRET]) {
        expect(text).not.toContain(secret);
        expect(headers).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
      expect(logs).not.toContain('SECRET-LOOKING-OPAQUE-TOKEN');
      expect(logs).not.toContain(leakyToken);
      if (response.status === 200) {
        const token = (JSON.parse(text) as { token: string }).token;
        expect(logs).not.toContain(token);
      } else {
        expect(text).not.toContain('SECRET-LOOKING-OPAQUE-TOKEN');
        expect(text).not.toContain(leakyToken.split('.')[1]);
      }
    },
  );

  it('should redact a secret that reaches the log through a custom fetch error', async () => {
    const { get, log } = setup({
      responders: [() => Promise.reject(new Error(`bad header ${API_SECRET}`))],
    });
    await get();
    expect(log.text()).toContain('[redacted]');
  });
});

describe('given a client that aborts its request', () => {
  it('should end only that request and keep the shared upstream call for the others', async () => {
    const gate = deferred<undefined>();
    const { get, upstream } = setup({
      responders: [
        async (call, index) => {
          await gate.promise;
          return mint()(call, index);
        },
      ],
    });
    const controller = new AbortController();
    const leaving = get(undefined, { signal: controller.signal });
    const staying = get();
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    const left = await leaving;
    expect(left.status).toBe(499);
    expect(upstream.calls[0]?.signal?.aborted).toBe(false);
    gate.resolve(undefined);
    const stayed = await staying;
    expect(stayed.status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    // the token fetched meanwhile was cached for later requests
    await get();
    expect(upstream.calls).toHaveLength(1);
  });

  it('should not call upstream for a request that arrives already aborted', async () => {
    const { get, upstream } = setup();
    const response = await get(undefined, { signal: AbortSignal.abort() });
    expect(response.status).toBe(499);
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('given the logger option', () => {
  it('should log errors to console.error by default', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { get } = setup({ logger: undefined, responders: [upstreamError(403, 'Forbidden')] });
    await get();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/^\[zipteams\/server\] .*API key\/secret/);
  });

  it('should log nothing when logger is false', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { get } = setup({
      logger: false,
      responders: [upstreamError(403, 'Forbidden'), upstreamError(500)],
    });
    await get();
    await get();
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('should warn at creation when the secret would travel over plain http', () => {
    const { log } = setup({ baseUrl: 'http://zipteams.internal' });
    expect(log.calls[0]?.level).toBe('warn');
    expect(log.text()).toMatch(/plain http/);
  });
});
