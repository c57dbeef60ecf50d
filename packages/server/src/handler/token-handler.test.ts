import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenHandlerConfigError } from '../errors.js';
import { createTokenHandler } from './token-handler.js';
import type { Tenant } from './tenant.js';
import {
  API_KEY,
  API_SECRET,
  decodePayload,
  getRequest,
  makeJwt,
  mint,
  tokenEnvelope,
} from '../test-utils/fake-upstream.js';
import type { TokenHandlerOptions } from '../config/options.js';
import { DAY, START, body, errorOf, setup } from '../test-utils/handler-setup.js';

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
