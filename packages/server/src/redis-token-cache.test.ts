import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CachedToken } from './cache.js';
import { TokenHandlerConfigError } from './errors.js';
import { createRedisTokenCache } from './redis-token-cache.js';
import type { RedisTokenCacheOptions } from './redis-token-cache.js';
import { captureLogger } from './test-utils/fake-upstream.js';
import { connectRedis, startRedisServer } from './test-utils/redis-server.js';
import type { RedisServer } from './test-utils/redis-server.js';

type Client = Awaited<ReturnType<typeof connectRedis>>;

let server: RedisServer;
let clients: Client[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await Promise.all(clients.map((client) => client.destroy()));
  clients = [];
});

async function connect(): Promise<Client> {
  const client = await connectRedis(server.url);
  clients.push(client);
  return client;
}

/** Two instances of one fleet: separate clients, one prefix per test. */
async function fleet(options: Partial<RedisTokenCacheOptions> = {}) {
  const prefix = `test${++prefixes}:`;
  const logs = captureLogger();
  const make = async () =>
    createRedisTokenCache({ client: await connect(), prefix, logger: logs.logger, ...options });
  return { prefix, logs, a: await make(), b: await make(), admin: await connect() };
}

const entry = (token: string, refreshInMs = 60_000): CachedToken => ({
  token,
  expiresAt: Date.now() + refreshInMs * 2,
  refreshAt: Date.now() + refreshInMs,
});

