import { describe, expect, it, vi } from 'vitest';
import { startFleetProcess } from '../test-utils/fleet-processes.js';
import { read, tenants, useFleetRig } from '../test-utils/fleet-rig.js';
import { manualTimers } from '../test-utils/manual-timers.js';
import { useRedisServer } from '../test-utils/use-redis-server.js';

const redis = useRedisServer();
const rig = useFleetRig((url) => redis.connect(url));

describe('given several instances sharing one Redis', () => {
  it('should make one upstream call per tenant for a burst of many tenants on every instance', async () => {
    const upstream = await rig.upstream({ latencyMs: 50 });
    const prefix = rig.prefix();
    const fleet = await Promise.all([1, 2, 3].map(() => rig.instance(upstream.url, prefix)));
    const names = tenants(40);
    const requests = names.flatMap((tenant, i) =>
      [0, 1, 2, 3, 4].map((n) => fleet[(i + n) % 3]!.get(tenant).then(read)),
    );
    const answers = await Promise.all(requests);

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(upstream.calls).toHaveLength(40);
    for (const tenant of names) expect(upstream.countFor(tenant)).toBe(1);
    // Every instance handed out the same token for one tenant.
    for (let t = 0; t < names.length; t++) {
      expect(new Set(answers.slice(t * 5, t * 5 + 5).map((answer) => answer.token)).size).toBe(1);
    }
  });

  it('should do the same across separate processes', async () => {
    const upstream = await rig.upstream({ latencyMs: 50 });
    const prefix = rig.prefix();
    const options = {
      redisUrl: redis.server.url,
      upstreamUrl: upstream.url,
      prefix,
      operationTimeoutMs: 1_000,
    };
    const processes = await Promise.all([startFleetProcess(options), startFleetProcess(options)]);
    try {
      const names = tenants(30);
      const answers = await Promise.all(
        names.flatMap((tenant) =>
          [0, 1, 2, 3].map((n) => fetch(`${processes[n % 2]!.url}?tenant=${tenant}`).then(read)),
        ),
      );
      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      expect(upstream.calls).toHaveLength(30);
      for (const tenant of names) expect(upstream.countFor(tenant)).toBe(1);
    } finally {
      await Promise.all(processes.map((instance) => instance.kill()));
    }
  });

  it('should serve a restarted instance from Redis with no upstream call', async () => {
    const upstream = await rig.upstream();
    const prefix = rig.prefix();
    const first = await rig.instance(upstream.url, prefix);
    const names = tenants(10);
    const before = await Promise.all(names.map((tenant) => first.get(tenant).then(read)));

    const restarted = await rig.instance(upstream.url, prefix);
    const after = await Promise.all(names.map((tenant) => restarted.get(tenant).then(read)));

    expect(upstream.calls).toHaveLength(10);
    expect(after.map((answer) => answer.token)).toEqual(before.map((answer) => answer.token));
  });
});

describe('given a fleet-wide upstream budget', () => {
  const limit = { requests: 4, intervalMs: 1000 };

  it('should never exceed it under a burst of new tenants, answering 429 with Retry-After', async () => {
    const upstream = await rig.upstream({ limit: { requests: 4, intervalMs: 5_000 } });
    const prefix = rig.prefix();
    const slow = { requests: 4, intervalMs: 5000 };
    const fleet = await Promise.all(
      [1, 2, 3].map(() =>
        rig.instance(upstream.url, prefix, { handler: { upstreamLimit: slow, budgetWaitMs: 300 } }),
      ),
    );
    const answers = await Promise.all(
      tenants(12).map((tenant, i) => fleet[i % 3]!.get(tenant).then(read)),
    );

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(4);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(8);
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(6);
    }
    expect(upstream.calls).toHaveLength(4);
    expect(upstream.rejected()).toBe(0);
  });

  it('should let calls wait for a slot that opens within budgetWaitMs, and refuse the rest', async () => {
    // The waits run on fake timers: Redis decides the slots on its own clock, the test decides
    // when the waits end (so the upstream cannot check the spacing in real time; the waits
    // asked for show it).
    const upstream = await rig.upstream();
    const prefix = rig.prefix();
    const time = manualTimers();
    const handler = {
      upstreamLimit: limit,
      budgetWaitMs: 1_500,
      timers: time.timers,
      // Other waits well apart from the budget's (lock heartbeats come every 667 ms).
      cacheTimeoutMs: 5_000,
    };
    const fleet = await Promise.all(
      [1, 2].map(() =>
        rig.instance(upstream.url, prefix, { handler, cache: { operationTimeoutMs: 5_000 } }),
      ),
    );
    const pending = tenants(10).map((tenant, i) => fleet[i % 2]!.get(tenant).then(read));

    // Four calls at once; four more get the slots one interval (plus 250 ms) after those and
    // wait for them; the last two would wait about 2.5 s, past the 1.5 s allowed: 429 at once.
    await vi.waitFor(() => expect(upstream.calls).toHaveLength(4));
    const budgetWaits = () => time.pending().filter((ms) => ms > 700 && ms <= 1_250);
    await vi.waitFor(() => expect(budgetWaits()).toHaveLength(4));
    expect(upstream.calls).toHaveLength(4);

    await time.advance(1_250);
    const answers = await Promise.all(pending);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(8);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(2);
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(2);
    }
    expect(upstream.calls).toHaveLength(8);
  });

  it('should pause every instance after a Zipteams 429, until its Retry-After', async () => {
    const upstream = await rig.upstream();
    const prefix = rig.prefix();
    const [a, b] = await Promise.all(
      [1, 2].map(() => rig.instance(upstream.url, prefix, { handler: { timeoutMs: 500 } })),
    );
    upstream.rateLimitNext(30);
    expect(await a!.get('first').then(read)).toMatchObject({ status: 429, retryAfter: '30' });

    const other = await b!.get('second').then(read);
    expect(other).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(other.retryAfter)).toBeGreaterThan(25);
    expect(upstream.calls).toHaveLength(1);
  });
});
