import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenHandlerOptions } from '../config/options.js';
import { TokenHandlerConfigError } from '../errors.js';
import { createTokenHandler } from '../handler/token-handler.js';
import {
  API_KEY,
  API_SECRET,
  captureLogger,
  fakeUpstream,
  mint,
  upstreamError,
} from '../test-utils/fake-upstream.js';
import type { Responder } from '../test-utils/fake-upstream.js';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);

/** A handler with the default memory cache (so a per-process budget), on fake timers. */
function setup(options: Partial<TokenHandlerOptions> = {}, ...responders: Responder[]) {
  vi.useFakeTimers({ now: START });
  const iat = Math.floor(START / 1000);
  const upstream = fakeUpstream(...(responders.length ? responders : [mint(86_400, iat)]));
  const log = captureLogger();
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    resolveTenant: (request) => ({
      tenantId: new URL(request.url).searchParams.get('tenant') ?? 'none',
      subTenantId: 'team',
    }),
    fetch: upstream.fetch,
    logger: log.logger,
    now: () => Date.now(),
    ...options,
  });
  const get = (tenant: string) =>
    handler(new Request(`https://partner.example/t?tenant=${tenant}`));
  return { upstream, get, log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('given the default upstream limit of 120 per 60 s', () => {
  it('should answer the 121st new tenant in a minute with 429 and Retry-After, not call Zipteams', async () => {
    const { upstream, get, log } = setup({ timeoutMs: 1_000 });
    const answers = await Promise.all(Array.from({ length: 121 }, (_, i) => get(`t${i}`)));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(120);
    const refused = answers[120]!;
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // One interval plus 2 % spacing: 61 s from the first call.
    expect(refused.headers.get('retry-after')).toBe('61');
    expect(upstream.calls).toHaveLength(120);
    expect(log.text()).toMatch(/upstream budget \(upstreamLimit\) has no slot in time/);
  });
});

describe('given a per-process limit of 2 per second', () => {
  const upstreamLimit = { requests: 2, intervalMs: 1000 };

  it('should make a call wait for its slot when it opens within timeoutMs', async () => {
    const { upstream, get } = setup({ upstreamLimit, timeoutMs: 5_000 });
    await Promise.all([get('a'), get('b')]);
    const third = get('c');
    await vi.advanceTimersByTimeAsync(1_249);
    expect(upstream.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect((await third).status).toBe(200);
    expect(upstream.calls).toHaveLength(3);
  });

  it('should still serve cached tenants while the budget is spent', async () => {
    const { upstream, get } = setup({ upstreamLimit, timeoutMs: 100 });
    await Promise.all([get('a'), get('b')]);
    expect((await get('c')).status).toBe(429);
    expect((await get('a')).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });

  it('should pause after a Zipteams 429 for its Retry-After, then call again', async () => {
    const { upstream, get } = setup(
      { upstreamLimit, timeoutMs: 1_000 },
      upstreamError(429, 'Rate limit exceeded. Try again in 30 seconds.', { 'retry-after': '30' }),
      mint(86_400, Math.floor(START / 1000)),
    );
    expect((await get('a')).status).toBe(429);
    const paused = await get('b');
    expect(paused.status).toBe(429);
    expect(Number(paused.headers.get('retry-after'))).toBe(30);
    expect(upstream.calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(30_000);
    expect((await get('b')).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('given a Zipteams 429 with a Retry-After past any sensible wait', () => {
  it.each([['99999999999'], ['999999999'], ['Fri, 01 Jan 2100 00:00:00 GMT']])(
    'should wait the capped 10 minutes for %s, not retry at once',
    async (retryAfter) => {
      const { upstream, get } = setup(
        { timeoutMs: 1_000 },
        upstreamError(429, undefined, { 'retry-after': retryAfter }),
        mint(86_400, Math.floor(START / 1000)),
      );
      const limited = await get('a');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('600');

      // Two seconds before the pause ends: more than the second a request may wait.
      await vi.advanceTimersByTimeAsync(598_000);
      const paused = await get('a');
      expect(paused.status).toBe(429);
      expect(paused.headers.get('retry-after')).toBe('2');
      expect(upstream.calls).toHaveLength(1);

      await vi.advanceTimersByTimeAsync(2_000);
      expect((await get('a')).status).toBe(200);
      expect(upstream.calls).toHaveLength(2);
    },
  );
});

describe('given an invalid upstreamLimit', () => {
  it('should throw a config error naming the option', () => {
    expect(() =>
      createTokenHandler({
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        resolveTenant: () => null,
        upstreamLimit: { requests: 0, intervalMs: 60_000 },
      }),
    ).toThrow(TokenHandlerConfigError);
  });
});
