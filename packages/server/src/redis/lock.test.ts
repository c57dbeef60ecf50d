import { describe, expect, it } from 'vitest';
import { createLogger } from '../config/logger.js';
import { createRedisRunner } from './commands.js';
import { acquireRedisLock } from './lock.js';
import { systemTimers } from '../config/timers.js';
import { useRedisServer } from '../test-utils/use-redis-server.js';

const redis = useRedisServer();
let keys = 0;

async function runner() {
  return createRedisRunner({
    client: await redis.connect(),
    timeoutMs: 250,
    cooldownMs: 1_000,
    log: createLogger(false, []),
    now: Date.now,
    timers: systemTimers,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('given a lock per key in Redis', () => {
  it('should let one holder in at a time, and the next one in after release', async () => {
    const [a, b] = [await runner(), await runner()];
    const key = `lock${++keys}`;
    const held = await acquireRedisLock(a, key, 2_000);
    expect(held).toBeDefined();
    expect(await acquireRedisLock(b, key, 2_000)).toBeUndefined();
    expect(await acquireRedisLock(b, `${key}:other`, 2_000)).toBeDefined();
    await held?.release();
    expect(await acquireRedisLock(b, key, 2_000)).toBeDefined();
  });

  it('should never delete a lock that another holder took over', async () => {
    const a = await runner();
    const admin = await redis.connect();
    const key = `lock${++keys}`;
    const held = await acquireRedisLock(a, key, 2_000);
    await admin.set(key, 'someone else');
    await held?.release();
    expect(await admin.get(key)).toBe('someone else');
  });

  it('should free the lock of a holder that dies within the lock TTL', async () => {
    const holderClient = await redis.connect();
    const holder = createRedisRunner({
      client: holderClient,
      timeoutMs: 250,
      cooldownMs: 1_000,
      log: createLogger(false, []),
      now: Date.now,
      timers: systemTimers,
    });
    const other = await runner();
    const key = `lock${++keys}`;
    expect(await acquireRedisLock(holder, key, 300)).toBeDefined();
    // The holder's process is gone: nothing extends its lock any more.
    holderClient.destroy();
    const started = Date.now();
    let taken = await acquireRedisLock(other, key, 300);
    while (!taken && Date.now() - started < 2_000) {
      await sleep(20);
      taken = await acquireRedisLock(other, key, 300);
    }
    expect(taken).toBeDefined();
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('should keep a live holder locked past its TTL by extending it', async () => {
    const [a, b] = [await runner(), await runner()];
    const key = `lock${++keys}`;
    const held = await acquireRedisLock(a, key, 150);
    await sleep(500);
    expect(await acquireRedisLock(b, key, 150)).toBeUndefined();
    await held?.release();
    expect(await acquireRedisLock(b, key, 150)).toBeDefined();
  });

  it('should give a stray lock key without expiry one, so it cannot block forever', async () => {
    const a = await runner();
    const admin = await redis.connect();
    const key = `lock${++keys}`;
    await admin.set(key, 'left behind');
    expect(await acquireRedisLock(a, key, 1_000)).toBeUndefined();
    const pttl = await admin.pTTL(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1_000);
  });
});
