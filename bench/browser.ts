import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import react from '@vitejs/plugin-react';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { startTestStack, stopTestStack, type TestStackInfo } from '../scripts/test-stack.ts';
import type { Delay, LiveResources, MountOptions, PageCounters } from './page/api.ts';
import type { Row, Target } from './lib/report.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Token lifetime of the rotation stack: three lifetimes take 18 s. */
const SHORT_TTL_SECONDS = 6;
const LEAK_CYCLES = 1_000;
const PARENT_RENDERS = 100;
const TIMING_RUNS = 3;
/** Time left after a state is reached for late requests or loads to show up. */
const SETTLE_MS = 500;
/** One frame at 60 Hz. */
const FRAME_MS = 1000 / 60;

const SECTIONS = {
  requests: '2. Token requests (Chromium, partner endpoint counting)',
  rendering: '3. Rendering (React Profiler, iframe load events, visible-frame watch)',
  timing: '4. Latency (performance.now() in the page)',
  leaks: '6. Leaks (instrumented timers, window/document listeners, fetch)',
} as const;

function row(
  id: string,
  section: string,
  metric: string,
  value: number | null,
  unit: string,
  target: Target,
  display?: string,
): Row {
  return {
    id,
    section,
    metric,
    value,
    unit,
    target,
    ...(display === undefined ? {} : { display }),
  };
}

// ---- servers ---------------------------------------------------------------------------

const workspaceAliases = {
  '@zipteams/embed-core': resolve('packages/core/src/index.ts'),
  '@zipteams/react': resolve('packages/react/src/index.ts'),
  '@zipteams/server/node': resolve('packages/server/src/node.ts'),
  '@zipteams/server': resolve('packages/server/src/index.ts'),
  '@zipteams/mock': resolve('packages/mock/src/index.ts'),
};

/** Vite dev server for bench/page: no config file, no HMR, no watcher, its own dep cache. */
async function startPageServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: false,
    root: resolve('bench/page'),
    cacheDir: resolve('.bench-results/.vite'),
    logLevel: 'warn',
    clearScreen: false,
    plugins: [react()],
    resolve: { alias: workspaceAliases },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: {
      include: [
        'react',
        'react-dom',
        'react-dom/client',
        'react/jsx-dev-runtime',
        '@tanstack/react-query',
      ],
      noDiscovery: true,
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the page server did not listen');
  // `localhost` for the page, 127.0.0.1 for the mock: cross-site frames, as in production.
  return { server, url: `http://localhost:${address.port}/` };
}

