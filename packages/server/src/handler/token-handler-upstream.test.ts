import { afterEach, describe, expect, it, vi } from 'vitest';
import { hang, makeJwt, mint, tokenEnvelope, upstreamError } from '../test-utils/fake-upstream.js';
import { errorOf, setup } from '../test-utils/handler-setup.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
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
