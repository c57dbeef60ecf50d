import { describe, expect, it } from 'vitest';
import type { TokenHandlerOptions } from '../config/options.js';
import {
  InvalidTenantError,
  RequestAbortedError,
  TokenHandlerConfigError,
  UpstreamRateLimitError,
  UpstreamStatusError,
  UpstreamUnreachableError,
} from '../errors.js';
import { createTokenService } from './token-service.js';
import {
  API_KEY,
  API_SECRET,
  captureLogger,
  decodePayload,
  deferred,
  fakeUpstream,
  getRequest,
  mint,
  upstreamError,
} from '../test-utils/fake-upstream.js';
import type { Responder } from '../test-utils/fake-upstream.js';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);
const ACME = { tenantId: 'acme', subTenantId: 'sales' };

function setup(responders: Responder[] = [], options: Partial<TokenHandlerOptions> = {}) {
  const upstream = fakeUpstream(...responders);
  const log = captureLogger();
  let time = START;
  const service = createTokenService({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    // The browser's session, standing in for a cookie.
    resolveTenant: (request) => (request.headers.get('x-user') === 'ana' ? ACME : null),
    fetch: upstream.fetch,
    logger: log.logger,
    now: () => time,
    ...options,
  });
  const browserGet = () => service.handler(getRequest(undefined, { headers: { 'x-user': 'ana' } }));
  const advance = (seconds: number) => {
    time += seconds * 1000;
  };
  return { service, upstream, log, browserGet, advance };
}

describe('createTokenService', () => {
  it("should resolve getToken to exactly the handler's 200 body, from one cache", async () => {
    const { service, upstream, browserGet, advance } = setup([mint(86_400)]);
    const rendered = await service.getToken(ACME);
    expect(Object.keys(rendered).sort()).toEqual(['expiresAt', 'expiresIn', 'token']);
    expect(decodePayload(rendered.token)).toMatchObject(ACME);
    expect(rendered.expiresIn).toBe(86_400);
    expect(rendered.expiresAt).toBe(new Date(START + 86_400_000).toISOString());

    // The browser's first request, a minute later, gets the same token from the cache.
    advance(60);
    const response = await browserGet();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      token: rendered.token,
      expiresIn: 86_400 - 60,
      expiresAt: rendered.expiresAt,
    });
    expect(upstream.calls).toHaveLength(1);
  });

  it('should share one upstream call between concurrent renders and browser requests', async () => {
    const gate = deferred<undefined>();
    const { service, upstream, browserGet } = setup([
      async (call, index) => {
        await gate.promise;
        return mint()(call, index);
      },
    ]);
    const renders = Array.from({ length: 20 }, () => service.getToken(ACME));
    const requests = Array.from({ length: 20 }, browserGet);
    gate.resolve(undefined);
    const tokens = new Set((await Promise.all(renders)).map((body) => body.token));
    for (const response of await Promise.all(requests)) {
      tokens.add(((await response.json()) as { token: string }).token);
    }
    expect(tokens.size).toBe(1);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should keep tenants apart', async () => {
    const { service, upstream } = setup();
    const acme = await service.getToken(ACME);
    const globex = await service.getToken({ tenantId: 'globex', subTenantId: 'sales' });
    expect(decodePayload(globex.token)).toMatchObject({ tenantId: 'globex' });
    expect(globex.token).not.toBe(acme.token);
    expect(upstream.calls.map((call) => call.headers['x-tenant-id'])).toEqual(['acme', 'globex']);
  });

  it('should keep the handler working as createTokenHandler does', async () => {
    const { service } = setup();
    const anonymous = await service.handler(getRequest());
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const head = await service.handler(getRequest(undefined, { method: 'HEAD' }));
    expect(head.status).toBe(405);
  });

  it.each([
    ['null', null],
    ['a string', 'acme'],
    ['an empty subTenantId', { tenantId: 'acme', subTenantId: '' }],
    ['a CR/LF in the id', { tenantId: 'acme\r\nx-api-key: evil', subTenantId: 'sales' }],
    ['a number', { tenantId: 42, subTenantId: 'sales' }],
  ])('should reject %s with InvalidTenantError and no upstream call', async (_name, tenant) => {
    const { service, upstream } = setup();
    const failure = await service.getToken(tenant as never).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidTenantError);
    expect(failure).toMatchObject({ code: 'invalid_tenant', status: 500 });
    expect((failure as Error).message).toMatch(/^getToken/);
    expect((failure as Error).message).not.toContain('evil');
    expect(upstream.calls).toHaveLength(0);
  });

  it.each([
    [
      'Zipteams rejecting the credentials',
      upstreamError(403, 'Forbidden'),
      UpstreamStatusError,
      { code: 'upstream_forbidden', status: 502 },
    ],
    [
      'a Zipteams rate limit',
      upstreamError(429, 'Rate limit exceeded. Try again in 60 seconds.', { 'Retry-After': '17' }),
      UpstreamRateLimitError,
      { code: 'rate_limited', status: 429, retryAfter: '17' },
    ],
    [
      'Zipteams unreachable',
      () => Promise.reject(new TypeError('fetch failed')),
      UpstreamUnreachableError,
      { code: 'upstream_unreachable', status: 502 },
    ],
  ])(
    'should reject on %s with the typed error the handler would answer with',
    async (_name, responder, type, fields) => {
      const { service, browserGet, log } = setup([responder]);
      const failure = await service.getToken(ACME).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(type);
      expect(failure).toMatchObject(fields);
      const response = await browserGet();
      expect(response.status).toBe(fields.status);
      expect(await response.json()).toMatchObject({ error: { code: fields.code } });
      for (const text of [(failure as Error).message, log.text()]) {
        expect(text).not.toContain(API_SECRET);
        expect(text).not.toContain(API_KEY);
      }
    },
  );

  it("should end only the caller's wait when its signal aborts", async () => {
    const gate = deferred<undefined>();
    const { service, upstream } = setup([
      async (call, index) => {
        await gate.promise;
        return mint()(call, index);
      },
    ]);
    const abort = new AbortController();
    const waiting = service.getToken(ACME, { signal: abort.signal });
    const other = service.getToken(ACME);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError);
    gate.resolve(undefined);
    expect(decodePayload((await other).token)).toMatchObject(ACME);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should refuse bad options like createTokenHandler', () => {
    expect(() =>
      createTokenService({ apiKey: '', apiSecret: API_SECRET, resolveTenant: () => null }),
    ).toThrow(TokenHandlerConfigError);
  });
});
