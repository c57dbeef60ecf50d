import { createServer, type Server } from 'node:http';
import {
  createServer as createTcpServer,
  type Server as TcpServer,
  type Socket,
  connect,
} from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTokenHandler } from '../packages/server/src/index.ts';
import { toNodeHandler } from '../packages/server/src/node.ts';

/**
 * Extra servers for the embed's browser tests: a TCP proxy in front of the mock pages that can be
 * taken down and brought back on the same port (a Zipteams host that is down, then back), and a
 * partner token endpoint that picks the tenant from an `x-team` request header.
 */

interface Proxy {
  server: TcpServer;
  port: number;
  sockets: Set<Socket>;
  target: { host: string; port: number };
}

const proxies = new Map<number, Proxy>();
const partners = new Map<number, Server>();
let nextId = 1;

function listenTcp(server: TcpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function proxyServer(proxy: Omit<Proxy, 'server' | 'port'>): TcpServer {
  return createTcpServer((client) => {
    const upstream = connect(proxy.target.port, proxy.target.host);
    proxy.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      proxy.sockets.delete(client);
      proxy.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
}

/** Starts a proxy to `targetUrl`; returns its id and URL (same scheme, the proxy's port). */
export async function startPagesProxy(targetUrl: string): Promise<{ id: number; url: string }> {
  const target = new URL(targetUrl);
  const base = {
    sockets: new Set<Socket>(),
    target: { host: target.hostname, port: Number(target.port) },
  };
  const server = proxyServer(base);
  const port = await listenTcp(server);
  const id = nextId++;
  proxies.set(id, { ...base, server, port });
  return { id, url: `http://127.0.0.1:${port}` };
}

/** Takes the proxy down (connections refused) or brings it back on the same port. */
export async function setPagesProxyUp(id: number, up: boolean): Promise<void> {
  const proxy = proxies.get(id);
  if (!proxy) throw new Error(`no proxy ${id}`);
  if (!up) {
    for (const socket of proxy.sockets) socket.destroy();
    proxy.sockets.clear();
    await new Promise((resolve) => proxy.server.close(resolve));
    return;
  }
  proxy.server = proxyServer(proxy);
  await listenTcp(proxy.server, proxy.port);
}

/** Stops a proxy for good. */
export async function stopPagesProxy(id: number): Promise<void> {
  const proxy = proxies.get(id);
  proxies.delete(id);
  if (!proxy) return;
  for (const socket of proxy.sockets) socket.destroy();
  await new Promise((resolve) => proxy.server.close(resolve));
}

/**
 * Starts a partner token endpoint on `mockUrl` whose tenant is the `x-team` request header, with
 * CORS for the test page. Returns its id, token URL and stats URL (`{ requests, teams }`).
 */
export async function startHeaderPartner(
  mockUrl: string,
): Promise<{ id: number; tokenUrl: string; statsUrl: string }> {
  const handler = toNodeHandler(
    createTokenHandler({
      apiKey: 'dev-api-key',
      apiSecret: 'dev-api-secret',
      baseUrl: mockUrl,
      logger: false,
      resolveTenant: (request) => ({
        tenantId: request.headers.get('x-team') ?? 'none',
        subTenantId: 'sales',
      }),
    }),
  );
  const teams: string[] = [];
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.url?.startsWith('/__stats')) {
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify({ requests: teams.length, teams }));
    }
    teams.push(String(req.headers['x-team']));
    void handler(req, res);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const id = nextId++;
  partners.set(id, server);
  return {
    id,
    tokenUrl: `http://127.0.0.1:${port}/api/zipteams/token`,
    statsUrl: `http://127.0.0.1:${port}/__stats`,
  };
}

/** Stops a partner started by {@link startHeaderPartner}. */
export async function stopHeaderPartner(id: number): Promise<void> {
  const server = partners.get(id);
  partners.delete(id);
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
