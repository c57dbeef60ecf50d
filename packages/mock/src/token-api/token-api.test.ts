import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { MOCK_DEFAULTS } from '../options.js';
import { createMockPlatform, TOKEN_API_PATH } from '../platform.js';
import { BASE_URL, get, manualClock, requestToken, tokenRequest } from '../test-utils/requests.js';

const FORBIDDEN = '{"success":false,"message":"Forbidden"}';
const TENANT_REQUIRED = '{"success":false,"message":"Tenant ID is required"}';
const SUBTENANT_REQUIRED = '{"success":false,"message":"Subtenant ID is required"}';
const RATE_LIMITED = '{"success":false,"message":"Rate limit exceeded. Try again in 60 seconds."}';
const SERVER_ERROR = '{"success":false,"message":"Internal server error"}';
const NOT_FOUND = '{"success":false,"message":"Not found"}';

describe('given a request with all four valid headers', () => {
  it('should answer 200 with exactly the documented envelope around a JWT', async () => {
    const platform = createMockPlatform();

    const response = await platform(tokenRequest());
    const text = await response.text();

    expect(response.status).toBe(200);
    const token = (JSON.parse(text) as { data: { token: string } }).data.token;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(text).toBe(
      `{"code":"RESPONSE_SUCCESS","message":"Request served successfully.","type":"object","data":{"token":"${token}"}}`,
    );
  });

  it('should send JSON and forbid caching', async () => {
    const response = await createMockPlatform()(tokenRequest());

    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('should not send CORS headers, since the API is for servers only', async () => {
    const response = await createMockPlatform()(tokenRequest());

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should accept a trailing slash on the path', async () => {
    const response = await createMockPlatform()(
      new Request(`${BASE_URL}${TOKEN_API_PATH}/`, { headers: tokenRequest().headers }),
    );

    expect(response.status).toBe(200);
  });

  it('should accept the credentials given in the options', async () => {
    const platform = createMockPlatform({ apiKey: 'key-1', apiSecret: 'secret-1' });

    const accepted = await platform(
      tokenRequest({ 'x-api-key': 'key-1', 'x-api-secret': 'secret-1' }),
    );
    const refused = await platform(tokenRequest());

    expect(accepted.status).toBe(200);
    expect(refused.status).toBe(403);
  });
});

describe('given the token it mints', () => {
  it('should be an HS256 JWT with the documented claims in the documented order', async () => {
    const clock = manualClock(1_700_000_000_500);
    const platform = createMockPlatform({ now: clock.now });

    const token = await requestToken(platform);
    const [, payload = ''] = token.split('.');

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Buffer.from(payload, 'base64url').toString()).toBe(
      '{"tenantId":"acme","subTenantId":"sales-west","iat":1700000000,"exp":1700086400}',
    );
  });

  it('should expire iat + tokenTtlSeconds, with iat from the injected clock', async () => {
    const clock = manualClock(1_800_000_000_000);
    const platform = createMockPlatform({ now: clock.now, tokenTtlSeconds: 90 });

    const claims = decodeJwt(await requestToken(platform));

    expect(claims.iat).toBe(1_800_000_000);
    expect(claims.exp).toBe(1_800_000_090);
  });

  it('should carry the tenant and subtenant of the request', async () => {
    const platform = createMockPlatform();

    const claims = decodeJwt(
      await requestToken(platform, { 'x-tenant-id': 'globex', 'x-sub-tenant-id': 'support' }),
    );

    expect(claims).toMatchObject({ tenantId: 'globex', subTenantId: 'support' });
  });

  it('should verify with the default signing secret', async () => {
    const clock = manualClock();
    const token = await requestToken(createMockPlatform({ now: clock.now }));

    const { payload } = await jwtVerify(
      token,
      new TextEncoder().encode(MOCK_DEFAULTS.signingSecret),
      {
        currentDate: new Date(clock.now()),
      },
    );

    expect(payload.tenantId).toBe('acme');
  });

  it('should verify with a custom signing secret and not with the default one', async () => {
    const clock = manualClock();
    const token = await requestToken(
      createMockPlatform({ now: clock.now, signingSecret: 'another-secret' }),
    );
    const options = { currentDate: new Date(clock.now()) };

    await expect(
      jwtVerify(token, new TextEncoder().encode('another-secret'), options),
    ).resolves.toBeDefined();
    await expect(
      jwtVerify(token, new TextEncoder().encode(MOCK_DEFAULTS.signingSecret), options),
    ).rejects.toThrow();
  });
});

describe('given wrong or missing credentials', () => {
  it.each([
    ['a wrong key', { 'x-api-key': 'nope' }],
    ['a wrong secret', { 'x-api-secret': 'nope' }],
    ['no key', { 'x-api-key': undefined }],
    ['no secret', { 'x-api-secret': undefined }],
    ['an empty key', { 'x-api-key': '' }],
    [
      'the key and secret swapped',
      { 'x-api-key': 'dev-api-secret', 'x-api-secret': 'dev-api-key' },
    ],
  ])('should answer 403 Forbidden for %s', async (_, overrides) => {
    const response = await createMockPlatform()(tokenRequest(overrides));

    expect(response.status).toBe(403);
    expect(await response.text()).toBe(FORBIDDEN);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('should check credentials before the tenant headers', async () => {
    const response = await createMockPlatform()(
      tokenRequest({
        'x-api-key': undefined,
        'x-tenant-id': undefined,
        'x-sub-tenant-id': undefined,
      }),
    );

    expect(response.status).toBe(403);
    expect(await response.text()).toBe(FORBIDDEN);
  });
});

describe('given valid credentials but missing tenant headers', () => {
  it('should answer 400 Tenant ID is required without x-tenant-id', async () => {
    const response = await createMockPlatform()(tokenRequest({ 'x-tenant-id': undefined }));

    expect(response.status).toBe(400);
    expect(await response.text()).toBe(TENANT_REQUIRED);
  });

  it('should answer 400 Subtenant ID is required without x-sub-tenant-id', async () => {
    const response = await createMockPlatform()(tokenRequest({ 'x-sub-tenant-id': undefined }));

    expect(response.status).toBe(400);
    expect(await response.text()).toBe(SUBTENANT_REQUIRED);
  });

  it('should report the tenant first when both are missing', async () => {
    const response = await createMockPlatform()(
      tokenRequest({ 'x-tenant-id': undefined, 'x-sub-tenant-id': undefined }),
    );

    expect(await response.text()).toBe(TENANT_REQUIRED);
  });

  it('should treat an empty or blank header as missing', async () => {
    const platform = createMockPlatform();

    const emptyTenant = await platform(tokenRequest({ 'x-tenant-id': '' }));
    const blankSubTenant = await platform(tokenRequest({ 'x-sub-tenant-id': '   ' }));

    expect(await emptyTenant.text()).toBe(TENANT_REQUIRED);
    expect(await blankSubTenant.text()).toBe(SUBTENANT_REQUIRED);
  });
});

describe('given more than rateLimitPerMinute requests in a minute', () => {
  it('should answer the 121st request with 429, the documented body and Retry-After', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now });
    for (let i = 0; i < 120; i += 1) {
      expect((await platform(tokenRequest())).status).toBe(200);
      clock.advance(100);
    }

    const response = await platform(tokenRequest());

    expect(response.status).toBe(429);
    expect(await response.text()).toBe(RATE_LIMITED);
    expect(response.headers.get('retry-after')).toBe('48');
  });

  it('should give Retry-After as the seconds left in the window, rounded up', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: 2 });
    await platform(tokenRequest());
    await platform(tokenRequest());

    clock.advance(30_500);
    const halfway = await platform(tokenRequest());
    clock.advance(29_000);
    const lastSecond = await platform(tokenRequest());

    expect(halfway.headers.get('retry-after')).toBe('30');
    expect(lastSecond.headers.get('retry-after')).toBe('1');
  });

  it('should serve tokens again once the window has passed', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: 2 });
    await platform(tokenRequest());
    await platform(tokenRequest());
    expect((await platform(tokenRequest())).status).toBe(429);

    clock.advance(60_000);

    expect((await platform(tokenRequest())).status).toBe(200);
  });

  it('should count requests that end in 400, but not those refused with 403', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: 2 });
    for (let i = 0; i < 5; i += 1) await platform(tokenRequest({ 'x-api-secret': 'wrong' }));
    await platform(tokenRequest({ 'x-tenant-id': undefined }));

    const second = await platform(tokenRequest());
    const third = await platform(tokenRequest());

    expect(second.status).toBe(200);
    expect(third.status).toBe(429);
  });

  it('should still answer 403 to wrong credentials while the key is limited', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: 1 });
    await platform(tokenRequest());

    const response = await platform(tokenRequest({ 'x-api-secret': 'wrong' }));

    expect(await response.text()).toBe(FORBIDDEN);
  });

  it('should never limit when rateLimitPerMinute is Infinity', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: Infinity });
    const statuses = new Set<number>();

    for (let i = 0; i < 150; i += 1) statuses.add((await platform(tokenRequest())).status);

    expect([...statuses]).toEqual([200]);
  });
});

