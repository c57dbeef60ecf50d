import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenHandler } from '../handler/token-handler.js';
import { toNodeHandler } from './to-node-handler.js';
import type { WebHandler } from './to-node-handler.js';
import { API_KEY, API_SECRET, deferred, fakeUpstream } from '../test-utils/fake-upstream.js';

const servers: { close: () => void }[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function tokenHandler() {
  const upstream = fakeUpstream();
  const seen: Request[] = [];
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    resolveTenant: (request) => {
      seen.push(request);
      return request.headers.get('cookie') === 'session=alice'
        ? { tenantId: 'acme', subTenantId: 'sales' }
        : null;
    },
    fetch: upstream.fetch,
    logger: false,
  });
  return { handler, upstream, seen };
}

describe('given the token handler behind node:http', () => {
  it('should answer GET with the token JSON and its headers', async () => {
    const { handler, upstream } = tokenHandler();
    const url = await listen(toNodeHandler(handler));
    const response = await fetch(`${url}/api/zipteams-token`, {
      headers: { cookie: 'session=alice' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json');
    const json = (await response.json()) as { token: string; expiresIn: number };
    expect(json.token).toEqual(expect.any(String));
    expect(json.expiresIn).toBeGreaterThan(86_390);
    expect(upstream.calls).toHaveLength(1);
  });

  it('should build an absolute Request URL from the Host header, with method and headers', async () => {
    const { handler, seen } = tokenHandler();
    const url = await listen(toNodeHandler(handler));
    await fetch(`${url}/api/zipteams-token?theme=dark`, {
      headers: { cookie: 'session=alice', 'x-extra': 'one' },
    });
    const [request] = seen;
    expect(request?.url).toBe(`${url}/api/zipteams-token?theme=dark`);
    expect(request?.method).toBe('GET');
    expect(request?.headers.get('x-extra')).toBe('one');
    expect(request?.headers.get('host')).toBe(url.replace('http://', ''));
  });

  it('should keep the host when the path looks protocol-relative', async () => {
    const { handler, seen } = tokenHandler();
    const url = await listen(toNodeHandler(handler));
    await fetch(`${url}//evil.example/x`);
    expect(new URL(seen[0]?.url ?? '').host).toBe(url.replace('http://', ''));
  });

  it('should answer 401 and 405 through the adapter', async () => {
    const { handler } = tokenHandler();
    const url = await listen(toNodeHandler(handler));
    expect((await fetch(url)).status).toBe(401);
    const post = await fetch(url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('should write every Set-Cookie header and the body of any Web handler', async () => {
    const handler: WebHandler = async () => {
      const headers = new Headers({ 'x-one': '1' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response('hello', { status: 201, headers });
    };
    const url = await listen(toNodeHandler(handler));
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-one')).toBe('1');
    expect(await response.text()).toBe('hello');
  });

  it('should abort the Request signal when the client goes away', async () => {
    const aborted = deferred<boolean>();
    const started = deferred<undefined>();
    const handler: WebHandler = async (request) => {
      started.resolve(undefined);
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
      aborted.resolve(request.signal.aborted);
      return new Response(null, { status: 204 });
    };
    const url = await listen(toNodeHandler(handler));
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal }).catch(() => undefined);
    await started.promise;
    controller.abort();
    await pending;
    expect(await aborted.promise).toBe(true);
  });

  it('should answer 500 when the handler throws and there is no next', async () => {
    const url = await listen(
      toNodeHandler(() => Promise.reject(new Error('boom'))) as RequestListener,
    );
    expect((await fetch(url)).status).toBe(500);
  });
});

describe('given the token handler as Express-style middleware', () => {
  /** What Express does when a router is mounted at /api: strips the prefix from req.url. */
  function mountAt(prefix: string, middleware: ReturnType<typeof toNodeHandler>) {
    return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      Object.assign(req, { originalUrl: req.url, url: req.url?.slice(prefix.length) || '/' });
      void middleware(req, res, next);
    };
  }

  it('should see the original URL and serve the token', async () => {
    const { handler, seen } = tokenHandler();
    const middleware = mountAt('/api', toNodeHandler(handler));
    const url = await listen((req, res) => middleware(req, res, () => res.end()));
    const response = await fetch(`${url}/api/zipteams-token`, {
      headers: { cookie: 'session=alice' },
    });
    expect(response.status).toBe(200);
    expect(seen[0]?.url).toBe(`${url}/api/zipteams-token`);
  });

  it('should pass a handler failure to next', async () => {
    const errors: unknown[] = [];
    const middleware = mountAt(
      '/api',
      toNodeHandler(() => Promise.reject(new Error('boom'))),
    );
    const url = await listen((req, res) =>
      middleware(req, res, (error) => {
        errors.push(error);
        res.statusCode = 503;
        res.end();
      }),
    );
    expect((await fetch(`${url}/api/x`)).status).toBe(503);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
  });
});
