import { describe, expect, it } from 'vitest';
import { read, tenants, useFleetRig } from '../test-utils/fleet-rig.js';
import { startRedisServer } from '@zipteams/test-utils/node';
import { startFleetProcess } from '../test-utils/fleet-processes.js';
import { useRedisServer } from '../test-utils/use-redis-server.js';

const redis = useRedisServer();
const rig = useFleetRig((url) => redis.connect(url));
/** Short Redis timeouts, so the faults below cost milliseconds. */
const quick = { cache: { operationTimeoutMs: 200, cooldownMs: 1_000, lockTtlMs: 300 } };

describe('given a lock holder that is killed mid-call', () => {
  it('should let another instance take over once the lock runs out', async () => {
    const upstream = await rig.upstream();
    const prefix = rig.prefix();
    const holder = await startFleetProcess({
      redisUrl: redis.server.url,
      upstreamUrl: upstream.url,
      prefix,
      lockTtlMs: 300,
      operationTimeoutMs: 1_000,
    });
    upstream.hold('victim');
    const arrived = upstream.arrival('victim');
    void fetch(`${holder.url}?tenant=victim`).catch(() => undefined);
    await arrived;
    const other = await rig.instance(upstream.url, prefix, { cache: { lockTtlMs: 300 } });
    // The holder has the lock and its call is in flight: a waiter now waits for it.
    const waiting = other.get('victim').then(read);
    await holder.kill();
    const started = Date.now();

    expect(await waiting).toMatchObject({ status: 200 });
    // Within a few lock TTLs (300 ms), not the 25 s a live holder may take.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(upstream.countFor('victim')).toBe(2);
    // Starting a Node process of its own takes seconds on a loaded 2-core machine: the bound that
    // matters is the 3 s after the kill, above.
  }, 20_000);
});

describe('given Redis stopped mid-run', () => {
  it('should keep serving every request per instance, with a warning', async () => {
    const own = await startRedisServer();
    try {
      const upstream = await rig.upstream();
      const prefix = rig.prefix();
      const fleet = await Promise.all(
        [1, 2].map(() => rig.instance(upstream.url, prefix, { ...quick, redisUrl: own.url })),
      );
      const warm = tenants(10, 'warm');
      await Promise.all(warm.map((tenant) => fleet[0]!.get(tenant)));
      await Promise.all(warm.map((tenant) => fleet[1]!.get(tenant)));
      expect(upstream.calls).toHaveLength(10);

      await own.kill();
      const cold = tenants(10, 'cold');
      const answers = await Promise.all(
        [...warm, ...cold].flatMap((tenant) =>
          fleet.map((instance) => instance.get(tenant).then(read)),
        ),
      );

      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      // Each instance makes one call per tenant it had not seen; the warm ones it kept.
      for (const tenant of warm) expect(upstream.countFor(tenant)).toBe(1);
      for (const tenant of cold) expect(upstream.countFor(tenant)).toBeLessThanOrEqual(2);
      expect(fleet[0]!.logs.text()).toMatch(/Redis failed/);

      // Back again: shared once more after the cooldown (skipped on the fleet's clock).
      await own.restart();
      rig.clock.skip(1_000);
      const later = tenants(5, 'later');
      await Promise.all(later.map((tenant) => fleet[0]!.get(tenant)));
      await Promise.all(later.map((tenant) => fleet[1]!.get(tenant)));
      for (const tenant of later) expect(upstream.countFor(tenant)).toBe(1);
    } finally {
      await own.stop();
    }
  });
});

describe('given a slow Redis', () => {
  it('should answer within the Redis timeouts instead of waiting for Redis', async () => {
    const upstream = await rig.upstream();
    const prefix = rig.prefix();
    const instance = await rig.instance(upstream.url, prefix, quick);
    const admin = await redis.connect();
    await admin.sendCommand(['CLIENT', 'PAUSE', '2000', 'ALL']);
    try {
      const started = Date.now();
      const answers = await Promise.all(
        tenants(5, 'slow').map((tenant) => instance.get(tenant).then(read)),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // Redis is paused for 2 s; the answers came well before.
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(instance.logs.text()).toMatch(/no answer within 200 ms/);
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
    }
  });
});

describe('given garbage in Redis', () => {
  it('should fetch a fresh token over an unreadable entry, lock or budget and repair them', async () => {
    const upstream = await rig.upstream();
    const prefix = rig.prefix();
    const admin = await redis.connect();
    const key = `${prefix}token:${JSON.stringify(['broken', 'team'])}`;
    await admin.set(key, 'not json');
    await admin.set(`${prefix}lock:${JSON.stringify(['locked', 'team'])}`, 'stray, no expiry');
    await admin.hSet(`${prefix}budget`, 'not', 'a sorted set');
    const instance = await rig.instance(upstream.url, prefix, quick);

    const answers = await Promise.all(
      ['broken', 'locked'].map((tenant) => instance.get(tenant).then(read)),
    );

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(JSON.parse((await admin.get(key)) ?? '{}')).toMatchObject({ token: answers[0]!.token });
    expect(await admin.type(`${prefix}budget`)).toBe('zset');
    expect(instance.logs.text()).not.toContain(answers[0]!.token!);
  });
});
