import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMockServer, type MockServer } from './node.js';
import { TOKEN_API_PATH } from './platform.js';
import { VALID_HEADERS } from './test-utils/requests.js';

const servers: MockServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

describe('given a server on a random free port', () => {
  it('should listen on 127.0.0.1 and report its URL', async () => {
    const server = await start();

    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('should mint a token over real HTTP and open the page with it', async () => {
    const server = await start();

    const tokenResponse = await fetch(`${server.url}${TOKEN_API_PATH}`, { headers: VALID_HEADERS });
    const text = await tokenResponse.text();
    const token = (JSON.parse(text) as { data: { token: string } }).data.token;
    const page = await fetch(`${server.url}/view-insights?token=${token}&theme=dark`);
    const html = await page.text();

    expect(tokenResponse.status).toBe(200);
    expect(tokenResponse.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(text).toBe(
      `{"code":"RESPONSE_SUCCESS","message":"Request served successfully.","type":"object","data":{"token":"${token}"}}`,
    );
    expect(page.status).toBe(200);
    expect(html).toContain('data-zipteams-page="insights"');
    expect(html).toContain('data-theme="dark"');
    expect(server.platform.stats()).toMatchObject({ tokensMinted: 1, pageViews: { insights: 1 } });
  });

  it('should pass documented errors through unchanged', async () => {
    const server = await start();

    const response = await fetch(`${server.url}${TOKEN_API_PATH}`, {
      headers: { ...VALID_HEADERS, 'x-api-secret': 'wrong' },
    });

    expect(response.status).toBe(403);
    expect(await response.text()).toBe('{"success":false,"message":"Forbidden"}');
  });

  it('should drive faults through the HTTP control API with a request body', async () => {
    const server = await start();

    const set = await fetch(`${server.url}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ status: 429, retryAfterSeconds: 3 }),
    });
    const limited = await fetch(`${server.url}${TOKEN_API_PATH}`, { headers: VALID_HEADERS });
    const stats = await fetch(`${server.url}/__mock/stats`);

    expect(set.status).toBe(200);
    expect(set.headers.get('access-control-allow-origin')).toBe('*');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await stats.json()).toMatchObject({ tokenRequests: 1, byStatus: { '429': 1 } });
  });

  it('should keep frame-ancestors on real responses', async () => {
    const server = await start({ allowOrigins: ['https://partner.example.com'] });

    const response = await fetch(`${server.url}/view-insights`);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-security-policy')).toBe(
      'frame-ancestors https://partner.example.com',
    );
  });

  it('should answer 413 to a body over 1 MB', async () => {
    const server = await start();

    const response = await fetch(`${server.url}/__mock/faults`, {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
    });

    expect(response.status).toBe(413);
  });
});

describe('given a hanging token request', () => {
  it('should end it when close() is called', async () => {
    const server = await start();
    server.platform.faults.set({ hang: true });

    const hanging = fetch(`${server.url}${TOKEN_API_PATH}`, { headers: VALID_HEADERS });
    const outcome = hanging.then(
      () => 'answered',
      () => 'ended',
    );
    await vi.waitFor(() => expect(server.platform.stats().pending).toBe(1));
    await server.close();

    expect(await outcome).toBe('ended');
    expect(server.platform.stats().pending).toBe(0);
  });

  it('should abort the handler when the client goes away', async () => {
    const server = await start();
    server.platform.faults.set({ hang: true });
    const controller = new AbortController();

    const hanging = fetch(`${server.url}${TOKEN_API_PATH}`, {
      headers: VALID_HEADERS,
      signal: controller.signal,
    }).catch(() => 'aborted');
    await vi.waitFor(() => expect(server.platform.stats().pending).toBe(1));
    controller.abort();

    expect(await hanging).toBe('aborted');
    await vi.waitFor(() => expect(server.platform.stats().pending).toBe(0));
    server.platform.faults.clear();
    expect(server.platform.stats().byStatus).toEqual({});
  });

  it('should answer normally once the fault is cleared over HTTP', async () => {
    const server = await start();
    await fetch(`${server.url}/__mock/faults`, { method: 'POST', body: '{"hang":true}' });

    const hanging = fetch(`${server.url}${TOKEN_API_PATH}`, { headers: VALID_HEADERS });
    await vi.waitFor(() => expect(server.platform.stats().pending).toBe(1));
    await fetch(`${server.url}/__mock/faults`, { method: 'DELETE' });

    expect((await hanging).status).toBe(200);
  });
});

describe('given close()', () => {
  it('should be idempotent and free the port', async () => {
    const server = await start();

    await Promise.all([server.close(), server.close()]);
    await server.close();

    const again = await start({ port: server.port });
    expect(again.port).toBe(server.port);
  });

  it('should end idle keep-alive connections promptly', async () => {
    const server = await start();
    await (await fetch(`${server.url}/__mock/health`)).text();

    const startedAt = performance.now();
    await server.close();

    expect(performance.now() - startedAt).toBeLessThan(1000);
  });
});

describe('given a port that is in use', () => {
  it('should reject with EADDRINUSE', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startMockServer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('should refuse an invalid port before listening', async () => {
    await expect(startMockServer({ port: 70_000 })).rejects.toThrow(RangeError);
  });
});

describe('given an oversized body to the control API', () => {
  it('should answer 413 JSON with the CORS header, not reset the connection', async () => {
    const { url } = await start();
    // 2 MiB, sent in full by the client while the mock stops keeping it past 1 MiB.
    const response = await fetch(`${url}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });

    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ success: false, message: 'Payload too large' });
  });
});
