import { describe, expect, it } from 'vitest';
import type { CachedToken } from '../supply/token-cache.js';
import { TokenHandlerConfigError } from '../errors.js';
import { createTokenHandler } from '../handler/token-handler.js';
import { createRedisTokenCache } from './token-cache.js';
import type { RedisTokenCacheOptions } from './token-cache.js';
import { cacheContext } from '../test-utils/cache-context.js';
import { API_KEY, API_SECRET, captureLogger, fakeUpstream } from '../test-utils/fake-upstream.js';
import { manualTimers } from '../test-utils/manual-timers.js';
import { startRedisServer } from '@zipteams/test-utils/node';
import { useRedisServer } from '../test-utils/use-redis-server.js';

const redis = useRedisServer();
const connect = () => redis.connect();
let prefixes = 0;

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
  staleUntil: Date.now() + refreshInMs * 1.5,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

describe('given the fleet-wide single flight', () => {
  /** A refill as the supply makes it: read again, else fetch (slowly) and store. */
  function refillFor(cache: ReturnType<typeof createRedisTokenCache>, key: string, token: string) {
    let calls = 0;
    const refill = async () => {
      const current = await cache.get(key);
      if (current && current.refreshAt > Date.now()) return current;
      calls++;
      await sleep(100);
      const fetched = entry(token);
      await cache.set(key, fetched, 60);
      return fetched;
    };
    return { refill, calls: () => calls };
  }

  it('should refill once across instances; the others get what the holder stored', async () => {
    const { a, b } = await fleet();
    const onA = refillFor(a, 'k', 'jwt-a');
    const onB = refillFor(b, 'k', 'jwt-b');
    const results = await Promise.all([
      a.singleFlight('k', onA.refill),
      b.singleFlight('k', onB.refill),
      b.singleFlight('k', onB.refill),
    ]);
    expect(onA.calls() + onB.calls()).toBe(1);
    expect(new Set(results.map((result) => result.token)).size).toBe(1);
  });

  it('should take over from a holder that dies mid-call once its lock runs out', async () => {
    const { b, prefix } = await fleet({ lockTtlMs: 300 });
    const holderClient = await connect();
    const holder = createRedisTokenCache({
      client: holderClient,
      prefix,
      lockTtlMs: 300,
      logger: false,
    });
    const started = Date.now();
    void holder.singleFlight('k', () => new Promise<CachedToken>(() => undefined));
    await sleep(20);
    holderClient.destroy();
    const onB = refillFor(b, 'k', 'jwt-b');
    const result = await b.singleFlight('k', onB.refill);
    expect(result.token).toBe('jwt-b');
    expect(onB.calls()).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('given the fleet-wide upstream budget', () => {
  it('should count the calls of every instance against one limit', async () => {
    const { a, b } = await fleet();
    const limit = { requests: 3, intervalMs: 2000 };
    const budgets = [a.upstreamBudget(limit), b.upstreamBudget(limit)];
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await budgets[i % 2]!.reserve(0));
    expect(decisions.slice(0, 3).every((decision) => decision.granted)).toBe(true);
    expect(decisions[3]).toMatchObject({ granted: false });
    const refused = decisions[3] as { retryAfterMs: number };
    expect(refused.retryAfterMs).toBeGreaterThan(1_500);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(2_250);
    // Waiting is allowed: the fourth call gets the slot one interval after the first.
    const waiting = await budgets[1]!.reserve(5_000);
    expect(waiting).toMatchObject({ granted: true });
    expect((waiting as { waitMs: number }).waitMs).toBeGreaterThan(1_500);
  });

  it('should pause every instance after a Zipteams 429', async () => {
    const { a, b } = await fleet();
    const limit = { requests: 100, intervalMs: 60_000 };
    await a.upstreamBudget(limit).pause(3_000);
    const decision = await b.upstreamBudget(limit).reserve(1_000);
    expect(decision).toMatchObject({ granted: false });
    expect((decision as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(2_500);
  });

  it('should replace a budget key that holds garbage and keep counting', async () => {
    const { a, admin, prefix } = await fleet();
    await admin.set(`${prefix}budget`, 'garbage');
    await admin.set(`${prefix}budget:pause`, 'not a number');
    const budget = a.upstreamBudget({ requests: 1, intervalMs: 60_000 });
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
    const client = await redis.connect(own.url);
    // On the handler's logger and clock, as createTokenHandler attaches it; the clock skips the
    // cooldown below instead of sleeping through it.
    let skipped = 0;
    const cache = createRedisTokenCache({
      client,
      operationTimeoutMs: 100,
      cooldownMs: 200,
    }).attach(cacheContext({ logger: logs.logger, now: () => Date.now() + skipped }));
    await cache.set('kept', entry('jwt-5'), 60);
    await own.kill();

    const started = Date.now();
    expect(await cache.get('missing')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(400);
    expect((await cache.get('kept'))?.token).toBe('jwt-5');
    await cache.set('new', entry('jwt-6'), 60);
    expect((await cache.get('new'))?.token).toBe('jwt-6');
    // No fleet lock to wait for: this process refills on its own.
    expect((await cache.singleFlight('k', async () => entry('jwt-local'))).token).toBe('jwt-local');
    const budget = cache.upstreamBudget({ requests: 1, intervalMs: 60_000 });
    expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
    expect(await budget.reserve(0)).toMatchObject({ granted: false });
    // A line for each of the first failures, then one that Redis counts as down; no more.
    const warnings = logs.calls.filter((call) => call.level === 'warn');
    expect(warnings.length).toBeLessThanOrEqual(3);
    expect(logs.text()).toMatch(/per instance for the next 200 ms/);

    // Back after the cooldown: shared again, and said so.
    await own.restart();
    // The client reconnects on its own (every 50 ms); on a busy machine that can take longer than
    // the 100 ms operation timeout, so the test waits for it rather than racing it.
    if (!client.isReady) await new Promise((resolve) => client.once('ready', resolve));
    skipped += 200;
    await cache.set('after', entry('jwt-7'), 60);
    const otherClient = await redis.connect(own.url);
    const other = createRedisTokenCache({ client: otherClient, logger: false });
    expect((await other.get('after'))?.token).toBe('jwt-7');
    expect(logs.text()).toMatch(/Redis answers again/);
    await own.stop();
  });

  it('should bound every operation of a slow Redis by its timeout', async () => {
    const { a, admin, logs } = await fleet({ operationTimeoutMs: 100, cooldownMs: 5_000 });
    await admin.sendCommand(['CLIENT', 'PAUSE', '2000', 'ALL']);
    const started = Date.now();
    expect(await a.get('k')).toBeUndefined();
    expect((await a.singleFlight('k', async () => entry('jwt-slow'))).token).toBe('jwt-slow');
    expect(await a.upstreamBudget({ requests: 5, intervalMs: 1000 }).reserve(0)).toEqual({
      granted: true,
      waitMs: 0,
    });
    // Three operations of 100 ms at most each, then Redis counts as down: nothing waited 2 s.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logs.text()).toMatch(/no answer within 100 ms/);
  });

  it('should keep to its share of the limit (by the instances Redis saw) once Redis is gone', async () => {
    const own = await startRedisServer();
    const options = { prefix: 'share:', logger: false as const, operationTimeoutMs: 100 };
    const limit = { requests: 4, intervalMs: 60_000 };
    const a = createRedisTokenCache({ client: await redis.connect(own.url), ...options });
    const b = createRedisTokenCache({ client: await redis.connect(own.url), ...options });
    const onA = a.upstreamBudget(limit);
    expect(await onA.reserve(0)).toMatchObject({ granted: true });
    expect(await b.upstreamBudget(limit).reserve(0)).toMatchObject({ granted: true });
    expect(await onA.reserve(0)).toMatchObject({ granted: true });
    await own.kill();

    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await onA.reserve(0));
    // Two instances seen: this one may make 4 / 2 = 2 calls a minute on its own.
    expect(decisions.map((decision) => decision.granted)).toEqual([true, true, false]);
  });
});

describe('given a handler that attaches the cache', () => {
  const failing = {
    sendCommand: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
  };

  it("should report Redis trouble through the handler's logger, prefixed and scrubbed", async () => {
    const log = captureLogger();
    const handler = createTokenHandler({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      logger: log.logger,
      fetch: fakeUpstream().fetch,
      resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }),
      cache: createRedisTokenCache({ client: failing }),
    });
    expect((await handler(new Request('https://partner.example/token'))).status).toBe(200);
    const redisLines = log.calls.filter((call) => /Redis/.test(String(call.args[0])));
    expect(redisLines.length).toBeGreaterThan(0);
    for (const call of redisLines) expect(String(call.args[0])).toMatch(/^\[zipteams\/server\] /);
  });

  it('should keep a logger given to the cache itself (deprecated) for its own lines', async () => {
    const own = captureLogger();
    const handlerLog = captureLogger();
    const cache = createRedisTokenCache({ client: failing, logger: own.logger });
    const attached = cache.attach(cacheContext({ logger: handlerLog.logger }));
    expect(await attached.get('k')).toBeUndefined();
    expect(own.text()).toMatch(/Redis failed/);
    expect(handlerLog.calls).toEqual([]);
  });

  it("should wait for a lock holder as long as the handler's limits let a holder work", async () => {
    const time = manualTimers();
    const log = captureLogger();
    // Another instance holds every lock; the shared entry never comes.
    const held = {
      sendCommand: async (args: readonly string[]) => (args[0] === 'EVAL' ? 0 : null),
    };
    const cache = createRedisTokenCache({ client: held }).attach(
      cacheContext({
        logger: log.logger,
        now: time.now,
        timers: time.timers,
        limits: { budgetWaitMs: 2_000, upstreamTimeoutMs: 3_000 },
      }),
    );
    let refilled = false;
    const result = cache.singleFlight('k', async () => {
      refilled = true;
      return entry('jwt-own');
    });
    // 2 s + 3 s + 5 s of slack: polls at 1 s intervals check the deadline after it.
    await time.advance(9_900);
    expect(refilled).toBe(false);
    await time.advance(1_000);
    expect((await result).token).toBe('jwt-own');
    expect(log.text()).toMatch(/held the token lock for too long/);
  });

  it('should warn when an explicit lockWaitMs is shorter than a holder may take', () => {
    const log = captureLogger();
    createRedisTokenCache({ client: failing, lockWaitMs: 1_000 }).attach(
      cacheContext({ logger: log.logger }),
    );
    expect(log.text()).toMatch(
      /lockWaitMs \(1000 ms\) is shorter than a live lock holder may take/,
    );
  });

  it('should keep a clock given to the cache itself (deprecated)', async () => {
    let time = 0;
    let sent = 0;
    const counting = {
      sendCommand: () => {
        sent++;
        return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      },
    };
    const cache = createRedisTokenCache({
      client: counting,
      cooldownMs: 1_000,
      logger: false,
      now: () => time,
    }).attach(cacheContext({ now: () => 0 }));
    // Three failures in a row: Redis is left alone for the cooldown, on the cache's own clock.
    for (let i = 0; i < 4; i++) await cache.get('k');
    expect(sent).toBe(3);
    time += 1_000;
    await cache.get('k');
    expect(sent).toBe(4);
  });
});
