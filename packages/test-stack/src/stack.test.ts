import type { MockPlatformOptions } from '@zipteams/mock';
import { MOCK_DEFAULTS } from '@zipteams/mock';
import { startStack } from './stack.js';
import type { TokenHandlerLogger, TokenHandlerOptions } from '@zipteams/server';
import { inspect } from 'node:util';
import { decodeJwt, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';

/** The handler's log lines, kept for the assertions. */
function captureLogger() {
  const calls: { level: 'warn' | 'error'; args: unknown[] }[] = [];
  const logger: TokenHandlerLogger = {
    warn: (...args) => void calls.push({ level: 'warn', args }),
    error: (...args) => void calls.push({ level: 'error', args }),
  };
  const text = () => calls.map((call) => inspect(call.args, { depth: 10 })).join('\n');
  return { logger, calls, text };
}

/**
 * The whole chain over real HTTP on loopback:
 * fetch -> node:http -> toNodeHandler -> createTokenHandler -> fetch -> mock platform,
 * started by the test rig's `startStack`.
 * The partner "session" is a cookie naming the user; each user belongs to one tenant.
 */
const USERS: Record<string, { tenantId: string; subTenantId: string }> = {
  alice: { tenantId: 'acme', subTenantId: 'sales' },
  bob: { tenantId: 'globex', subTenantId: 'support' },
  carol: { tenantId: 'a:b', subTenantId: 'c' },
  dave: { tenantId: 'a', subTenantId: 'b:c' },
};

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface RigOptions {
  mock?: MockPlatformOptions;
  handler?: Partial<TokenHandlerOptions>;
}

async function startRig({ mock: mockOptions = {}, handler: handlerOptions = {} }: RigOptions = {}) {
  const log = captureLogger();
  let resolved = 0;
  const stack = await startStack({
    mock: { rateLimitPerMinute: MOCK_DEFAULTS.rateLimitPerMinute, ...mockOptions },
    partner: {
      logger: log.logger,
      resolveTenant: (request) => {
        resolved += 1;
        const user = /(?:^|;\s*)user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
        return (user && USERS[user]) || null;
      },
      ...handlerOptions,
    },
  });
  cleanups.push(() => stack.close());
  const requestToken = (user?: string) =>
    fetch(stack.tokenUrl, { headers: user ? { cookie: `user=${user}` } : {} });
  return { mock: stack.mock, log, requestToken, resolvedCount: () => resolved };
}

async function readToken(response: Response) {
  return (await response.json()) as { token: string; expiresIn: number; expiresAt: string };
}

async function readError(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

function expectNoSecrets(...texts: string[]) {
  for (const text of texts) {
    expect(text).not.toContain(MOCK_DEFAULTS.apiSecret);
    expect(text).not.toContain(MOCK_DEFAULTS.apiKey);
  }
}

describe('given the partner handler in front of the mock platform', () => {
  it('should hand out a genuine token for the signed-in user’s tenant', async () => {
    const { mock, log, requestToken } = await startRig();
    const response = await requestToken('alice');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await readToken(response);

    expect(decodeJwt(body.token)).toMatchObject({ tenantId: 'acme', subTenantId: 'sales' });
    const { payload } = await jwtVerify(
      body.token,
      new TextEncoder().encode(MOCK_DEFAULTS.signingSecret),
    );
    expect(payload['exp']! - payload['iat']!).toBe(86_400);
    expect(body.expiresIn).toBeGreaterThan(86_390);
    expect(body.expiresIn).toBeLessThanOrEqual(86_400);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(86_390_000);

    // The token opens the mock's dashboard page.
    const page = await fetch(`${mock.url}/view-insights?token=${body.token}`);
    expect(page.status).toBe(200);
    await page.text();

    expect(mock.platform.stats()).toMatchObject({ tokensMinted: 1, tokenRequests: 1 });
    expect(log.calls).toEqual([]);
    expectNoSecrets(JSON.stringify(body));
  });

  it('should answer 401 without calling the platform when nobody is signed in', async () => {
    const { mock, requestToken } = await startRig();
    const response = await requestToken();
    expect(response.status).toBe(401);
    expect((await readError(response)).code).toBe('unauthenticated');
    expect(mock.platform.stats().tokenRequests).toBe(0);
  });

  it('should serve the cached token to the same tenant and a different one to another', async () => {
    const { mock, requestToken } = await startRig();
    const tokens: Record<string, string> = {};
    for (const user of ['alice', 'bob', 'carol', 'dave', 'alice', 'bob', 'carol', 'dave']) {
      const { token } = await readToken(await requestToken(user));
      expect(decodeJwt(token)).toMatchObject(USERS[user]!);
      if (tokens[user]) expect(token).toBe(tokens[user]);
      tokens[user] = token;
    }
    expect(new Set(Object.values(tokens)).size).toBe(4);
    expect(mock.platform.stats()).toMatchObject({ tokensMinted: 4, tokenRequests: 4 });
  });

  it('should make exactly one upstream call for 200 concurrent requests on a cold cache', async () => {
    const { mock, requestToken, resolvedCount } = await startRig();
    // Hold the first token request at the platform until all 200 reached the handler.
    mock.platform.faults.set({ hang: true, count: 1 });
    const pending = Array.from({ length: 200 }, () => requestToken('alice'));
    while (resolvedCount() < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(mock.platform.stats().pending).toBe(1);
    mock.platform.faults.clear();

    const responses = await Promise.all(pending);
    const tokens = new Set(
      await Promise.all(responses.map(async (response) => (await readToken(response)).token)),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(tokens.size).toBe(1);
    expect(mock.platform.stats()).toMatchObject({ tokensMinted: 1, tokenRequests: 1 });
  });

  it('should share one upstream call among concurrent requests even with the cache off', async () => {
    const { mock, requestToken, resolvedCount } = await startRig({ handler: { cache: false } });
    mock.platform.faults.set({ hang: true, count: 1 });
    const pending = Array.from({ length: 50 }, () => requestToken('bob'));
    while (resolvedCount() < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    mock.platform.faults.clear();
    const responses = await Promise.all(pending);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(mock.platform.stats().tokenRequests).toBe(1);
    await requestToken('bob');
    expect(mock.platform.stats().tokenRequests).toBe(2);
  });

  it('should fetch exactly one fresh token once the cached one nears its expiry', async () => {
    let time = Date.UTC(2030, 0, 1);
    const now = () => time;
    const { mock, requestToken } = await startRig({
      mock: { tokenTtlSeconds: 600, now },
      handler: { now },
    });
    const first = await readToken(await requestToken('alice'));
    expect(first.expiresIn).toBe(600);
    time += 449_000;
    expect((await readToken(await requestToken('alice'))).token).toBe(first.token);
    time += 1_000; // 150 s (25% of 600 s) before the deadline
    const renewed = await Promise.all(Array.from({ length: 20 }, () => requestToken('alice')));
    const tokens = new Set(await Promise.all(renewed.map(async (r) => (await readToken(r)).token)));
    expect(tokens.size).toBe(1);
    expect(tokens.has(first.token)).toBe(false);
    expect(mock.platform.stats()).toMatchObject({ tokensMinted: 2, tokenRequests: 2 });
  });
});

describe('given the mock platform failing', () => {
  it('should answer 502 upstream_forbidden for wrong credentials and log it without secrets', async () => {
    const { mock, log, requestToken } = await startRig({
      mock: { apiKey: 'another-key', apiSecret: 'another-secret' },
    });
    const response = await requestToken('alice');
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'upstream_forbidden' } });
    expect(mock.platform.stats().byStatus).toEqual({ '403': 1 });
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]?.level).toBe('error');
    expect(log.text()).toMatch(/rejected the API key\/secret/);
    expectNoSecrets(text, log.text());
  });

  it('should answer 429 with the platform’s Retry-After', async () => {
    const { mock, requestToken } = await startRig();
    mock.platform.faults.set({ status: 429, retryAfterSeconds: 17 });
    const response = await requestToken('alice');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('17');
    expect((await readError(response)).code).toBe('rate_limited');
  });

  it('should answer 429 with Retry-After when the real rate limit is reached', async () => {
    const { requestToken } = await startRig({
      mock: { rateLimitPerMinute: 2 },
      handler: { cache: false },
    });
    expect((await requestToken('alice')).status).toBe(200);
    expect((await requestToken('alice')).status).toBe(200);
    const limited = await requestToken('alice');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it.each([500, 502, 503])(
    'should answer 502 upstream_error for a platform %i, and not cache it',
    async (status) => {
      const { mock, requestToken } = await startRig();
      mock.platform.faults.set({ status });
      const response = await requestToken('alice');
      expect(response.status).toBe(502);
      expect((await readError(response)).code).toBe('upstream_error');
      expect((await requestToken('alice')).status).toBe(200);
      expect(mock.platform.stats()).toMatchObject({ tokenRequests: 2, tokensMinted: 1 });
    },
  );

  it('should answer 502 bad_upstream_response for a malformed envelope', async () => {
    const { mock, requestToken } = await startRig();
    mock.platform.faults.set({ status: 200, body: '{"code":"RESPONSE_SUCCESS","data":{}}' });
    const response = await requestToken('alice');
    expect(response.status).toBe(502);
    expect((await readError(response)).code).toBe('bad_upstream_response');
  });

  it('should answer 504 upstream_timeout when the platform hangs past timeoutMs', async () => {
    const { mock, requestToken } = await startRig({ handler: { timeoutMs: 300 } });
    mock.platform.faults.set({ hang: true });
    const response = await requestToken('alice');
    expect(response.status).toBe(504);
    expect((await readError(response)).code).toBe('upstream_timeout');
    // the aborted upstream request released the platform's hold
    await expect.poll(() => mock.platform.stats().pending).toBe(0);
  });

  it('should answer 502 upstream_unreachable when nothing listens at baseUrl', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused.
    const { requestToken } = await startRig({ handler: { baseUrl: 'http://127.0.0.1:1' } });
    const response = await requestToken('alice');
    expect(response.status).toBe(502);
    expect((await readError(response)).code).toBe('upstream_unreachable');
  });
});
