// The handler's options read the same everywhere: durations in ms (the 0.1 names in seconds kept
// as deprecated aliases), one named limit per wait, and the timers they run on injected.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenHandlerConfigError } from '../errors.js';
import { createTokenHandler } from '../handler/token-handler.js';
import type { TokenHandlerOptions } from './options.js';
import type { UpstreamLimit, UpstreamLimitInSeconds } from '../budget/upstream-budget.js';
import { createMemoryCache } from '../supply/memory-cache.js';
import {
  API_KEY,
  API_SECRET,
  captureLogger,
  deferred,
  fakeUpstream,
  hang,
  mint,
} from '../test-utils/fake-upstream.js';
import { DAY, START, errorOf, setup } from '../test-utils/handler-setup.js';
import { manualTimers } from '../test-utils/manual-timers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const base = { apiKey: API_KEY, apiSecret: API_SECRET, resolveTenant: () => null };

describe('given a refresh margin', () => {
  /** The upstream calls after a day minus `left` seconds, then one second later. */
  async function callsAround(options: Partial<TokenHandlerOptions>, left: number) {
    const { get, advance, upstream, log } = setup(options);
    await get();
    advance(DAY - left - 1);
    await get();
    const before = upstream.calls.length;
    advance(1);
    await get();
    return { before, after: upstream.calls.length, log };
  }

  it('should take refreshMarginMs in milliseconds', async () => {
    const { before, after, log } = await callsAround({ refreshMarginMs: 3_600_000 }, 3600);
    expect([before, after]).toEqual([1, 2]);
    expect(log.calls).toEqual([]);
  });

  it('should still take the deprecated refreshMarginSeconds, with a warning', async () => {
    const { before, after, log } = await callsAround({ refreshMarginSeconds: 3600 }, 3600);
    expect([before, after]).toEqual([1, 2]);
    expect(log.calls).toHaveLength(1);
    expect(log.text()).toMatch(/refreshMarginSeconds is deprecated: pass refreshMarginMs/);
  });

  it('should refuse both names at once', () => {
    expect(() =>
      createTokenHandler({ ...base, refreshMarginMs: 1_000, refreshMarginSeconds: 1 }),
    ).toThrow(/refreshMarginMs or the deprecated refreshMarginSeconds, not both/);
  });
});

describe('given an upstream limit', () => {
  /** How long the third new tenant waits under a limit of two calls per window. */
  async function thirdWait(upstreamLimit: TokenHandlerOptions['upstreamLimit']) {
    const clock = manualTimers();
    const { get, upstream, log } = setup({ upstreamLimit, ...clock });
    await Promise.all([
      get({ tenantId: 'a', subTenantId: 's' }),
      get({ tenantId: 'b', subTenantId: 's' }),
    ]);
    const third = get({ tenantId: 'c', subTenantId: 's' });
    await clock.advance(0);
    expect(upstream.calls).toHaveLength(2);
    const wait = clock.pending().at(-1);
    await clock.advance(wait ?? 0);
    expect((await third).status).toBe(200);
    return { wait, log };
  }

  it('should take intervalMs in milliseconds', async () => {
    const { wait, log } = await thirdWait({ requests: 2, intervalMs: 2_000 });
    // One interval plus the 250 ms spacing after the first call.
    expect(wait).toBe(2_250);
    expect(log.calls).toEqual([]);
  });

  it('should still take the deprecated intervalSeconds, with a warning', async () => {
    const { wait, log } = await thirdWait({ requests: 2, intervalSeconds: 2 });
    expect(wait).toBe(2_250);
    expect(log.text()).toMatch(/upstreamLimit.intervalSeconds is deprecated: pass intervalMs/);
  });

  it('should hand a custom budget the window in ms, and in seconds for one written for 0.1', () => {
    const given: UpstreamLimit[] = [];
    const memory = createMemoryCache();
    createTokenHandler({
      ...base,
      upstreamLimit: { requests: 5, intervalMs: 2_000 },
      cache: {
        get: (key) => memory.get(key),
        set: (key, value, ttl) => memory.set(key, value, ttl),
        delete: (key) => memory.delete(key),
        upstreamBudget(limit) {
          given.push(limit);
          return {
            reserve: async () => ({ granted: true, waitMs: 0 }),
            pause: async () => undefined,
          };
        },
      },
    });
    expect(given).toEqual([{ requests: 5, intervalMs: 2_000 }]);
    expect((given[0] as unknown as UpstreamLimitInSeconds).intervalSeconds).toBe(2);
  });

  it('should refuse both names at once', () => {
    expect(() =>
      createTokenHandler({
        ...base,
        upstreamLimit: { requests: 1, intervalMs: 1_000, intervalSeconds: 1 } as never,
      }),
    ).toThrow(/intervalMs or the deprecated intervalSeconds, not both/);
  });
});

