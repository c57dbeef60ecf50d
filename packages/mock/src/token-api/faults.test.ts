import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeFault } from './faults.js';
import { createMockPlatform } from '../platform.js';
import { get, requestToken, tokenRequest } from '../test-utils/requests.js';

const FORBIDDEN = '{"success":false,"message":"Forbidden"}';
const TENANT_REQUIRED = '{"success":false,"message":"Tenant ID is required"}';
const RATE_LIMITED = '{"success":false,"message":"Rate limit exceeded. Try again in 60 seconds."}';
const SERVER_ERROR = '{"success":false,"message":"Internal server error"}';

afterEach(() => {
  vi.useRealTimers();
});

describe('given no fault', () => {
  it('should answer normally', async () => {
    const platform = createMockPlatform();

    expect(platform.faults.get()).toBeNull();
    expect((await platform(tokenRequest())).status).toBe(200);
  });
});

describe('given a forced status', () => {
  it('should answer the next request with it, then normally', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 500 });

    const failed = await platform(tokenRequest());
    const next = await platform(tokenRequest());

    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe(SERVER_ERROR);
    expect(next.status).toBe(200);
    expect(platform.faults.get()).toBeNull();
  });

  it('should affect the next `count` requests', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 500, count: 3 });

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await platform(tokenRequest())).status);

    expect(statuses).toEqual([500, 500, 500, 200]);
  });

  it.each([
    ['count: Infinity', { count: Infinity }],
    ['count: -1', { count: -1 }],
    ['sticky', { sticky: true }],
  ])('should keep failing with %s until cleared', async (_, extra) => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 503, ...extra });

    for (let i = 0; i < 5; i += 1) expect((await platform(tokenRequest())).status).toBe(503);
    expect(platform.faults.get()).toMatchObject({ sticky: true, remaining: null });
    platform.faults.clear();

    expect((await platform(tokenRequest())).status).toBe(200);
  });

  it.each([
    [403, FORBIDDEN],
    [400, TENANT_REQUIRED],
    [429, RATE_LIMITED],
    [500, SERVER_ERROR],
  ])('should answer %i with the documented body', async (status, body) => {
    const platform = createMockPlatform();
    platform.faults.set({ status });

    const response = await platform(tokenRequest());

    expect(response.status).toBe(status);
    expect(await response.text()).toBe(body);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it.each([
    [401, 'Unauthorized'],
    [404, 'Not found'],
    [408, 'Request timeout'],
    [422, 'Unprocessable entity'],
    [502, 'Bad gateway'],
    [503, 'Service unavailable'],
    [504, 'Gateway timeout'],
    [418, 'Request failed'],
    [599, 'Server error'],
  ])('should answer an undocumented %i with a generic body', async (status, message) => {
    const platform = createMockPlatform();
    platform.faults.set({ status });

    const response = await platform(tokenRequest());

    expect(response.status).toBe(status);
    expect(await response.text()).toBe(`{"success":false,"message":"${message}"}`);
  });

  it('should send Retry-After: 60 with a forced 429, or the given value', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 429 });
    const defaulted = await platform(tokenRequest());
    platform.faults.set({ status: 429, retryAfterSeconds: 7 });
    const given = await platform(tokenRequest());
    platform.faults.set({ status: 503, retryAfterSeconds: 2 });
    const other = await platform(tokenRequest());
    platform.faults.set({ status: 500 });
    const none = await platform(tokenRequest());

    expect(defaulted.headers.get('retry-after')).toBe('60');
    expect(given.headers.get('retry-after')).toBe('7');
    expect(other.headers.get('retry-after')).toBe('2');
    expect(none.headers.get('retry-after')).toBeNull();
  });

  it('should send a raw body instead of the documented one', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 200, body: '{"code":"RESPONSE_SUCCESS","data":{}}' });

    const response = await platform(tokenRequest());

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"code":"RESPONSE_SUCCESS","data":{}}');
  });

  it('should answer even requests with wrong credentials, and mint nothing', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 502 });

    const response = await platform(tokenRequest({ 'x-api-key': 'wrong' }));

    expect(response.status).toBe(502);
    expect(platform.stats().tokensMinted).toBe(0);
  });

  it('should leave the pages alone', async () => {
    const platform = createMockPlatform();
    const token = await requestToken(platform);
    platform.faults.set({ status: 500, sticky: true });

    const response = await platform(get(`/view-insights?token=${token}`));

    expect(response.status).toBe(200);
  });

  it('should replace the previous fault', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 500, sticky: true });
    platform.faults.set({ status: 403 });

    expect((await platform(tokenRequest())).status).toBe(403);
    expect((await platform(tokenRequest())).status).toBe(200);
  });
});

