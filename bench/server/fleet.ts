// The fleet row: 4 partner-server processes sharing one real redis-server (createRedisTokenCache),
// 1,000 tenants, 10,000 requests, against a counting fake Zipteams that enforces the same
// sliding-window limit as the budget (so any overrun shows as upstream 429s).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { busiestWindow, startRedisServer } from '@zipteams/test-utils/node';
import { startFleetProcess } from '../../packages/server/src/test-utils/fleet-processes.ts';
import type { CountingUpstreamOptions, UpstreamCallRecord } from '@zipteams/test-utils/node';
import type { Row } from '../lib/report.ts';

const UPSTREAM_CHILD = '.bench-results/.build/upstream-child.mjs';

/** The counting upstream in its own process (bench/server/upstream-child.ts). */
async function startUpstreamProcess(options: CountingUpstreamOptions) {
  const child = fork(UPSTREAM_CHILD, [JSON.stringify(options)], { stdio: 'inherit' });
  const [{ url }] = (await once(child, 'message')) as [{ url: string }];
  return {
    url,
    async stats() {
      child.send({ type: 'stats' });
      const [stats] = (await once(child, 'message')) as [
        { calls: UpstreamCallRecord[]; rejected: number },
      ];
      return stats;
    },
    close: () => {
      child.kill('SIGKILL');
      return Promise.resolve();
    },
  };
}

const SECTION = '7. Fleet (4 processes, one Redis, 1,000 tenants)';
const PROCESSES = 4;
const TENANTS = 1_000;
const REQUESTS = 10_000;
const CONCURRENCY = 64;
/**
 * The documented 120 per 60 s, scaled so the run takes seconds, not 8 minutes: the same
 * sliding-window rule, enforced by the fake upstream too. 1,000 tenants need two windows, so half
 * of them wait about 5 s for their slot (within the default 10 s timeout).
 */
const BUDGET = { requests: 500, intervalMs: 5_000 };
const UPSTREAM_LATENCY_MS = 20;

/** A fixed shuffle (mulberry32), so every run sends the same sequence. */
function shuffled<T>(items: T[], seed = 42): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

export async function measureFleet(): Promise<Row[]> {
  const redis = await startRedisServer();
  const upstream = await startUpstreamProcess({
    latencyMs: UPSTREAM_LATENCY_MS,
    limit: BUDGET,
  });
  const processes = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      startFleetProcess({
        redisUrl: redis.url,
        upstreamUrl: upstream.url,
        prefix: 'bench:',
        upstreamLimit: BUDGET,
      }),
    ),
  );
  try {
    const sequence = shuffled(Array.from({ length: REQUESTS }, (_, i) => `tenant-${i % TENANTS}`));
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < sequence.length) {
        const index = next++;
        const target = processes[index % PROCESSES]!;
        const sent = performance.now();
        const response = await fetch(`${target.url}?tenant=${sequence[index]}`);
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;

    latencies.sort((a, b) => a - b);
    const stats = await upstream.stats();
    const calls = stats.calls.length;
    const busiest = busiestWindow(
      stats.calls.map((call) => call.at),
      BUDGET.intervalMs,
    );
    const perTenant = new Map<string, number>();
    for (const call of stats.calls) {
      perTenant.set(call.tenantId, (perTenant.get(call.tenantId) ?? 0) + 1);
    }
    const ok = statuses.get(200) ?? 0;
    const budget = `${BUDGET.requests} per ${BUDGET.intervalMs / 1000} s`;
    const row = (
      id: string,
      metric: string,
      value: number,
      unit: string,
      target: Row['target'],
      display?: string,
    ): Row => ({ id: `fleet.${id}`, section: SECTION, metric, value, unit, target, display });
    return [
      row(
        'upstream',
        `${REQUESTS.toLocaleString('en-US')} requests over ${PROCESSES} processes: upstream calls`,
        calls,
        '',
        { op: '==', value: TENANTS, label: `${TENANTS} (one per tenant)` },
      ),
      row(
        'tenants.twice',
        'tenants fetched more than once',
        [...perTenant.values()].filter((count) => count > 1).length,
        '',
        { op: '==', value: 0 },
      ),
      row(
        'busiest',
        `highest upstream calls in any ${BUDGET.intervalMs / 1000} s window (budget ${budget}, the documented 120 per 60 s scaled)`,
        busiest,
        'calls',
        { op: '<=', value: BUDGET.requests },
      ),
      row('upstream429', 'upstream 429s', stats.rejected, '', { op: '==', value: 0 }),
      row(
        'ok',
        'requests answered 200',
        ok,
        '',
        { op: '==', value: REQUESTS },
        ok === REQUESTS
          ? undefined
          : `${ok} (${[...statuses].map(([status, count]) => `${count}× ${status}`).join(', ')})`,
      ),
      row('p50', `latency p50 (${CONCURRENCY} concurrent)`, percentile(latencies, 50), 'ms', {
        op: 'info',
      }),
      row('p99', 'latency p99 (budget waits included)', percentile(latencies, 99), 'ms', {
        op: 'info',
      }),
      row('duration', 'whole run', seconds, 's', { op: 'info' }),
    ].map((entry) =>
      entry.unit === 'ms' || entry.unit === 's'
        ? { ...entry, value: Math.round(entry.value! * 10) / 10 }
        : entry,
    );
  } finally {
    await Promise.all(processes.map((instance) => instance.kill()));
    await upstream.close();
    await redis.stop();
  }
}
