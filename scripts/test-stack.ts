import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockServer, type MockServer } from '../packages/mock/src/index.ts';
import { createTokenHandler } from '../packages/server/src/index.ts';
import { toNodeHandler } from '../packages/server/src/node.ts';

/** Options of {@link startTestStack}. */
export interface TestStackOptions {
  /** Token lifetime the mock platform issues, in seconds. Default 86400. */
  tokenTtlSeconds?: number;
  /** frame-ancestors allow-list of the mock pages. Default: any origin. */
  allowOrigins?: string[];
}

/** URLs of a running stack: the mock platform and a partner token endpoint in front of it. */
export interface TestStackInfo {
  id: number;
  /** The mock Zipteams platform (pages and `/__mock/*` controls). */
  mockUrl: string;
  /** The partner token endpoint; `?tenant=&sub=` pick the tenant (tests only). */
  tokenUrl: string;
  /** Counts of requests the partner endpoint answered: `GET` returns `{ requests }`. */
  partnerStatsUrl: string;
}

interface RunningStack {
  info: TestStackInfo;
  close(): Promise<void>;
}

const stacks = new Map<number, RunningStack>();
let nextId = 1;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts a mock Zipteams platform and a partner backend (`@zipteams/server` on `node:http`, with
 * CORS for the test page) on free loopback ports: real HTTP between every part.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStackInfo> {
  const mock: MockServer = await startMockServer({
    port: 0,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    allowOrigins: options.allowOrigins ?? [],
    rateLimitPerMinute: Infinity,
  });
  const handler = toNodeHandler(
    createTokenHandler({
      apiKey: 'dev-api-key',
      apiSecret: 'dev-api-secret',
      baseUrl: mock.url,
      logger: false,
      resolveTenant: (request) => {
        const url = new URL(request.url);
        return {
          tenantId: url.searchParams.get('tenant') ?? 'acme',
          subTenantId: url.searchParams.get('sub') ?? 'sales',
        };
      },
    }),
  );
  let requests = 0;
  const partner = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-expose-headers', 'date, retry-after');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.url?.startsWith('/__stats')) {
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify({ requests }));
    }
    requests++;
    void handler(req, res);
  });
  const port = await listen(partner);
  const id = nextId++;
  const info: TestStackInfo = {
    id,
    mockUrl: mock.url,
    tokenUrl: `http://127.0.0.1:${port}/api/zipteams/token`,
    partnerStatsUrl: `http://127.0.0.1:${port}/__stats`,
  };
  stacks.set(id, {
    info,
    close: async () => {
      partner.closeAllConnections();
      await new Promise((resolve) => partner.close(resolve));
      await mock.close();
    },
  });
  return info;
}

/** Stops a stack started by {@link startTestStack}. */
export async function stopTestStack(id: number): Promise<void> {
  const stack = stacks.get(id);
  stacks.delete(id);
  await stack?.close();
}
