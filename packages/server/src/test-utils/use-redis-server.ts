import { afterAll, afterEach, beforeAll } from 'vitest';
import { connectRedis, startRedisServer } from '@zipteams/test-utils/node';
import type { RedisServer } from '@zipteams/test-utils/node';

export type RedisTestClient = Awaited<ReturnType<typeof connectRedis>>;

/**
 * For a Vitest file: one redis-server for the file (started before its tests, stopped after),
 * and `connect()` for clients that are closed after each test.
 */
export function useRedisServer() {
  let server: RedisServer | undefined;
  let clients: RedisTestClient[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  }, 20_000);
  afterEach(() => {
    for (const client of clients) client.destroy();
    clients = [];
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = () => {
    if (!server) throw new Error('useRedisServer: the server is not started yet');
    return server;
  };
  return {
    get server() {
      return started();
    },
    async connect(url = started().url): Promise<RedisTestClient> {
      const client = await connectRedis(url);
      clients.push(client);
      return client;
    },
  };
}