describe('given the platform fails while minting', () => {
  it('should answer 500 with the documented body', async () => {
    const platform = createMockPlatform({ now: () => Number.NaN });

    const response = await platform(tokenRequest());

    expect(response.status).toBe(500);
    expect(await response.text()).toBe(SERVER_ERROR);
  });
});

describe('given a wrong method or an unknown path', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
    'should answer %s on the token path with 404 Not found',
    async (method) => {
      const response = await createMockPlatform()(tokenRequest({}, { method }));

      expect(response.status).toBe(404);
      expect(await response.text()).toBe(NOT_FOUND);
    },
  );

  it.each(['/api/v1/partner/dashboard/auth', '/api/v2/partner/dashboard/auth/token', '/nope'])(
    'should answer GET %s with 404 Not found',
    async (path) => {
      const response = await createMockPlatform()(get(path));

      expect(response.status).toBe(404);
      expect(await response.text()).toBe(NOT_FOUND);
    },
  );

  it('should not count them as token requests', async () => {
    const platform = createMockPlatform();

    await platform(tokenRequest({}, { method: 'POST' }));

    expect(platform.stats().tokenRequests).toBe(0);
  });
});

describe('given mintToken()', () => {
  it('should sign the same claims as the API without counting a request', async () => {
    const clock = manualClock(1_750_000_000_000);
    const platform = createMockPlatform({ now: clock.now, tokenTtlSeconds: 60 });

    const claims = decodeJwt(await platform.mintToken('t', 's'));

    expect(claims).toEqual({
      tenantId: 't',
      subTenantId: 's',
      iat: 1_750_000_000,
      exp: 1_750_000_060,
    });
    expect(platform.stats().tokensMinted).toBe(0);
  });
});
