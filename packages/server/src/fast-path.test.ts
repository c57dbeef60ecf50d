import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from './cache.js';
import type { CachedToken, TokenCache } from './cache.js';
import { createTokenHandler } from './handler.js';
import type { TokenHandlerOptions } from './handler.js';
import { createNodeRequest, toNodeHandler } from './node.js';
import type { WebHandler } from './node.js';
import {
  API_KEY,
  API_SECRET,
  captureLogger,
  deferred,
  fakeUpstream,
  getRequest,
  mint,
  upstreamError,
} from './test-utils/fake-upstream.js';
import type { Responder } from './test-utils/fake-upstream.js';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);
const KEY = JSON.stringify(['acme', 'sales']);

function setup(options: Partial<TokenHandlerOptions> = {}, ...responders: Responder[]) {
  const upstream = fakeUpstream(...responders);
  const log = captureLogger();
  let time = START;
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    resolveTenant: (request) =>
      request.headers.get('cookie') === 'session=nobody'
        ? null
        : { tenantId: 'acme', subTenantId: 'sales' },
    fetch: upstream.fetch,
    logger: log.logger,
    now: () => time,
    ...options,
  });
  const advance = (seconds: number) => {
    time += seconds * 1000;
  };
  return { handler, upstream, log, advance, now: () => time };
}

/** Status, headers and body text: what a client can see of an answer. */
async function seen(response: Response) {
  return { status: response.status, headers: [...response.headers], body: await response.text() };
}