async function instrumentScript(): Promise<string> {
  const result = await build({
    entryPoints: ['bench/page/instrument.ts'],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

async function partnerRequests(stack: TestStackInfo): Promise<number> {
  const response = await fetch(stack.partnerStatsUrl);
  return ((await response.json()) as { requests: number }).requests;
}

async function tokensMinted(stack: TestStackInfo): Promise<number> {
  const response = await fetch(`${stack.mockUrl}/__mock/stats`);
  return ((await response.json()) as { tokensMinted: number }).tokensMinted;
}

// ---- page helpers --------------------------------------------------------------------------

interface Harness {
  readonly context: BrowserContext;
  readonly pageUrl: string;
}

async function withPage<T>(harness: Harness, run: (page: Page) => Promise<T>): Promise<T> {
  const page = await harness.context.newPage();
  page.on('pageerror', (error) => console.error(`[bench page] ${error.message}`));
  try {
    await page.goto(harness.pageUrl);
    await page.waitForFunction(() => window.__bench !== undefined);
    return await run(page);
  } finally {
    await page.close();
  }
}

const mount = (page: Page, options: MountOptions) =>
  page.evaluate((o) => window.__bench.mount(o), options);
const counters = (page: Page): Promise<PageCounters> =>
  page.evaluate(() => window.__bench.counters());
const waitReady = (page: Page, count: number) =>
  page.waitForFunction((n) => window.__bench.readyCount() === n, count, { timeout: 30_000 });
const waitLoads = (page: Page, loads: number) =>
  page.waitForFunction((n) => window.__bench.counters().iframeLoads >= n, loads, {
    timeout: 30_000,
  });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

const ms = (value: number) => Math.round(value * 10) / 10;
const taskLabel = (delays: readonly Delay[]) =>
  delays.every((delay) => delay.sameTask)
    ? 'same task'
    : delays.some((delay) => delay.sameTask)
      ? 'same task in some runs'
      : 'a later task';

// ---- scenarios -----------------------------------------------------------------------------

interface MountRun {
  readonly partner: number;
  readonly fetches: number;
  readonly mountToRequest: { fromRender: Delay; fromCommit: Delay } | undefined;
  readonly responseToSrc: readonly Delay[];
}

async function mountAndCount(
  harness: Harness,
  stack: TestStackInfo,
  count: number,
  strict: boolean,
): Promise<MountRun> {
  return withPage(harness, async (page) => {
    const before = await partnerRequests(stack);
    await mount(page, { count, strict, tokenUrl: stack.tokenUrl, baseUrl: stack.mockUrl });
    await waitReady(page, count);
    await sleep(SETTLE_MS);
    return {
      partner: (await partnerRequests(stack)) - before,
      fetches: (await counters(page)).tokenFetches,
      mountToRequest: await page.evaluate(() => window.__bench.mountToRequest()),
      responseToSrc: await page.evaluate(() => window.__bench.responseToSrc()),
    };
  });
}

async function requestScenarios(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  const rows: Row[] = [];
  const timingRuns: MountRun[] = [];
  for (const count of [1, 10, 50]) {
    for (const strict of [false, true]) {
      const run = await mountAndCount(harness, stack, count, strict);
      if (count === 1 && !strict) timingRuns.push(run);
      const label = `${count} dashboard${count === 1 ? '' : 's'}, one token source, ${strict ? 'StrictMode' : 'no StrictMode'}: requests`;
      rows.push(
        row(
          `requests.mount.${count}.${strict ? 'strict' : 'plain'}`,
          SECTIONS.requests,
          label,
          run.partner,
          '',
          { op: '==', value: 1 },
          run.partner === run.fetches ? undefined : `${run.partner} (page saw ${run.fetches})`,
        ),
      );
    }
  }
  while (timingRuns.length < TIMING_RUNS) {
    timingRuns.push(await mountAndCount(harness, stack, 1, false));
  }

  const fromRender = timingRuns.flatMap((run) => run.mountToRequest?.fromRender ?? []);
  const fromCommit = timingRuns.flatMap((run) => run.mountToRequest?.fromCommit ?? []);
  const toSrc = timingRuns.flatMap((run) => run.responseToSrc.slice(0, 1));
  const timingRow = (id: string, metric: string, delays: readonly Delay[]) => {
    const value = delays.length === TIMING_RUNS ? ms(median(delays.map((d) => d.ms))) : null;
    return row(
      id,
      SECTIONS.timing,
      `${metric} (median of ${TIMING_RUNS})`,
      value,
      'ms',
      { op: '<=', value: ms(FRAME_MS), label: 'same task or ≤ 1 frame (16.7 ms)' },
      value === null ? 'not observed' : `${value} ms, ${taskLabel(delays)}`,
    );
  };
  const timing = [
    timingRow('timing.mount-to-request', 'mount (`root.render`) → first token request', fromRender),
    timingRow(
      'timing.commit-to-request',
      'first dashboard commit → first token request',
      fromCommit,
    ),
    timingRow('timing.response-to-src', 'token response → iframe `src` set', toSrc),
  ];
  return [...rows, ...timing];
}

interface RotationResult {
  readonly rows: Row[];
  readonly timing: Row[];
}

async function rotationScenario(harness: Harness, stack: TestStackInfo): Promise<RotationResult> {
  return withPage(harness, async (page) => {
    const partnerBefore = await partnerRequests(stack);
    const mintedBefore = await tokensMinted(stack);
    await mount(page, {
      count: 1,
      strict: false,
      tokenUrl: stack.tokenUrl,
      baseUrl: stack.mockUrl,
    });
    await waitReady(page, 1);
    await waitLoads(page, 1);
    await page.evaluate(() => window.__bench.watchGaps());
    const start = await counters(page);
    await sleep(3 * SHORT_TTL_SECONDS * 1000);
    const end = await counters(page);
    const gaps = await page.evaluate(() => window.__bench.gapStats());
    const toSrc = (await page.evaluate(() => window.__bench.responseToSrc())).slice(1);
    const requests = (await partnerRequests(stack)) - partnerBefore;
    const minted = (await tokensMinted(stack)) - mintedBefore;

    await page.evaluate(() => window.__bench.unmount());
    const afterUnmount = await partnerRequests(stack);
    const fetchesAtUnmount = end.tokenFetches;
    await sleep(1.5 * SHORT_TTL_SECONDS * 1000);
    const lateRequests = (await partnerRequests(stack)) - afterUnmount;
    const lateFetches = (await counters(page)).tokenFetches - fetchesAtUnmount;

    const rotations = end.distinctTokens - start.distinctTokens;
    const perRotation = (value: number) =>
      rotations > 0 ? Math.round((value / rotations) * 100) / 100 : null;
    const ttl = `TTL ${SHORT_TTL_SECONDS} s`;
    const rows = [
      row(
        'requests.lifetimes.3',
        SECTIONS.requests,
        `three token lifetimes (${ttl}, default margins): requests`,
        requests,
        '',
        { op: '==', value: 4, label: '= 4 (3 + the first)' },
      ),
      row(
        'requests.lifetimes.minted',
        SECTIONS.requests,
        `three token lifetimes: tokens minted by the platform`,
        minted,
        '',
        { op: '==', value: 4, label: '= 4 (3 + the first)' },
      ),
      row(
        'requests.lifetimes.repeats',
        SECTIONS.requests,
        'three token lifetimes: requests answered with the token already shown',
        requests - end.distinctTokens,
        '',
        { op: '==', value: 0 },
      ),
      row(
        'requests.after-unmount',
        SECTIONS.requests,
        `after unmount, ${1.5 * SHORT_TTL_SECONDS} s (1.5 lifetimes): requests`,
        lateRequests,
        '',
        { op: '==', value: 0 },
        lateRequests === lateFetches ? undefined : `${lateRequests} (page saw ${lateFetches})`,
      ),
      row(
        'rendering.rotations',
        SECTIONS.rendering,
        `token rotations seen in three lifetimes (${ttl})`,
        rotations,
        '',
        { op: 'info' },
      ),
      row(
        'rendering.rotation.commits',
        SECTIONS.rendering,
        'dashboard commits per rotation',
        perRotation(end.commits - start.commits),
        '',
        { op: 'info' },
      ),
      row(
        'rendering.rotation.loads',
        SECTIONS.rendering,
        'iframe loads per rotation',
        perRotation(end.iframeLoads - start.iframeLoads),
        '',
        { op: '==', value: 1 },
      ),
      row(
        'rendering.rotation.gap',
        SECTIONS.rendering,
        'longest time with no loaded frame visible, during rotations',
        ms(gaps.longestMs),
        'ms',
        { op: '<=', value: 0 },
        `${ms(gaps.longestMs)} ms (${gaps.gaps} gap${gaps.gaps === 1 ? '' : 's'})`,
      ),
    ];
    const timing =
      toSrc.length === 0
        ? []
        : [
            row(
              'timing.rotation.response-to-src',
              SECTIONS.timing,
              `token response → new iframe \`src\` on rotation (worst of ${toSrc.length})`,
              ms(Math.max(...toSrc.map((d) => d.ms))),
              'ms',
              { op: '<=', value: ms(FRAME_MS), label: 'same task or ≤ 1 frame (16.7 ms)' },
              `${ms(Math.max(...toSrc.map((d) => d.ms)))} ms, ${taskLabel(toSrc)}`,
            ),
          ];
    return { rows, timing };
  });
}

async function parentRenderScenario(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  return withPage(harness, async (page) => {
    await mount(page, {
      count: 1,
      strict: false,
      tokenUrl: stack.tokenUrl,
      baseUrl: stack.mockUrl,
    });
    await waitReady(page, 1);
    await waitLoads(page, 1);
    await sleep(SETTLE_MS);
    const before = await counters(page);
    await page.evaluate((n) => window.__bench.rerenderParent(n), PARENT_RENDERS);
    await sleep(SETTLE_MS);
    const after = await counters(page);
    return [
      row(
        'rendering.parent.commits',
        SECTIONS.rendering,
        `dashboard commits per ${PARENT_RENDERS} parent re-renders (inline callbacks)`,
        after.commits - before.commits,
        '',
        { op: '<=', value: PARENT_RENDERS, label: `≤ ${PARENT_RENDERS} (no extra commits)` },
      ),
      row(
        'rendering.parent.loads',
        SECTIONS.rendering,
        `iframe loads per ${PARENT_RENDERS} parent re-renders`,
        after.iframeLoads - before.iframeLoads + (after.srcSets - before.srcSets),
        '',
        { op: '==', value: 0 },
      ),
    ];
  });
}

async function leakScenario(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  return withPage(harness, async (page) => {
    const cdp = await harness.context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const live = (): Promise<LiveResources> => page.evaluate(() => window.__bench.live());
    const options = { count: 1, strict: false, tokenUrl: stack.tokenUrl, baseUrl: stack.mockUrl };

    const initial = await live();
    await mount(page, options);
    await waitReady(page, 1);
    await page.evaluate(() => window.__bench.unmount());
    await sleep(SETTLE_MS);
    const first = await live();
    const heapFirst = await heap();

    const started = Date.now();
    await page.evaluate(([n, o]) => window.__bench.cycles(n, o), [LEAK_CYCLES, options] as const);
    const cyclesMs = Date.now() - started;
    await sleep(SETTLE_MS);
    const last = await live();
    const heapLast = await heap();
    await cdp.detach();

    const fromFirst = (pick: (l: LiveResources) => number) => pick(last) - pick(first);
    const leftFromFirstCycle = first.origins.filter((o) => !initial.origins.includes(o));
    const firstNote = leftFromFirstCycle.length
      ? ` (kept since the 1st cycle: ${leftFromFirstCycle.join('; ')})`
      : '';
    const cycles = LEAK_CYCLES.toLocaleString('en-US');
    return [
      row(
        'leaks.timers',
        SECTIONS.leaks,
        `${cycles} mount/unmount cycles: timers + intervals left (growth after the 1st cycle)`,
        fromFirst((l) => l.timers + l.intervals),
        '',
        { op: '==', value: 0 },
        `${fromFirst((l) => l.timers + l.intervals)}${firstNote}`,
      ),
      row(
        'leaks.listeners',
        SECTIONS.leaks,
        `${cycles} cycles: window/document listeners left`,
        fromFirst((l) => l.listeners),
        '',
        { op: '==', value: 0 },
      ),
      row(
        'leaks.fetches',
        SECTIONS.leaks,
        `${cycles} cycles: pending requests left`,
        last.pendingFetches,
        '',
        { op: '==', value: 0 },
      ),
      row(
        'leaks.heap',
        SECTIONS.leaks,
        `${cycles} cycles: JS heap growth after GC (${(cyclesMs / 1000).toFixed(1)} s of cycles)`,
        Math.round((heapLast - heapFirst) / 1024),
        'KiB',
        { op: 'info' },
      ),
    ];
  });
}

export interface BrowserResults {
  readonly rows: Row[];
  readonly chromium: string;
}

export async function measureBrowser(): Promise<BrowserResults> {
  const script = await instrumentScript();
  const longStack = await startTestStack({ tokenTtlSeconds: 86_400 });
  const shortStack = await startTestStack({ tokenTtlSeconds: SHORT_TTL_SECONDS });
  const pages = await startPageServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    await context.addInitScript({ content: script });
    const harness = { context, pageUrl: pages.url };

    const requestRows = await requestScenarios(harness, longStack);
    const rotation = await rotationScenario(harness, shortStack);
    const parentRows = await parentRenderScenario(harness, longStack);
    const leakRows = await leakScenario(harness, longStack);

    const requests = requestRows.filter((r) => r.section === SECTIONS.requests);
    const timing = requestRows.filter((r) => r.section === SECTIONS.timing);
    const rendering = rotation.rows.filter((r) => r.section === SECTIONS.rendering);
    return {
      rows: [
        ...requests,
        ...rotation.rows.filter((r) => r.section === SECTIONS.requests),
        ...rendering,
        ...parentRows,
        ...timing,
        ...rotation.timing,
        ...leakRows,
      ],
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await pages.server.close();
    await stopTestStack(longStack.id);
    await stopTestStack(shortStack.id);
  }
}
