import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachedToken, TokenCache } from '../supply/token-cache.js';
import { createMemoryCache } from '../supply/memory-cache.js';
import type { Tenant } from './tenant.js';
import {
  decodePayload,
  deferred,
  makeJwt,
  mint,
  upstreamError,
} from '../test-utils/fake-upstream.js';
import { DAY, START, body, setup } from '../test-utils/handler-setup.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
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

  it('should honour a configured refreshMarginMs', async () => {
    const { get, advance, upstream } = setup({ refreshMarginMs: 3_600_000 });
    await get();
    advance(DAY - 3601);
    await get();
    expect(upstream.calls).toHaveLength(1);
    advance(1);
    await get();
    expect(upstream.calls).toHaveLength(2);
  });

  it('should not cache a token whose lifetime is within the margin, yet serve it', async () => {
    const { get, upstream } = setup({ responders: [mint(60)], refreshMarginMs: 120_000 });
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