/** A cache that is not the memory cache: every read goes through `get` (the slow path). */
function mapCache(): TokenCache & { gets: number } {
  const store = new Map<string, CachedToken>();
  return {
    gets: 0,
    async get(key) {
      this.gets += 1;
      return store.get(key);
    },
    async set(key, value) {
      store.set(key, value);
    },
    async delete(key) {
      store.delete(key);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('given a warm memory cache (the fast path)', () => {
  it('should answer a hit exactly as the slow path answered the miss', async () => {
    const { handler, upstream } = setup();
    const miss = await seen(await handler(getRequest()));
    const hit = await seen(await handler(getRequest()));
    expect(hit).toEqual(miss);
    expect(hit.status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should answer a hit exactly as a handler reading a custom cache does', async () => {
    const fast = setup();
    const slow = setup({ cache: mapCache() });
    await fast.handler(getRequest());
    await slow.handler(getRequest());
    // Same fake JWT serial does not hold across upstreams: compare everything but the token.
    const a = await seen(await fast.handler(getRequest()));
    const b = await seen(await slow.handler(getRequest()));
    expect(a.status).toBe(b.status);
    expect(a.headers).toEqual(b.headers);
    const strip = (body: string) => ({ ...(JSON.parse(body) as object), token: 'x' });
    expect(strip(a.body)).toEqual(strip(b.body));
  });

  it('should never call upstream, arm a timer or listen on the signal for a hit', async () => {
    const { handler, upstream } = setup();
    await handler(getRequest());
    const requests = Array.from({ length: 50 }, () => getRequest());
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const listen = requests.map((request) => vi.spyOn(request.signal, 'addEventListener'));
    for (const request of requests) expect((await handler(request)).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    for (const spy of listen) expect(spy).not.toHaveBeenCalled();
  });

  it('should count expiresIn down and refetch once past the refresh point, sharing the call', async () => {
    const { handler, upstream, advance } = setup();
    const first = (await (await handler(getRequest())).json()) as { token: string };
    advance(86_400 - 900 - 1);
    const kept = (await (await handler(getRequest())).json()) as Record<string, unknown>;
    expect(kept).toMatchObject({ token: first.token, expiresIn: 901 });
    advance(1);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => handler(getRequest())));
    const tokens = new Set(
      await Promise.all(renewed.map(async (r) => ((await r.json()) as { token: string }).token)),
    );
    expect(upstream.calls).toHaveLength(2);
    expect(tokens.size).toBe(1);
    expect(tokens.has(first.token)).toBe(false);
  });

  it('should still answer 499 to a request that arrives aborted, hit or not', async () => {
    const { handler } = setup();
    await handler(getRequest());
    const response = await handler(getRequest(undefined, { signal: AbortSignal.abort() }));
    expect(response.status).toBe(499);
  });

  it('should still validate the tenant and answer 401 and 405 before reading the cache', async () => {
    const resolveTenant = vi.fn((request: Request) =>
      request.headers.get('cookie') === 'session=bad'
        ? { tenantId: 'acme\r\nx', subTenantId: 'sales' }
        : { tenantId: 'acme', subTenantId: 'sales' },
    );
    const { handler, upstream } = setup({ resolveTenant });
    await handler(getRequest());
    const bad = await handler(getRequest(undefined, { headers: { cookie: 'session=bad' } }));
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_tenant');
    expect((await handler(getRequest(undefined, { method: 'POST' }))).status).toBe(405);
    const nobody = setup({ resolveTenant: () => null });
    expect((await nobody.handler(getRequest())).status).toBe(401);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should serve a hit for a memory cache passed in, shared between two handlers', async () => {
    const shared = createMemoryCache({ now: () => START });
    const a = setup({ cache: shared });
    const b = setup({ cache: shared });
    await a.handler(getRequest());
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    expect((await b.handler(getRequest())).status).toBe(200);
    expect(b.upstream.calls).toHaveLength(0);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
  });

  it('should call a memory cache get that was replaced or spied on', async () => {
    const cache = createMemoryCache({ now: () => START });
    const { handler, upstream } = setup({ cache });
    await handler(getRequest());
    const get = vi.spyOn(cache, 'get');
    expect((await handler(getRequest())).status).toBe(200);
    expect(get).toHaveBeenCalledWith(KEY);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should treat a malformed memory entry as the slow path does: warn, delete, refetch', async () => {
    const cache = createMemoryCache({ now: () => START });
    const { handler, upstream, log } = setup({ cache });
    await cache.set(KEY, { token: 42 } as unknown as CachedToken, 60);
    expect((await handler(getRequest())).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    expect(log.calls.map((call) => call.level)).toEqual(['warn']);
  });

  it('should keep tenants apart on the fast path, key collisions included', async () => {
    const pairs = [
      { tenantId: 'a:b', subTenantId: 'c' },
      { tenantId: 'a', subTenantId: 'b:c' },
      { tenantId: 'globex', subTenantId: 'support' },
    ];
    const { handler, upstream } = setup({
      resolveTenant: (request) => pairs[Number(request.headers.get('x-user'))] ?? null,
    });
    const tokens: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const index of [0, 1, 2]) {
        const response = await handler(
          getRequest(undefined, { headers: { 'x-user': `${index}` } }),
        );
        const { token } = (await response.json()) as { token: string };
        if (round === 0) tokens.push(token);
        else expect(token).toBe(tokens[index]);
      }
    }
    expect(new Set(tokens).size).toBe(3);
    expect(upstream.calls).toHaveLength(3);
  });

  it('should write the body exactly as JSON.stringify would, for any token and clock', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: 'binary' }),
        fc.integer({ min: 1, max: 4_000_000_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        async (token, lifetime, elapsed) => {
          let time = START;
          const cache = createMemoryCache({ now: () => time });
          const handler = createTokenHandler({
            apiKey: API_KEY,
            apiSecret: API_SECRET,
            resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }),
            fetch: () => Promise.reject(new Error('no upstream in this test')),
            logger: false,
            cache,
            now: () => time,
          });
          const expiresAt = START + elapsed + lifetime;
          const entry: CachedToken = { token, expiresAt, refreshAt: expiresAt };
          await cache.set(KEY, entry, 10 ** 9);
          time = START + elapsed;
          const expected = () =>
            JSON.stringify({
              token: entry.token,
              expiresIn: Math.max(0, Math.floor((entry.expiresAt - time) / 1000)),
              expiresAt: new Date(entry.expiresAt).toISOString(),
            });
          expect(await (await handler(getRequest())).text()).toBe(expected());
          // The store hands back the same object, changed in place: the text follows it.
          entry.token = `${token}!`;
          entry.expiresAt += 1000;
          entry.refreshAt = entry.expiresAt;
          expect(await (await handler(getRequest())).text()).toBe(expected());
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('given a custom cache', () => {
  it('should read it on every request and serve from it without upstream', async () => {
    const cache = mapCache();
    const { handler, upstream } = setup({ cache });
    await handler(getRequest());
    for (let i = 0; i < 5; i += 1) expect((await handler(getRequest())).status).toBe(200);
    expect(cache.gets).toBe(6);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should still share one upstream call on a cold custom cache', async () => {
    const gate = deferred<undefined>();
    const cache = mapCache();
    const { handler, upstream } = setup({ cache }, async (call, index) => {
      await gate.promise;
      return mint()(call, index);
    });
    const pending = Array.from({ length: 50 }, () => handler(getRequest()));
    await new Promise((resolve) => setTimeout(resolve, 0));
    gate.resolve(undefined);
    const responses = await Promise.all(pending);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(upstream.calls).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The Node adapter
// ---------------------------------------------------------------------------------------------

const servers: (() => void)[] = [];

afterEach(() => {
  for (const close of servers.splice(0)) close();
});

async function listen(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The raw answer bytes as text, with the Date header's value blanked. */
function rawRequest(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write([...lines, `Host: 127.0.0.1:${port}`, 'Connection: close', '', ''].join('\r\n'));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () =>
      resolve(
        Buffer.concat(chunks)
          .toString('utf8')
          .replace(/^Date: .*$/m, 'Date: -'),
      ),
    );
  });
}

/** The same token handler behind the three ways `toNodeHandler` can write an answer. */
function threeAdapters(handler: WebHandler) {
  return {
    // A handler made by createTokenHandler: written straight from its decision.
    direct: toNodeHandler(handler),
    // Any other handler returning the handler's Response untouched: body text remembered.
    remembered: toNodeHandler((request) => handler(request)),
    // A Response the handler did not make: read back through arrayBuffer().
    generic: toNodeHandler(async (request) => {
      const response = await handler(request);
      return new Response(await response.arrayBuffer(), response);
    }),
  };
}

describe('given the token handler behind toNodeHandler', () => {
  it.each([
    ['a hit', ['GET /api/zipteams-token HTTP/1.1']],
    ['a 401', ['GET /api/zipteams-token HTTP/1.1', 'Cookie: session=nobody']],
    ['a 405', ['POST /api/zipteams-token HTTP/1.1', 'Content-Length: 0']],
    ['a HEAD 405', ['HEAD /api/zipteams-token HTTP/1.1']],
  ])('should write the same bytes for %s on all three adapter paths', async (_, lines) => {
    const { handler, upstream } = setup();
    await handler(getRequest());
    const adapters = threeAdapters(handler);
    const answers = await Promise.all(
      Object.values(adapters).map(async (adapter) =>
        rawRequest(await listen((req, res) => void adapter(req, res)), lines),
      ),
    );
    expect(answers[0]).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(answers[0]).toMatch(/^cache-control: no-store$/m);
    expect(answers[0]).toMatch(/^content-type: application\/json$/m);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should answer without building a Response for a handler made by createTokenHandler', async () => {
    const { handler } = setup();
    await handler(getRequest());
    let built = 0;
    vi.stubGlobal(
      'Response',
      new Proxy(Response, {
        construct(target, args: ConstructorParameters<typeof Response>) {
          built += 1;
          return new target(...args);
        },
      }),
    );
    try {
      const adapter = toNodeHandler(handler);
      const port = await listen((req, res) => void adapter(req, res));
      for (let i = 0; i < 3; i += 1) {
        expect(await rawRequest(port, ['GET / HTTP/1.1'])).toMatch(/^HTTP\/1\.1 200 /);
      }
      expect(built).toBe(0);
      expect((await handler(getRequest())).status).toBe(200);
      expect(built).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('should write the same bytes for a mapped upstream error (429 with Retry-After)', async () => {
    const answers: string[] = [];
    for (const path of ['direct', 'remembered', 'generic'] as const) {
      const { handler } = setup(
        {},
        upstreamError(429, 'Rate limit exceeded. Try again in 42 seconds.'),
      );
      const adapter = threeAdapters(handler)[path];
      const port = await listen((req, res) => void adapter(req, res));
      answers.push(await rawRequest(port, ['GET /api/zipteams-token HTTP/1.1']));
    }
    expect(answers[0]).toMatch(/^HTTP\/1\.1 429 /);
    expect(answers[0]).toMatch(/^retry-after: 42$/m);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
  });

  it('should give resolveTenant a standard Request with the client headers', async () => {
    const observed = deferred<Record<string, boolean>>();
    const { handler } = setup({
      resolveTenant: (request) => {
        observed.resolve({
          isRequest: request instanceof Request,
          cookie: request.headers.get('cookie') === 'session=alice',
        });
        return { tenantId: 'acme', subTenantId: 'sales' };
      },
    });
    const port = await listen((req, res) => void toNodeHandler(handler)(req, res));
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: 'session=alice' } });
    expect(res.status).toBe(200);
    expect(await observed.promise).toEqual({ isRequest: true, cookie: true });
  });

  it('should leave the Request signal unaborted for a client that stays', async () => {
    const signals: AbortSignal[] = [];
    const { handler } = setup({
      resolveTenant: (request) => {
        signals.push(request.signal);
        return { tenantId: 'acme', subTenantId: 'sales' };
      },
    });
    const port = await listen((req, res) => void toNodeHandler(handler)(req, res));
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false, false]);
  });

  it('should pass a failure of the handler to next on the direct path', async () => {
    const boom = new Error('boom');
    const { handler } = setup({
      resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }),
      logger: {
        warn: () => undefined,
        error: () => {
          throw boom;
        },
      },
      now: () => Number.NaN,
    });
    const errors: unknown[] = [];
    const middleware = toNodeHandler(handler);
    const port = await listen(
      (req, res) =>
        void middleware(req, res, (error) => {
          errors.push(error);
          res.statusCode = 503;
          res.end();
        }),
    );
    // now() is NaN: the deadline is not a date, so the handler fails, and its logger throws.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(503);
    expect(errors).toEqual([boom]);
  });
});

describe('given Responses that the token handler did not make, or that were changed', () => {
  it('should write headers added to the handler Response after it was made', async () => {
    const { handler } = setup();
    const port = await listen(
      (req, res) =>
        void toNodeHandler(async (request) => {
          const response = await handler(request);
          response.headers.set('x-extra', 'yes');
          response.headers.append('set-cookie', 'a=1');
          response.headers.append('set-cookie', 'b=2');
          return response;
        })(req, res),
    );
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(((await response.json()) as { token: string }).token).toEqual(expect.any(String));
  });

  it('should fail as before when the handler Response body was already read', async () => {
    const { handler } = setup();
    const port = await listen(
      (req, res) =>
        void toNodeHandler(async (request) => {
          const response = await handler(request);
          await response.text();
          return response;
        })(req, res),
    );
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(500);
  });

  it('should write a Response from another handler through the generic path', async () => {
    const port = await listen(
      (req, res) =>
        void toNodeHandler(async () =>
          Response.json({ other: true }, { status: 202, headers: { 'x-one': '1' } }),
        )(req, res),
    );
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(202);
    expect(response.headers.get('x-one')).toBe('1');
    expect(await response.json()).toEqual({ other: true });
  });
});

describe('given createNodeRequest without a server', () => {
  function fakeReq(headers: IncomingMessage['headers'], url = '/path?q=1'): IncomingMessage {
    return { socket: {}, headers, url, method: 'GET' } as unknown as IncomingMessage;
  }

  it('should build a plain Request with a signal that never aborts when no res is given', () => {
    const request = createNodeRequest(fakeReq({ host: 'example.test' }));
    expect(Object.getPrototypeOf(request)).toBe(Request.prototype);
    expect(request.url).toBe('http://example.test/path?q=1');
    expect(request.signal.aborted).toBe(false);
  });

  it('should fall back to localhost for an unparsable Host, and refuse one with credentials', () => {
    expect(createNodeRequest(fakeReq({ host: 'bad host' })).url).toBe('http://localhost/path?q=1');
    expect(() => createNodeRequest(fakeReq({ host: 'user:pw@example.test' }))).toThrow(TypeError);
  });

  it('should copy repeated headers value by value, and skip HTTP/2 pseudo-headers', () => {
    const request = createNodeRequest(
      fakeReq({ host: 'example.test', 'set-cookie': ['a=1', 'b=2'], ':path': '/x', 'x-y': 'z' }),
    );
    expect(request.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(request.headers.get('x-y')).toBe('z');
    expect([...request.headers.keys()]).not.toContain(':path');
  });
});

describe('given a client that goes away behind toNodeHandler', () => {
  it('should make no upstream call for it', async () => {
    const started = deferred<undefined>();
    const proceed = deferred<undefined>();
    const upstream = fakeUpstream();
    const handler = createTokenHandler({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      fetch: upstream.fetch,
      logger: false,
      resolveTenant: async () => {
        started.resolve(undefined);
        await proceed.promise;
        return { tenantId: 'acme', subTenantId: 'sales' };
      },
    });
    const port = await listen((req, res) => void toNodeHandler(handler)(req, res));
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }).catch(
      () => undefined,
    );
    await started.promise;
    controller.abort();
    await pending;
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the server see the close
    proceed.resolve(undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream.calls).toHaveLength(0);
  });
});
