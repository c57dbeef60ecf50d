// In-process fleet instances for the fleet tests: each a createTokenHandler with its own Redis
// client and Redis token cache, against a counting fake upstream on real node:http.
import { afterEach } from 'vitest';
import type { TokenHandlerOptions } from '../config/options.js';
import { createTokenHandler } from '../handler/token-handler.js';
import { createRedisTokenCache } from '../redis/token-cache.js';
import type { RedisTokenCacheOptions } from '../redis/token-cache.js';
import { startCountingUpstream } from '@zipteams/test-utils/node';
import { tenantOf } from './fleet-tenant.js';
import type { CountingUpstreamOptions } from '@zipteams/test-utils/node';
import { API_KEY, API_SECRET, captureLogger } from './fake-upstream.js';
import type { RedisTestClient } from './use-redis-server.js';

export interface InstanceOptions {
  /** Another redis-server than the file's. */
  redisUrl?: string;
  handler?: Partial<TokenHandlerOptions>;
  cache?: Partial<Omit<RedisTokenCacheOptions, 'client'>>;
}

export function useFleetRig(connect: (url?: string) => Promise<RedisTestClient>) {
  const closers: (() => Promise<void>)[] = [];
  let prefixes = 0;
  /** The fleet's clock: real time plus what a test skipped (a cooldown), never a sleep. */
  let skipped = 0;
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    skipped = 0;
  });

  return {
    clock: {
      now: () => Date.now() + skipped,
      /** Moves every instance's clock forward, as if `ms` had passed. */
      skip: (ms: number) => void (skipped += ms),
    },
    async upstream(options: CountingUpstreamOptions = {}) {
      const upstream = await startCountingUpstream(options);
      closers.push(upstream.close);
      return upstream;
    },
    /** A key prefix of its own, so tests never see each other's entries. */
    prefix: () => `fleet${++prefixes}:`,
    /** One instance: its own client, cache and handler. */
    async instance(upstreamUrl: string, prefix: string, options: InstanceOptions = {}) {
      const client = await connect(options.redisUrl);
      const logs = captureLogger();
      const handler = createTokenHandler({
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        baseUrl: upstreamUrl,
        logger: logs.logger,
        now: () => Date.now() + skipped,
        resolveTenant: tenantOf,
        // The cache reports through the handler's logger and runs on its clock and timers.
        cache: createRedisTokenCache({
          client,
          prefix,
          // Generous: a busy test machine must not make Redis look slow where that is not tested.
          operationTimeoutMs: 1_000,
          ...options.cache,
        }),
        ...options.handler,
      });
      const get = (tenant: string) =>
        handler(new Request(`http://partner.test/token?tenant=${encodeURIComponent(tenant)}`));
      return { handler, get, logs, client };
    },
  };
}

/** The answers' status and body (token or error code) and Retry-After. */
export async function read(response: Response) {
  const body = (await response.json()) as { token?: string; error?: { code: string } };
  return {
    status: response.status,
    token: body.token,
    code: body.error?.code,
    retryAfter: response.headers.get('retry-after'),
  };
}

export const tenants = (count: number, name = 'tenant') =>
  Array.from({ length: count }, (_, i) => `${name}-${i}`);
