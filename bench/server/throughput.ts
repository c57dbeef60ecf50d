import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { startStack } from '@zipteams/test-stack';
import type { Row } from '../lib/report.ts';
import type { ChildOptions } from './child.ts';

const SECTION = '5. Server throughput (autocannon, loopback, server in its own process)';
const CHILD = '.bench-results/.build/server-child.mjs';
const CONNECTIONS = 64;
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = 8;
const COLD_REQUESTS = 1_000;
/** The first upstream call is held this long, so all cold requests arrive while it is in flight. */
const COLD_UPSTREAM_LATENCY_MS = 500;

interface RunningChild {
  readonly url: string;
  stop(): Promise<void>;
}

async function startChild(options: ChildOptions): Promise<RunningChild> {
  const child: ChildProcess = fork(CHILD, [JSON.stringify(options)], { stdio: 'inherit' });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error(`the ${options.kind} server process exited before listening`);
    }),
  ])) as [{ url: string }];
  return {
    url: message.url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly failures: number;
}

/** Runs `run` against a fresh server process, stopped whatever happens. */
async function withChild<T>(options: ChildOptions, run: (url: string) => Promise<T>): Promise<T> {
  const child = await startChild(options);
  try {
    return await run(child.url);
  } finally {
    await child.stop();
  }
}

async function load(url: string): Promise<Load> {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: MEASURE_SECONDS });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export async function measureServer(): Promise<Row[]> {
  // The test rig's stack; its mock is the upstream, its own partner is not measured (the partner
  // under load runs in a child process, away from the load generator).
  const stack = await startStack();
  const { mock } = stack;
  try {
    const token = await mock.platform.mintToken('acme', 'sales');

    const bare = await withChild({ kind: 'bare', upstream: token }, load);

    let warmUpstream = 0;
    const zipteams = await withChild({ kind: 'zipteams', upstream: mock.url }, async (url) => {
      const warmUp = await fetch(url);
      if (!warmUp.ok) throw new Error(`the token handler answered ${warmUp.status} to warm up`);
      const before = mock.platform.stats().tokenRequests;
      const result = await load(url);
      warmUpstream = mock.platform.stats().tokenRequests - before;
      return result;
    });

    mock.platform.reset();
    mock.platform.faults.set({ latencyMs: COLD_UPSTREAM_LATENCY_MS });
    const cold = await withChild({ kind: 'zipteams', upstream: mock.url }, (url) =>
      autocannon({ url, connections: COLD_REQUESTS, amount: COLD_REQUESTS }),
    );
    const coldUpstream = mock.platform.stats().tokenRequests;

    const ratio = zipteams.rps / bare.rps;
    const failed = bare.failures + zipteams.failures;
    return [
      {
        id: 'server.bare.rps',
        section: SECTION,
        metric: `bare node:http, same JSON: requests/s (${CONNECTIONS} connections, ${MEASURE_SECONDS} s)`,
        value: Math.round(bare.rps),
        unit: 'req/s',
        target: { op: 'info' },
      },
      {
        id: 'server.bare.p99',
        section: SECTION,
        metric: 'bare node:http: p99 latency',
        value: bare.p99,
        unit: 'ms',
        target: { op: 'info' },
      },
      {
        id: 'server.warm.rps',
        section: SECTION,
        metric: '@zipteams/server (warm cache): requests/s',
        value: Math.round(zipteams.rps),
        unit: 'req/s',
        target: { op: 'info' },
      },
      {
        id: 'server.warm.p99',
        section: SECTION,
        metric: '@zipteams/server (warm cache): p99 latency',
        value: zipteams.p99,
        unit: 'ms',
        target: { op: 'info' },
      },
      {
        id: 'server.ratio',
        section: SECTION,
        // Reported, not a goal (a token endpoint is called about once per user a day); the floor
        // only catches a pathological regression.
        metric: '@zipteams/server ÷ bare, requests/s (warm cache)',
        value: Math.round(ratio * 100) / 100,
        unit: '',
        target: { op: '>=', value: 0.5 },
      },
      {
        id: 'server.warm.failures',
        section: SECTION,
        metric: 'failed answers under load (non-2xx, errors, timeouts), both servers',
        value: failed,
        unit: '',
        target: { op: '==', value: 0 },
      },
      {
        id: 'server.warm.upstream',
        section: SECTION,
        metric: 'upstream calls during the warm-cache load',
        value: warmUpstream,
        unit: '',
        target: { op: '==', value: 0 },
      },
      {
        id: 'server.cold.upstream',
        section: SECTION,
        metric: `cold cache, ${COLD_REQUESTS.toLocaleString('en-US')} concurrent requests, one tenant: upstream calls`,
        value: coldUpstream,
        unit: '',
        target: { op: '==', value: 1 },
      },
      {
        id: 'server.cold.ok',
        section: SECTION,
        metric: 'cold cache: requests answered 200',
        value: cold['2xx'],
        unit: '',
        target: { op: '==', value: COLD_REQUESTS },
      },
    ];
  } finally {
    await stack.close();
  }
}