describe('given two instances sharing a Redis token cache', () => {
  it('should serve an entry stored by one instance from the other, expiring with it', async () => {
    const { a, b, admin, prefix } = await fleet();
    await a.set('["acme","sales"]', entry('jwt-1'), 60);
    expect((await b.get('["acme","sales"]'))?.token).toBe('jwt-1');
    const ttl = await admin.ttl(`${prefix}token:["acme","sales"]`);
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('should serve a restarted instance (an empty process) from Redis', async () => {
    const { a, prefix } = await fleet();
    await a.set('k', entry('jwt-2'), 60);
    const restarted = createRedisTokenCache({ client: await connect(), prefix, logger: false });
    expect((await restarted.get('k'))?.token).toBe('jwt-2');
  });

  it('should forget a deleted entry everywhere', async () => {
    const { a, b } = await fleet();
    await a.set('k', entry('jwt-3'), 60);
    await b.delete('k');
    const fresh = createRedisTokenCache({
      client: await connect(),
      prefix: 'other:',
      logger: false,
    });
    expect(await fresh.get('k')).toBeUndefined();
    expect(await b.get('k')).toBeUndefined();
  });
});

describe('given the lock per key', () => {
  it('should let one holder in at a time, and the next one in after release', async () => {
    const { a, b } = await fleet();
    const held = await a.lock('k');
    expect(held).toBeDefined();
    expect(await b.lock('k')).toBeUndefined();
    expect(await b.lock('other key')).toBeDefined();
    await held?.release();
    expect(await b.lock('k')).toBeDefined();
  });

  it('should never delete a lock that another holder took over', async () => {
    const { a, admin, prefix } = await fleet();
    const held = await a.lock('k');
    await admin.set(`${prefix}lock:k`, 'someone else');
    await held?.release();
    expect(await admin.get(`${prefix}lock:k`)).toBe('someone else');
  });

  it('should free the lock of a holder that dies, within the lock TTL', async () => {
    const { b, prefix } = await fleet({ lockTtlMs: 300 });
    const holderClient = await connect();
    const holder = createRedisTokenCache({
      client: holderClient,
      prefix,
      lockTtlMs: 300,
      logger: false,
    });
    expect(await holder.lock('k')).toBeDefined();
    // The holder's process is gone: nothing extends its lock any more.
    holderClient.destroy();
    const started = Date.now();
    let taken = await b.lock('k');
    while (!taken && Date.now() - started < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      taken = await b.lock('k');
    }
    expect(taken).toBeDefined();
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('should keep a live holder locked past its TTL by extending it', async () => {
    const { a, b } = await fleet({ lockTtlMs: 150 });
    const held = await a.lock('k');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await b.lock('k')).toBeUndefined();
    await held?.release();
  });

  it('should give a stray lock key without expiry one, so it cannot block forever', async () => {
    const { a, admin, prefix } = await fleet({ lockTtlMs: 1_000 });
    await admin.set(`${prefix}lock:k`, 'left behind');
    expect(await a.lock('k')).toBeUndefined();
    const pttl = await admin.pTTL(`${prefix}lock:k`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1_000);
  });
});

describe('given the fleet-wide upstream budget', () => {
  it('should count the calls of every instance against one limit', async () => {
    const { a, b } = await fleet();
    const limit = { requests: 3, intervalSeconds: 2 };
    const budgets = [a.createUpstreamBudget(limit), b.createUpstreamBudget(limit)];
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await budgets[i % 2]!.reserve(0));
    expect(decisions.slice(0, 3).every((decision) => decision.granted)).toBe(true);
    expect(decisions[3]).toMatchObject({ granted: false });
    const refused = decisions[3] as { retryAfterMs: number };
    expect(refused.retryAfterMs).toBeGreaterThan(1_500);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(2_000);
    // Waiting is allowed: the fourth call gets the slot one interval after the first.
    const waiting = await budgets[1]!.reserve(5_000);
    expect(waiting).toMatchObject({ granted: true });
    expect((waiting as { waitMs: number }).waitMs).toBeGreaterThan(1_500);
  });

  it('should pause every instance after a Zipteams 429', async () => {
    const { a, b } = await fleet();
    const limit = { requests: 100, intervalSeconds: 60 };
    await a.createUpstreamBudget(limit).pause(3_000);
    const decision = await b.createUpstreamBudget(limit).reserve(1_000);
    expect(decision).toMatchObject({ granted: false });
    expect((decision as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(2_500);
  });

  it('should replace a budget key that holds garbage and keep counting', async () => {
    const { a, admin, prefix } = await fleet();
    await admin.set(`${prefix}budget`, 'garbage');
    await admin.set(`${prefix}budget:pause`, 'not a number');
    const budget = a.createUpstreamBudget({ requests: 1, intervalSeconds: 60 });
    expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
    expect(await budget.reserve(0)).toMatchObject({ granted: false });
    expect(await admin.type(`${prefix}budget`)).toBe('zset');
  });
});

describe('given garbage in Redis', () => {
  it('should treat an unreadable entry as a miss, with one warning and no token in it', async () => {
    const { a, admin, prefix, logs } = await fleet();
    await admin.set(`${prefix}token:k`, '{"token":"secret-jwt-like","expiresAt":"soon"}');
    expect(await a.get('k')).toBeUndefined();
    await admin.hSet(`${prefix}token:h`, 'field', 'value');
    expect(await a.get('h')).toBeUndefined();
    expect(logs.calls.length).toBeGreaterThanOrEqual(1);
    expect(logs.text()).not.toContain('secret-jwt-like');
    // Writing over the garbage repairs the entry for every instance.
    await a.set('h', entry('jwt-4'), 60);
    expect(await admin.type(`${prefix}token:h`)).toBe('string');
  });
});

describe('given a client that is not a node-redis client', () => {
  it('should fail with a config error naming the option', () => {
    expect(() => createRedisTokenCache({ client: {} as never })).toThrow(TokenHandlerConfigError);
    expect(() => createRedisTokenCache({ client: {} as never })).toThrow(/client/);
  });
});

describe('given a Redis that stops answering', () => {
  it('should fall back to per-instance entries, locks and budget within the timeout, warning once', async () => {
    const own = await startRedisServer();
    const logs = captureLogger();
    const client = await connectRedis(own.url);
    clients.push(client);
    const cache = createRedisTokenCache({
      client,
      logger: logs.logger,
      operationTimeoutMs: 100,
      cooldownMs: 200,
    });
    await cache.set('kept', entry('jwt-5'), 60);
    await own.kill();

    const started = Date.now();
    expect(await cache.get('missing')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(400);
    expect((await cache.get('kept'))?.token).toBe('jwt-5');
    await cache.set('new', entry('jwt-6'), 60);
    expect((await cache.get('new'))?.token).toBe('jwt-6');
    expect(await cache.lock('k')).toBeDefined();
    expect(await cache.lock('k')).toBeDefined();
    const budget = cache.createUpstreamBudget({ requests: 1, intervalSeconds: 60 });
    expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
    expect(await budget.reserve(0)).toMatchObject({ granted: false });
    expect(logs.calls.filter((call) => call.level === 'warn')).toHaveLength(1);
    expect(logs.text()).toMatch(/Redis failed/);

    // Back after the cooldown: shared again, and said so.
    await own.restart();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cache.set('after', entry('jwt-7'), 60);
    const otherClient = await connectRedis(own.url);
    clients.push(otherClient);
    const other = createRedisTokenCache({ client: otherClient, logger: false });
    expect((await other.get('after'))?.token).toBe('jwt-7');
    expect(logs.text()).toMatch(/Redis answers again/);
    await own.stop();
  });

  it('should bound every operation of a slow Redis by its timeout', async () => {
    const { a, admin, logs } = await fleet({ operationTimeoutMs: 100, cooldownMs: 5_000 });
    await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'ALL']);
    const started = Date.now();
    expect(await a.get('k')).toBeUndefined();
    expect(await a.lock('k')).toBeDefined();
    expect(await a.createUpstreamBudget({ requests: 5, intervalSeconds: 1 }).reserve(0)).toEqual({
      granted: true,
      waitMs: 0,
    });
    expect(Date.now() - started).toBeLessThan(300);
    expect(logs.text()).toMatch(/no answer within 100 ms/);
  });
});