describe('given the named time limits', () => {
  it.each([
    ['resolveTenantTimeoutMs', { resolveTenantTimeoutMs: 0 }],
    ['upstreamTimeoutMs', { upstreamTimeoutMs: -1 }],
    ['budgetWaitMs', { budgetWaitMs: Number.NaN }],
    ['cacheTimeoutMs', { cacheTimeoutMs: 2 ** 31 }],
  ])('should name %s when it is not a usable number of ms', (name, override) => {
    const create = () => createTokenHandler({ ...base, ...override });
    expect(create).toThrow(TokenHandlerConfigError);
    expect(create).toThrow(new RegExp(`${name} must be a positive number of milliseconds`));
  });

  it('should end a hanging resolveTenant after resolveTenantTimeoutMs, not timeoutMs', async () => {
    const clock = manualTimers();
    const handler = createTokenHandler({
      ...base,
      ...clock,
      logger: false,
      timeoutMs: 60_000,
      resolveTenantTimeoutMs: 500,
      resolveTenant: () => new Promise(() => undefined),
    });
    const answer = handler(new Request('https://partner.example/token'));
    await clock.advance(499);
    let settled = false;
    void answer.then(() => (settled = true));
    await clock.advance(0);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect((await errorOf(await answer)).code).toBe('tenant_resolution_failed');
  });

  it('should end a hanging upstream after upstreamTimeoutMs, not timeoutMs', async () => {
    const clock = manualTimers();
    const { get } = setup({
      ...clock,
      responders: [hang],
      timeoutMs: 60_000,
      upstreamTimeoutMs: 700,
    });
    const answer = get();
    await clock.advance(700);
    expect((await errorOf(await answer)).code).toBe('upstream_timeout');
  });

  it('should refuse a budget slot beyond budgetWaitMs at once, whatever timeoutMs says', async () => {
    const clock = manualTimers();
    const { get, upstream } = setup({
      ...clock,
      upstreamLimit: { requests: 1, intervalMs: 1_000 },
      timeoutMs: 60_000,
      budgetWaitMs: 1_000,
    });
    await get({ tenantId: 'a', subTenantId: 's' });
    const refused = await get({ tenantId: 'b', subTenantId: 's' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(upstream.calls).toHaveLength(1);
  });

  it('should bound each cache operation by cacheTimeoutMs', async () => {
    const clock = manualTimers();
    const never = () => new Promise<never>(() => undefined);
    const { get, upstream, log } = setup({
      ...clock,
      cache: { get: never, set: never, delete: never },
      cacheTimeoutMs: 50,
    });
    const answer = get();
    await clock.advance(50);
    await clock.advance(50);
    expect((await answer).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    expect(log.text()).toMatch(/did not answer within 50 ms/);
  });

  it('should use timeoutMs for every limit not named', async () => {
    const clock = manualTimers();
    const { get } = setup({ ...clock, responders: [hang], timeoutMs: 300 });
    const answer = get();
    await clock.advance(300);
    expect((await errorOf(await answer)).code).toBe('upstream_timeout');
    // And the cache's limit is the smaller of timeoutMs and 1 s.
    expect(clock.setTimeouts).toContain(300);
  });
});

describe('given injected timers', () => {
  it('should wait on them alone, never on the global setTimeout', async () => {
    const clock = manualTimers();
    const gate = deferred<undefined>();
    const upstream = fakeUpstream(async (call, index) => {
      await gate.promise;
      return mint(86_400, Math.floor(START / 1000))(call, index);
    });
    const globalSetTimeout = vi.spyOn(globalThis, 'setTimeout');
    const handler = createTokenHandler({
      ...base,
      ...clock,
      fetch: upstream.fetch,
      logger: captureLogger().logger,
      resolveTenant: async () => ({ tenantId: 'acme', subTenantId: 'sales' }),
      upstreamLimit: { requests: 1, intervalMs: 1_000 },
    });
    const first = handler(new Request('https://partner.example/token'));
    await clock.advance(0);
    gate.resolve(undefined);
    expect((await first).status).toBe(200);
    expect(clock.setTimeouts.length).toBeGreaterThan(0);
    expect(globalSetTimeout).not.toHaveBeenCalled();
  });

  it('should refuse timers without setTimeout and clearTimeout', () => {
    expect(() => createTokenHandler({ ...base, timers: {} as never })).toThrow(
      /timers must have setTimeout and clearTimeout/,
    );
  });
});
