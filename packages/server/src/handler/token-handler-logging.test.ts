import type { Responder } from '../test-utils/fake-upstream.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  API_KEY,
  API_SECRET,
  deferred,
  makeJwt,
  mint,
  tokenEnvelope,
  upstreamError,
} from '../test-utils/fake-upstream.js';
import { setup } from '../test-utils/handler-setup.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('given secrets and tokens', () => {
  const leakyToken = makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat: 1, exp: 0 });
  const scenarios: [string, Responder][] = [
    ['success', mint()],
    ['403', upstreamError(403, 'Forbidden')],
    ['400', upstreamError(400, 'Tenant ID is required')],
    ['401', upstreamError(401)],
    ['429', upstreamError(429, 'Rate limit exceeded. Try again in 60 seconds.')],
    ['500', upstreamError(500, 'Internal server error')],
    ['network failure', () => Promise.reject(new TypeError('fetch failed'))],
    ['not a JWT', () => tokenEnvelope('SECRET-LOOKING-OPAQUE-TOKEN')],
    ['expired-on-arrival JWT', () => tokenEnvelope(leakyToken)],
    ['an error echoing the secret', () => Promise.reject(new Error(`bad header ${API_SECRET}`))],
  ];

  it.each(scenarios)(
    'should keep the key, the secret and the token out of responses and logs (%s)',
    async (_, responder) => {
      const { get, log } = setup({ responders: [responder] });
      const response = await get();
      const text = await response.text();
      const headers = JSON.stringify([...response.headers]);
      const logs = log.text();
      for (const secret of [API_KEY, API_SECRET]) {
        expect(text).not.toContain(secret);
        expect(headers).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
      expect(logs).not.toContain('SECRET-LOOKING-OPAQUE-TOKEN');
      expect(logs).not.toContain(leakyToken);
      if (response.status === 200) {
        const token = (JSON.parse(text) as { token: string }).token;
        expect(logs).not.toContain(token);
      } else {
        expect(text).not.toContain('SECRET-LOOKING-OPAQUE-TOKEN');
        expect(text).not.toContain(leakyToken.split('.')[1]);
      }
    },
  );

  it('should redact a secret that reaches the log through a custom fetch error', async () => {
    const { get, log } = setup({
      responders: [() => Promise.reject(new Error(`bad header ${API_SECRET}`))],
    });
    await get();
    expect(log.text()).toContain('[redacted]');
  });
});

describe('given a client that aborts its request', () => {
  it('should end only that request and keep the shared upstream call for the others', async () => {
    const gate = deferred<undefined>();
    const { get, upstream } = setup({
      responders: [
        async (call, index) => {
          await gate.promise;
          return mint()(call, index);
        },
      ],
    });
    const controller = new AbortController();
    const leaving = get(undefined, { signal: controller.signal });
    const staying = get();
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    const left = await leaving;
    expect(left.status).toBe(499);
    expect(upstream.calls[0]?.signal?.aborted).toBe(false);
    gate.resolve(undefined);
    const stayed = await staying;
    expect(stayed.status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    // the token fetched meanwhile was cached for later requests
    await get();
    expect(upstream.calls).toHaveLength(1);
  });

  it('should not call upstream for a request that arrives already aborted', async () => {
    const { get, upstream } = setup();
    const response = await get(undefined, { signal: AbortSignal.abort() });
    expect(response.status).toBe(499);
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('given the logger option', () => {
  it('should log errors to console.error by default', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { get } = setup({ logger: undefined, responders: [upstreamError(403, 'Forbidden')] });
    await get();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/^\[zipteams\/server\] .*API key\/secret/);
  });

  it('should log nothing when logger is false', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { get } = setup({
      logger: false,
      responders: [upstreamError(403, 'Forbidden'), upstreamError(500)],
    });
    await get();
    await get();
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('should warn at creation when the secret would travel over plain http', () => {
    const { log } = setup({ baseUrl: 'http://zipteams.internal' });
    expect(log.calls[0]?.level).toBe('warn');
    expect(log.text()).toMatch(/plain http/);
  });
});

describe('given log lines that quote Zipteams or an error', () => {
  const scenarios: [string, Responder][] = [
    ['a message ending in a full stop', upstreamError(400, 'Tenant ID is required.')],
    ['a message ending in a question mark', upstreamError(400, 'Is the tenant set?')],
    ['a message ending in an ellipsis', upstreamError(500, 'Internal server error...')],
    ['a 429 message', upstreamError(429, 'Rate limit exceeded. Try again in 60 seconds.')],
    ['a 403', upstreamError(403, 'Forbidden.')],
    ['a network error ending in a full stop', () => Promise.reject(new TypeError('fetch failed.'))],
    ['a network error ending in a question mark', () => Promise.reject(new Error('is it down?'))],
    ['a body that is not JSON', () => new Response('oops.')],
  ];

  it.each(scenarios)('should end each line in exactly one full stop (%s)', async (_, responder) => {
    const { get, log } = setup({ responders: [responder] });
    await get();
    expect(log.calls.length).toBeGreaterThan(0);
    for (const call of log.calls) {
      const line = String(call.args[0]);
      expect(line).toMatch(/[^.?!…]\.$/);
      expect(line).not.toMatch(/\?\.|\.\.|!\./);
    }
  });
});