describe('given latency', () => {
  it('should answer only after latencyMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const platform = createMockPlatform();
    platform.faults.set({ latencyMs: 5000 });
    let settled = false;

    const pending = platform(tokenRequest()).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    expect(platform.stats().pending).toBe(1);
    await vi.advanceTimersByTimeAsync(1);

    expect((await pending).status).toBe(200);
    expect(platform.stats().pending).toBe(0);
  });

  it('should delay a forced status too', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const platform = createMockPlatform();
    platform.faults.set({ latencyMs: 1000, status: 503 });

    const pending = platform(tokenRequest());
    await vi.advanceTimersByTimeAsync(1000);

    expect((await pending).status).toBe(503);
  });

  it('should reject with the abort reason when the request is aborted meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const platform = createMockPlatform();
    platform.faults.set({ latencyMs: 10_000 });
    const controller = new AbortController();

    const pending = platform(tokenRequest({}, { signal: controller.signal }));
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(platform.stats().pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('given a hang', () => {
  it('should not answer until the request is aborted, then reject', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true });
    const controller = new AbortController();
    let settled = false;

    const pending = platform(tokenRequest({}, { signal: controller.signal }));
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(platform.stats().pending).toBe(1);
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(platform.stats().pending).toBe(0);
    expect(platform.stats().byStatus).toEqual({});
  });

  it('should reject at once when the signal is already aborted', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true });

    await expect(platform(tokenRequest({}, { signal: AbortSignal.abort() }))).rejects.toMatchObject(
      { name: 'AbortError' },
    );
  });

  it('should give the normal answer once faults are cleared', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true, status: 500 });

    const pending = platform(tokenRequest());
    platform.faults.clear();

    expect((await pending).status).toBe(200);
  });

  it('should give the normal answer after reset()', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true });

    const pending = platform(tokenRequest());
    platform.reset();

    expect((await pending).status).toBe(200);
  });

  it('should reject every held request on close(), and keep serving afterwards', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const platform = createMockPlatform();
    platform.faults.set({ hang: true });
    const hanging = platform(tokenRequest());
    platform.faults.set({ latencyMs: 60_000 });
    const slow = platform(tokenRequest());

    platform.close();

    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });
    await expect(slow).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
    expect(platform.faults.get()).toBeNull();
    expect((await platform(tokenRequest())).status).toBe(200);
  });

  it('should hang every request while sticky', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true, sticky: true });

    const first = platform(tokenRequest());
    const second = platform(tokenRequest());
    expect(platform.stats().pending).toBe(2);
    platform.faults.clear();

    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });
});

describe('given an invalid fault', () => {
  it.each([
    ['a status below 200', { status: 199 }],
    ['a status above 599', { status: 600 }],
    ['a fractional status', { status: 500.5 }],
    ['a zero count', { status: 500, count: 0 }],
    ['a negative count other than -1', { status: 500, count: -2 }],
    ['a negative latency', { latencyMs: -1 }],
    ['an infinite latency', { latencyMs: Infinity }],
    ['a fractional Retry-After', { status: 429, retryAfterSeconds: 1.5 }],
    ['a body without status', { body: 'x' }],
    ['no effect at all', { count: 2 }],
  ])('should throw a TypeError for %s', (_, fault) => {
    const platform = createMockPlatform();

    expect(() => platform.faults.set(fault)).toThrow(TypeError);
    expect(platform.faults.get()).toBeNull();
  });
});

describe('given faults.get()', () => {
  it('should report the fault in force and the requests it still affects', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ status: 500, count: 2, latencyMs: 0 });
    await platform(tokenRequest());

    expect(platform.faults.get()).toEqual({
      status: 500,
      latencyMs: 0,
      hang: false,
      sticky: false,
      remaining: 1,
    });
  });

  it('should normalise the defaults', () => {
    expect(normalizeFault({ hang: true })).toEqual({ hang: true, sticky: false, remaining: 1 });
  });
});
