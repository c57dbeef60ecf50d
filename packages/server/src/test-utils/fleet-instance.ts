// One instance of a partner's fleet, in its own process: createTokenHandler with the Redis
// cache, served on node:http. Started (bundled by esbuild) by the fleet tests and the bench with
// its options as JSON in argv[2]; reports its URL over IPC and exits when the parent leaves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { tenantOf } from './fleet-tenant.js';
import { createTokenHandler } from '../index.js';
import type { UpstreamLimit } from '../index.js';
import { toNodeHandler } from '../node.js';
import { createRedisTokenCache } from '../redis.js';

export interface FleetInstanceOptions {
  readonly redisUrl: string;
  readonly upstreamUrl: string;
  readonly prefix: string;
  readonly lockTtlMs?: number;
  readonly operationTimeoutMs?: number;
  readonly timeoutMs?: number;
  readonly upstreamLimit?: UpstreamLimit;
}

const options = JSON.parse(process.argv[2] ?? '{}') as FleetInstanceOptions;
const client = createClient({
  url: options.redisUrl,
  socket: { connectTimeout: 1_000, reconnectStrategy: () => 100 },
});
client.on('error', () => undefined);
await client.connect();

const handler = createTokenHandler({
  apiKey: 'fleet-key',
  apiSecret: 'fleet-secret',
  baseUrl: options.upstreamUrl,
  logger: false,
  timeoutMs: options.timeoutMs,
  upstreamLimit: options.upstreamLimit,
  cache: createRedisTokenCache({
    client,
    prefix: options.prefix,
    lockTtlMs: options.lockTtlMs,
    operationTimeoutMs: options.operationTimeoutMs,
    logger: process.env.FLEET_DEBUG ? console : false,
  }),
  resolveTenant: tenantOf,
});
const server = createServer(toNodeHandler(handler));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}/token` });
});
process.on('disconnect', () => process.exit(0));
