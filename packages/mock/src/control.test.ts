import { describe, expect, it } from 'vitest';
import { createMockPlatform } from './platform.js';
import { BASE_URL, get, manualClock, requestToken, tokenRequest } from './test-utils/requests.js';

function control(method: string, path: string, body?: string): Request {
  return new Request(`${BASE_URL}/__mock/${path}`, { method, ...(body !== undefined && { body }) });
}

describe('given stats()', () => {
  it('should start at zero', () => {
    expect(createMockPlatform().stats()).toEqual({
      tokensMinted: 0,
      tokenRequests: 0,
      byStatus: {},
      pageViews: { insights: 0, callDetails: 0, errors: 0 },
      pending: 0,
    });
  });

  it('should count token requests by status, minted tokens and page views', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: 3 });
    const token = await requestToken(platform);
    await platform(tokenRequest());
    await platform(tokenRequest({ 'x-api-key': 'wrong' }));
    await platform(tokenRequest({ 'x-tenant-id': undefined }));
    await platform(tokenRequest());
    platform.faults.set({ status: 500 });
    await platform(tokenRequest());
    await platform(get(`/view-insights?token=${token}`));
    await platform(get(`/view-insights?token=${token}&agent-id=unknown`));
    await platform(get(`/call-details/c1?token=${token}`));
    await platform(get('/call-details/c1?token=nope'));
    await platform(get('/view-insights'));

    expect(platform.stats()).toEqual({
      tokensMinted: 2,
      tokenRequests: 6,
      byStatus: { '200': 2, '403': 1, '400': 1, '429': 1, '500': 1 },
      pageViews: { insights: 1, callDetails: 1, errors: 3 },
      pending: 0,
    });
  });

  it('should return a snapshot that later requests do not change', async () => {
    const platform = createMockPlatform();
    const before = platform.stats();

    await platform(tokenRequest());

    expect(before.tokensMinted).toBe(0);
    expect(before.byStatus).toEqual({});
  });
});

describe('given reset()', () => {
  it('should zero the counters, clear faults and forget the rate-limit window', async () => {
    const clock = manualClock();
    const platform = createMockPlatform({ now: clock.now, rateLimitPerMinute: 1 });
    await platform(tokenRequest());
    expect((await platform(tokenRequest())).status).toBe(429);
    platform.faults.set({ status: 500, sticky: true });

    platform.reset();

    expect(platform.stats()).toMatchObject({ tokensMinted: 0, tokenRequests: 0, byStatus: {} });
    expect(platform.faults.get()).toBeNull();
    expect((await platform(tokenRequest())).status).toBe(200);
  });
});

describe('given the HTTP control API', () => {
  it('should answer GET /__mock/health', async () => {
    const response = await createMockPlatform()(control('GET', 'health'));

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('should report stats as JSON on GET /__mock/stats', async () => {
    const platform = createMockPlatform();
    await platform(tokenRequest());

    const response = await platform(control('GET', 'stats'));

    expect(await response.text()).toBe(
      '{"tokensMinted":1,"tokenRequests":1,"byStatus":{"200":1},"pageViews":{"insights":0,"callDetails":0,"errors":0},"pending":0}',
    );
  });

  it('should set a fault from a JSON body on POST /__mock/faults', async () => {
    const platform = createMockPlatform();

    const response = await platform(control('POST', 'faults', '{"status":503,"count":2}'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      fault: { status: 503, hang: false, sticky: false, remaining: 2 },
    });
    expect((await platform(tokenRequest())).status).toBe(503);
    expect((await platform(tokenRequest())).status).toBe(503);
    expect((await platform(tokenRequest())).status).toBe(200);
  });

  it('should accept count -1 over HTTP as "until cleared"', async () => {
    const platform = createMockPlatform();

    await platform(control('POST', 'faults', '{"status":500,"count":-1}'));

    expect(platform.faults.get()).toMatchObject({ sticky: true, remaining: null });
  });

  it('should report the fault in force on GET /__mock/faults', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true, sticky: true });

    const response = await platform(control('GET', 'faults'));

    expect(await response.text()).toBe('{"fault":{"hang":true,"sticky":true,"remaining":null}}');
  });

  it('should clear faults on DELETE /__mock/faults and release hanging requests', async () => {
    const platform = createMockPlatform();
    platform.faults.set({ hang: true });
    const hanging = platform(tokenRequest());

    const response = await platform(control('DELETE', 'faults'));

    expect(await response.text()).toBe('{"ok":true}');
    expect((await hanging).status).toBe(200);
    expect(platform.faults.get()).toBeNull();
  });

  it('should reset everything on POST /__mock/reset', async () => {
    const platform = createMockPlatform();
    await platform(tokenRequest());
    platform.faults.set({ status: 500 });

    const response = await platform(control('POST', 'reset'));

    expect(await response.text()).toBe('{"ok":true}');
    expect(platform.stats().tokensMinted).toBe(0);
    expect(platform.faults.get()).toBeNull();
  });

  it.each([
    ['invalid JSON', '{status:500', 'the body must be JSON'],
    ['an array', '[]', 'the body must be a JSON object describing a fault'],
    ['an unknown field', '{"status":500,"colour":"red"}', 'unknown fault field "colour"'],
    ['an invalid value', '{"status":"500"}', 'fault.status must be an integer from 200 to 599'],
    ['no effect', '{}', 'a fault needs status, latencyMs or hang'],
    [
      'a latency setTimeout cannot honour',
      '{"latencyMs":2147483648}',
      'fault.latencyMs must be a number of milliseconds from 0 to 2147483647',
    ],
  ])('should answer 400 to a fault with %s', async (_, body, message) => {
    const platform = createMockPlatform();

    const response = await platform(control('POST', 'faults', body));

    expect(response.status).toBe(400);
    expect(await response.text()).toBe(JSON.stringify({ success: false, message }));
    expect(platform.faults.get()).toBeNull();
  });

  it('should allow any origin on every control response', async () => {
    const platform = createMockPlatform();

    for (const request of [
      control('GET', 'stats'),
      control('POST', 'faults', '{"status":500}'),
      control('POST', 'faults', 'nope'),
      control('DELETE', 'faults'),
      control('POST', 'reset'),
      control('GET', 'unknown'),
    ]) {
      const response = await platform(request);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('should answer a CORS preflight with 204', async () => {
    const response = await createMockPlatform()(
      new Request(`${BASE_URL}/__mock/faults`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    );

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('should answer unknown control routes and wrong methods with 404', async () => {
    const platform = createMockPlatform();

    for (const request of [
      control('GET', 'nothing'),
      control('PUT', 'faults'),
      control('GET', 'reset'),
    ]) {
      const response = await platform(request);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('{"success":false,"message":"Not found"}');
    }
  });
});
