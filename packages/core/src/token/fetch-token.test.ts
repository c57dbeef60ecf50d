import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  BadResponseError,
  ExpiredOnArrivalError,
  HttpError,
  NetworkError,
  RateLimitedError,
  TimeoutError,
} from '../errors/errors.js';
import { fetchDashboardToken } from './fetch-token.js';
import type { CspViolation, CspViolationSource } from '../errors/csp-violations.js';
import { parseRetryAfter } from '../protocol.js';
import { zipteamsJwt } from '@zipteams/test-utils';

const NOW = Date.UTC(2026, 10, 28, 12);
const jwt = zipteamsJwt(NOW);

function fakeFetch(
  respond: (input: RequestInfo | URL, init?: RequestInit) => Response | Promise<Response>,
) {
  return vi.fn<typeof fetch>(async (input, init) => respond(input, init));
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const viaUrl = (fetchImpl: typeof fetch) => ({
  tokenUrl: 'https://partner.test/api/zipteams/token',
  fetch: fetchImpl,
});

describe('fetchDashboardToken', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('given a token URL', () => {
    it('should GET it with same-origin credentials and return the token with its deadline', async () => {
      const fetchImpl = fakeFetch(() => json(200, { token: jwt, expiresIn: 3_600 }));
      const token = await fetchDashboardToken(viaUrl(fetchImpl));
      expect(token.token).toBe(jwt);
      expect(token.expiresAt).toBe(NOW + 3_600_000);
      const [url, init] = fetchImpl.mock.calls[0]!;
      expect(String(url)).toBe('https://partner.test/api/zipteams/token');
      expect(init).toMatchObject({ method: 'GET', credentials: 'same-origin' });
      expect(new Headers(init?.headers).get('accept')).toContain('application/json');
    });

    it('should pass extra headers and fetch options, but keep GET', async () => {
      const fetchImpl = fakeFetch(() => new Response(jwt));
      await fetchDashboardToken({
        ...viaUrl(fetchImpl),
        init: { headers: { 'x-csrf': 'abc' }, credentials: 'include', cache: 'no-store' },
      });
      const init = fetchImpl.mock.calls[0]![1]!;
      expect(new Headers(init.headers).get('x-csrf')).toBe('abc');
      expect(init).toMatchObject({ credentials: 'include', cache: 'no-store', method: 'GET' });
    });

    it('should use the Date header so an old token is not trusted for 24 h', async () => {
      const date = new Date(NOW + 23 * 3_600_000).toUTCString();
      const fetchImpl = fakeFetch(() => new Response(jwt, { headers: { date } }));
      const token = await fetchDashboardToken(viaUrl(fetchImpl));
      expect(token.lifetimeMs).toBe(3_600_000);
    });

    it.each([
      [400, HttpError, false],
      [401, HttpError, false],
      [403, HttpError, false],
      [404, HttpError, false],
      [408, HttpError, true],
      [500, HttpError, true],
      [502, HttpError, true],
      [503, HttpError, true],
    ])('should turn HTTP %i into a typed error (retryable %s)', async (status, type, retryable) => {
      const fetchImpl = fakeFetch(() => json(status, { success: false, message: 'nope' }));
      const error = await fetchDashboardToken(viaUrl(fetchImpl)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ code: 'http', status, retryable });
      expect((error as Error).message).toContain(String(status));
    });

    it('should read the { error: { code, message } } body of @zipteams/server', async () => {
      const fetchImpl = fakeFetch(() =>
        json(502, {
          error: { code: 'upstream_forbidden', message: 'Zipteams rejected the API key.' },
        }),
      );
      await expect(fetchDashboardToken(viaUrl(fetchImpl))).rejects.toMatchObject({
        status: 502,
        serverCode: 'upstream_forbidden',
        message: expect.stringContaining('Zipteams rejected the API key.'),
      });
    });

    it('should redact a token that a server echoes in its error message', async () => {
      const fetchImpl = fakeFetch(() => json(500, { message: `bad token ${jwt}` }));
      const error = (await fetchDashboardToken(viaUrl(fetchImpl)).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error.message).not.toContain(jwt);
      expect(error.message).not.toContain(jwt.split('.')[1]!);
      expect(error.message).toContain('[redacted]');
    });

    describe('given HTTP 429', () => {
      it('should read Retry-After in seconds', async () => {
        const fetchImpl = fakeFetch(() => json(429, {}, { 'retry-after': '42' }));
        const error = await fetchDashboardToken(viaUrl(fetchImpl)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RateLimitedError);
        expect(error).toMatchObject({
          code: 'rate_limited',
          status: 429,
          retryAfterMs: 42_000,
          retryable: true,
        });
      });

      it('should read Retry-After as an HTTP date, against the server Date header', async () => {
        const serverNow = NOW - 3 * 3_600_000; // the client clock is 3 h fast
        const fetchImpl = fakeFetch(() =>
          json(
            429,
            {},
            {
              'retry-after': new Date(serverNow + 30_000).toUTCString(),
              date: new Date(serverNow).toUTCString(),
            },
          ),
        );
        await expect(fetchDashboardToken(viaUrl(fetchImpl))).rejects.toMatchObject({
          retryAfterMs: 30_000,
        });
      });

      it('should read the Zipteams "Try again in N seconds" message', async () => {
        const fetchImpl = fakeFetch(() =>
          json(429, { success: false, message: 'Rate limit exceeded. Try again in 60 seconds.' }),
        );
        await expect(fetchDashboardToken(viaUrl(fetchImpl))).rejects.toMatchObject({
          retryAfterMs: 60_000,
        });
      });
    });

    it.each([
      ['an HTML body', () => new Response('<html>login</html>', { status: 200 }), 'html_body'],
      ['an empty body', () => new Response('', { status: 200 }), 'empty_body'],
      ['JSON without a token', () => json(200, { ok: true }), 'no_token'],
      ['a token that is not a JWT', () => json(200, { token: 'opaque' }), 'not_a_jwt'],
      ['a JWT with a broken payload', () => new Response('aaa.%%%.bbb'), 'not_a_jwt'],
      [
        'a JWT whose payload is not JSON',
        () => new Response(`aaa.${btoa('nope')}.bbb`),
        'bad_jwt_payload',
      ],
    ])('should reject a 200 with %s', async (_, respond, reason) => {
      const error = await fetchDashboardToken(viaUrl(fakeFetch(respond))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadResponseError);
      expect(error).toMatchObject({ reason, retryable: false });
    });

    it('should reject a token that arrives already expired', async () => {
      const fetchImpl = fakeFetch(() => json(200, { token: jwt, expiresIn: 0 }));
      await expect(fetchDashboardToken(viaUrl(fetchImpl))).rejects.toBeInstanceOf(
        ExpiredOnArrivalError,
      );
    });

    it('should turn a network failure into NetworkError, keeping the cause', async () => {
      const cause = new TypeError('Failed to fetch');
      const fetchImpl = fakeFetch(() => Promise.reject(cause));
      const error = await fetchDashboardToken(viaUrl(fetchImpl)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'network', retryable: true, cause });
    });

    it('should name a request refused by the page’s own connect-src, as final, and stop watching', async () => {
      const listeners = new Set<(violation: CspViolation) => void>();
      const violations: CspViolationSource = (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      };
      // The browser refuses the request: a violation for its origin, then a TypeError.
      const fetchImpl = fakeFetch(() => {
        for (const listener of listeners) {
          listener({
            directive: 'connect-src',
            refusedBy: 'default-src',
            origin: 'https://partner.test',
          });
        }
        return Promise.reject(new TypeError('Failed to fetch'));
      });
      const error = await fetchDashboardToken(viaUrl(fetchImpl), { violations }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'network',
        retryable: false,
        refusedBy: { directive: 'default-src', origin: 'https://partner.test' },
      });
      expect(listeners.size).toBe(0);
    });

    it('should keep a failure with no violation of its origin a retryable network error', async () => {
      const fetchImpl = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      const violations: CspViolationSource = (listener) => {
        listener({
          directive: 'connect-src',
          refusedBy: 'connect-src',
          origin: 'https://other.test',
        });
        return () => {};
      };
      const failed = fetchDashboardToken(viaUrl(fetchImpl), { violations }).catch(
        (e: unknown) => e,
      );
      await vi.advanceTimersByTimeAsync(100); // the wait for a late violation
      expect(await failed).toMatchObject({
        code: 'network',
        retryable: true,
        refusedBy: undefined,
      });
    });

    it('should reject with AbortedError when aborted while waiting for a late violation', async () => {
      const fetchImpl = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      const controller = new AbortController();
      const violations: CspViolationSource = () => () => {};
      const failed = fetchDashboardToken(viaUrl(fetchImpl), {
        violations,
        signal: controller.signal,
      }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(50);
      controller.abort();
      await vi.advanceTimersByTimeAsync(50);
      expect(await failed).toBeInstanceOf(AbortedError);
    });

    it('should not watch a token URL on the page’s own origin (a refused redirect would be misnamed)', async () => {
      vi.stubGlobal('location', {
        href: 'https://partner.test/app',
        origin: 'https://partner.test',
      });
      try {
        let watched = 0;
        const violations: CspViolationSource = () => {
          watched++;
          return () => {};
        };
        const fetchImpl = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
        const error = await fetchDashboardToken(viaUrl(fetchImpl), { violations }).catch(
          (e: unknown) => e,
        );
        expect(watched).toBe(0);
        expect(error).toMatchObject({ code: 'network', retryable: true });
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('should time out a request that hangs, aborting it', async () => {
      let signal: AbortSignal | undefined;
      const fetchImpl = fakeFetch((_, init) => {
        signal = init?.signal ?? undefined;
        return new Promise<Response>(() => {});
      });
      const result = fetchDashboardToken(viaUrl(fetchImpl), { timeoutMs: 5_000 });
      const assertion = expect(result).rejects.toBeInstanceOf(TimeoutError);
      await vi.advanceTimersByTimeAsync(4_999);
      expect(signal?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await assertion;
      expect(signal?.aborted).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should never time out with timeoutMs Infinity, and not fire at once with a huge one', async () => {
      let resolve!: (response: Response) => void;
      const fetchImpl = fakeFetch(() => new Promise<Response>((r) => (resolve = r)));
      for (const timeoutMs of [Infinity, 2 ** 40]) {
        const result = fetchDashboardToken(viaUrl(fetchImpl), { timeoutMs });
        await vi.advanceTimersByTimeAsync(24 * 3_600_000);
        resolve(new Response(jwt));
        await expect(result).resolves.toMatchObject({ token: jwt });
      }
    });

    it('should time out by default after 15 s', async () => {
      const result = fetchDashboardToken(viaUrl(fakeFetch(() => new Promise(() => {}))));
      const assertion = expect(result).rejects.toMatchObject({
        code: 'timeout',
        timeoutMs: 15_000,
      });
      await vi.advanceTimersByTimeAsync(15_000);
      await assertion;
    });

    it('should reject with AbortedError when the caller aborts, and clean up', async () => {
      const controller = new AbortController();
      const result = fetchDashboardToken(viaUrl(fakeFetch(() => new Promise(() => {}))), {
        signal: controller.signal,
      });
      controller.abort();
      await expect(result).rejects.toBeInstanceOf(AbortedError);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should not start a request when the signal is already aborted', async () => {
      const fetchImpl = fakeFetch(() => new Response(jwt));
      await expect(
        fetchDashboardToken(viaUrl(fetchImpl), { signal: AbortSignal.abort() }),
      ).rejects.toBeInstanceOf(AbortedError);
      expect(fetchImpl).not.toHaveBeenCalled();
    });
  });

  describe('given a fetchToken function', () => {
    it('should accept the raw Zipteams envelope it returns', async () => {
      const token = await fetchDashboardToken({
        fetchToken: async () => ({ code: 'RESPONSE_SUCCESS', data: { token: jwt } }),
      });
      expect(token.claims).toMatchObject({ tenantId: 'acme', subTenantId: 'sales' });
      expect(token.lifetimeMs).toBe(86_400_000);
    });

    it('should accept a Response it returns, with HTTP errors typed', async () => {
      await expect(
        fetchDashboardToken({
          fetchToken: async () => json(403, { success: false, message: 'Forbidden' }),
        }),
      ).rejects.toMatchObject({ status: 403 });
    });

    it('should pass a signal and time out even when the function ignores it', async () => {
      let received: AbortSignal | undefined;
      const result = fetchDashboardToken(
        {
          fetchToken: (signal) => {
            received = signal;
            return new Promise(() => {});
          },
        },
        { timeoutMs: 1_000 },
      );
      const assertion = expect(result).rejects.toBeInstanceOf(TimeoutError);
      await vi.advanceTimersByTimeAsync(1_000);
      await assertion;
      expect(received?.aborted).toBe(true);
    });

    it('should wrap an unknown failure of the function as NetworkError with its cause', async () => {
      const cause = new Error('session store down');
      await expect(
        fetchDashboardToken({ fetchToken: () => Promise.reject(cause) }),
      ).rejects.toMatchObject({
        code: 'network',
        cause,
      });
    });
  });
});

describe('parseRetryAfter', () => {
  it('should read seconds, dates and ignore garbage', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', 0)).toBe(0);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter(new Date(0).toUTCString(), 60_000)).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
