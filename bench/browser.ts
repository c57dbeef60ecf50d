import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import react from '@vitejs/plugin-react';
import type { AddressInfo } from 'node:net';
import { build as esbuild } from 'esbuild';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from 'playwright-core';
import { build, createServer, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.ts';
import { startTestStack, stopTestStack, type TestStackInfo } from '../scripts/test-stack.ts';
import type {
  Delay,
  FirstRequest,
  GapStats,
  LiveOrigin,
  LiveResources,
  MountOptions,
  PageCounters,
} from './page/api.ts';
import type { Row, Target } from './lib/report.ts';

/** Token lifetime of the rotation stack: three lifetimes take 18 s. */
const SHORT_TTL_SECONDS = 6;
const LEAK_CYCLES = 1_000;
const LEAK_WARMUP_CYCLES = 100;
/** The bench's own bound for heap growth over the leak cycles: about 100 bytes per cycle. */
const HEAP_GROWTH_BOUND_KIB = 100;
const PARENT_RENDERS = 100;
const TIMING_RUNS = 5;
/** A refresh margin in the proportion of a 24 h token's (10 %, no 30 s floor). */
const PROPORTIONAL_MARGIN = { ratio: 0.1, minMs: 0 };
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
  '@zipteams/embed-core/internal': resolve('packages/core/src/internal.ts'),
  '@zipteams/embed-core': resolve('packages/core/src/index.ts'),
  '@zipteams/react': resolve('packages/react/src/index.ts'),
  '@zipteams/server/node': resolve('packages/server/src/node.ts'),
  '@zipteams/server': resolve('packages/server/src/index.ts'),
  '@zipteams/mock': resolve('packages/mock/src/index.ts'),
};

interface PageServers {
  /** Development React (StrictMode's double effects exist only there). */
  readonly devUrl: string;
  /** Production React with profiling (`react-dom/profiling`): what partners ship, Profiler on. */
  readonly prodUrl: string;
  close(): Promise<void>;
}

/**
 * bench/page twice: a Vite dev server and a production build behind `vite preview`. No config
 * file, no HMR, no watcher and their own cache dirs, so edits elsewhere in the checkout cannot
 * reload a page mid-measurement. The page is served on `localhost` and the mock on 127.0.0.1:
 * cross-site frames, as in production.
 */
export async function startPageServers(): Promise<PageServers> {
  // A fresh plugin-react per Vite instance: it keeps the mode it was resolved with.
  const common = () => ({
    configFile: false as const,
    root: resolve('bench/page'),
    logLevel: 'warn' as const,
    clearScreen: false,
    plugins: [react()],
  });
  const outDir = resolve('.bench-results/.page');
  // Vite keeps the first NODE_ENV it sees for the whole process (the dev server would set
  // `development`), and plugin-react and React pick their builds from it: build first, forced.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({
    ...common(),
    mode: 'production',
    cacheDir: resolve('.bench-results/.vite-build'),
    resolve: {
      alias: [
        ...Object.entries(workspaceAliases).map(([find, replacement]) => ({ find, replacement })),
        // The profiling build replaces react-dom/client only: it reads its internals from react-dom.
        { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
      ],
    },
    // Unminified (names kept for the leak attribution); NODE_ENV is production either way.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, emptyOutDir: true, minify: false, reportCompressedSize: false },
  });
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;

  const built = await readdir(resolve(outDir, 'assets'));
  for (const file of built) {
    if ((await readFile(resolve(outDir, 'assets', file), 'utf8')).includes('react.development')) {
      throw new Error(`the production bench page holds development React (${file})`);
    }
  }

  const dev = await createServer({
    ...common(),
    cacheDir: resolve('.bench-results/.vite'),
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
  await dev.listen();

  const prod = await preview({
    ...common(),
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  });

  const portOf = (server: { address(): AddressInfo | string | null } | null | undefined) => {
    const address = server?.address();
    if (!address || typeof address === 'string') throw new Error('a page server did not listen');
    return address.port;
  };
  return {
    devUrl: `http://localhost:${portOf(dev.httpServer)}/`,
    prodUrl: `http://localhost:${portOf(prod.httpServer)}/`,
    close: async () => {
      await dev.close();
      await prod.close();
    },
  };
}

export async function instrumentScript(): Promise<string> {
  const result = await esbuild({
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
  readonly browser: Browser;
  /** The page instrumentation, added to every context. */
  readonly script: string;
  readonly servers: PageServers;
}

/**
 * Runs `run` on a page of its own browser context: no case sees another's tabs, cookies or
 * anything a case before it left (as a new visitor), so each request count is its own.
 */
async function withPage<T>(
  harness: Harness,
  build: 'dev' | 'prod',
  run: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await harness.browser.newContext();
  await context.addInitScript({ content: harness.script });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[bench page] ${error.message}`));
  try {
    await page.goto(build === 'dev' ? harness.servers.devUrl : harness.servers.prodUrl);
    await page.waitForFunction(() => window.__bench !== undefined);
    return await run(page, context);
  } finally {
    await context.close();
  }
}

const mount = (page: Page, options: MountOptions) =>
  page.evaluate((o) => window.__bench.mount(o), options);
/** One dashboard (no StrictMode) on `stack`, waited for until it is ready. */
const mountOneReady = async (page: Page, stack: TestStackInfo) => {
  await mount(page, { count: 1, strict: false, tokenUrl: stack.tokenUrl, baseUrl: stack.mockUrl });
  await waitReady(page, 1);
};
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

async function countMountRequests(
  harness: Harness,
  stack: TestStackInfo,
  count: number,
  strict: boolean,
): Promise<Row> {
  return withPage(harness, 'dev', async (page) => {
    const before = await partnerRequests(stack);
    await mount(page, { count, strict, tokenUrl: stack.tokenUrl, baseUrl: stack.mockUrl });
    await waitReady(page, count);
    await sleep(SETTLE_MS);
    const partner = (await partnerRequests(stack)) - before;
    const fetches = (await counters(page)).tokenFetches;
    const dashboards = `${count} dashboard${count === 1 ? '' : 's'}`;
    return row(
      `requests.mount.${count}.${strict ? 'strict' : 'plain'}`,
      SECTIONS.requests,
      `${dashboards}, one token source, ${strict ? 'StrictMode (dev)' : 'no StrictMode (dev)'}: requests`,
      partner,
      '',
      { op: '==', value: 1 },
      partner === fetches ? undefined : `${partner} (the page saw ${fetches})`,
    );
  });
}

async function requestScenarios(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  const rows: Row[] = [];
  for (const count of [1, 10, 50]) {
    for (const strict of [false, true]) {
      rows.push(await countMountRequests(harness, stack, count, strict));
    }
  }
  return rows;
}

async function timingScenario(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  const runs: (FirstRequest & { toSrc: Delay | undefined })[] = [];
  for (let run = 0; run < TIMING_RUNS; run++) {
    runs.push(
      await withPage(harness, 'prod', async (page) => {
        await mountOneReady(page, stack);
        const first = await page.evaluate(() => window.__bench.mountToRequest());
        const toSrc = await page.evaluate(() => window.__bench.responseToSrc());
        if (!first) throw new Error('no token request was seen');
        return { ...first, toSrc: toSrc[0] };
      }),
    );
  }
  const timingRow = (id: string, metric: string, delays: readonly Delay[], judged = true) => {
    const value = delays.length === TIMING_RUNS ? ms(median(delays.map((d) => d.ms))) : null;
    const worst = Math.max(...delays.map((d) => d.ms));
    return row(
      id,
      SECTIONS.timing,
      `${metric} (median of ${TIMING_RUNS})`,
      value,
      'ms',
      judged
        ? { op: '<=', value: ms(FRAME_MS), label: 'same task or ≤ 1 frame (16.7 ms)' }
        : { op: 'info' },
      value === null ? 'not observed' : `${value} ms (worst ${ms(worst)}), ${taskLabel(delays)}`,
    );
  };
  return [
    timingRow(
      'timing.root-render-to-request',
      '`root.render()` → first token request (React scheduling and first render included)',
      runs.map((run) => run.fromRootRender),
      false,
    ),
    timingRow(
      'timing.mount-to-request',
      'mount: dashboard first rendered → first token request',
      runs.map((run) => run.fromFirstRender),
    ),
    timingRow(
      'timing.commit-to-request',
      'dashboard first committed → first token request',
      runs.map((run) => run.fromFirstCommit),
    ),
    timingRow(
      'timing.response-to-src',
      'token response body → iframe `src` set',
      runs.flatMap((run) => run.toSrc ?? []),
    ),
  ];
}

interface LifetimeRun {
  /** Token requests that started within three lifetimes of the first one (page timestamps). */
  readonly requests: number;
  readonly minted: number;
  readonly start: PageCounters;
  readonly end: PageCounters;
  readonly gaps: GapStats;
  readonly rotationToSrc: readonly Delay[];
  readonly lateRequests: number;
}

/** One dashboard over three token lifetimes, then unmounted for 1.5 more. */
async function lifetimeRun(
  harness: Harness,
  stack: TestStackInfo,
  refreshMargin?: MountOptions['refreshMargin'],
): Promise<LifetimeRun> {
  return withPage(harness, 'prod', async (page) => {
    const mintedBefore = await tokensMinted(stack);
    await mount(page, {
      count: 1,
      strict: false,
      tokenUrl: stack.tokenUrl,
      baseUrl: stack.mockUrl,
      ...(refreshMargin ? { refreshMargin } : {}),
    });
    await waitReady(page, 1);
    await waitLoads(page, 1);
    await page.evaluate(() => window.__bench.watchGaps());
    const start = await counters(page);
    const [firstFetch = 0] = await page.evaluate(() => window.__bench.tokenFetchTimes());
    const lifetimesMs = 3 * SHORT_TTL_SECONDS * 1000;
    const elapsed = await page.evaluate((t) => performance.now() - t, firstFetch);
    await sleep(lifetimesMs - elapsed + SETTLE_MS);
    // A rotation may have started at the window's end: let every started navigation load.
    await page.waitForFunction(
      () => {
        const { iframeLoads, srcSets } = window.__bench.counters();
        return iframeLoads >= srcSets;
      },
      undefined,
      { timeout: 10_000 },
    );
    const end = await counters(page);
    const gaps = await page.evaluate(() => window.__bench.gapStats());
    const fetchTimes = await page.evaluate(() => window.__bench.tokenFetchTimes());
    const rotationToSrc = (await page.evaluate(() => window.__bench.responseToSrc())).slice(1);
    const minted = (await tokensMinted(stack)) - mintedBefore;

    await page.evaluate(() => window.__bench.unmount());
    const atUnmount = await partnerRequests(stack);
    await sleep(1.5 * SHORT_TTL_SECONDS * 1000);
    return {
      requests: fetchTimes.filter((t) => t - firstFetch < lifetimesMs).length,
      minted,
      start,
      end,
      gaps,
      rotationToSrc,
      lateRequests: (await partnerRequests(stack)) - atUnmount,
    };
  });
}

async function lifetimeScenarios(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  const byDefault = await lifetimeRun(harness, stack);
  const proportional = await lifetimeRun(harness, stack, PROPORTIONAL_MARGIN);
  const { start, end, gaps } = byDefault;
  const rotations = end.distinctTokens - start.distinctTokens;
  const perRotation = (value: number) =>
    rotations > 0 ? Math.round((value / rotations) * 100) / 100 : null;
  const ttl = `TTL ${SHORT_TTL_SECONDS} s`;
  const four = { op: '==', value: 4, label: '= 4 (3 + the first)' } as const;
  const worstToSrc = Math.max(...byDefault.rotationToSrc.map((d) => d.ms));
  return [
    row(
      'requests.lifetimes.default',
      SECTIONS.requests,
      `three token lifetimes (${ttl}), default refresh margin: requests`,
      byDefault.requests,
      '',
      four,
    ),
    row(
      'requests.lifetimes.proportional',
      SECTIONS.requests,
      `three token lifetimes (${ttl}), margin 10 % of the lifetime as for 24 h tokens: requests`,
      proportional.requests,
      '',
      four,
    ),
    row(
      'requests.lifetimes.repeats',
      SECTIONS.requests,
      'three lifetimes, both runs: requests answered with a token already shown',
      byDefault.end.tokenFetches -
        byDefault.end.distinctTokens +
        (proportional.end.tokenFetches - proportional.end.distinctTokens),
      '',
      { op: '==', value: 0 },
    ),
    row(
      'requests.after-unmount',
      SECTIONS.requests,
      `after unmount, ${1.5 * SHORT_TTL_SECONDS} s (1.5 lifetimes), both runs: requests`,
      byDefault.lateRequests + proportional.lateRequests,
      '',
      { op: '==', value: 0 },
    ),
    row(
      'rendering.rotations',
      SECTIONS.rendering,
      `token rotations in three lifetimes (${ttl}, default margin)`,
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
      'longest time with no loaded (`load` fired) frame visible, during rotations',
      ms(gaps.longestMs),
      'ms',
      { op: '<=', value: 0 },
      `${ms(gaps.longestMs)} ms (${gaps.gaps} of ${rotations} rotations)`,
    ),
    row(
      'timing.rotation.response-to-src',
      SECTIONS.timing,
      `token response body → new iframe \`src\` on rotation (worst of ${byDefault.rotationToSrc.length})`,
      byDefault.rotationToSrc.length ? ms(worstToSrc) : null,
      'ms',
      { op: '<=', value: ms(FRAME_MS), label: 'same task or ≤ 1 frame (16.7 ms)' },
      byDefault.rotationToSrc.length
        ? `${ms(worstToSrc)} ms, ${taskLabel(byDefault.rotationToSrc)}`
        : 'no rotation seen',
    ),
  ];
}

async function parentRenderScenario(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  return withPage(harness, 'prod', async (page) => {
    await mountOneReady(page, stack);
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
        `iframe loads + \`src\` sets per ${PARENT_RENDERS} parent re-renders`,
        after.iframeLoads - before.iframeLoads + (after.srcSets - before.srcSets),
        '',
        { op: '==', value: 0 },
      ),
    ];
  });
}

interface HeapSummary {
  /** Self size of every node except compiled code (JIT output grows as code warms up). */
  readonly bytes: number;
  readonly byName: ReadonlyMap<string, { count: number; size: number }>;
}

/** A heap snapshot (after GC), summed by node type and name. */
async function heapSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => void chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byName = new Map<string, { count: number; size: number }>();
  let bytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt!]!] ?? '?';
    const name = snapshot.strings[snapshot.nodes[i + nameAt!]!] ?? '?';
    if (type === 'code' || name.startsWith('system / ')) continue;
    const size = snapshot.nodes[i + sizeAt!]!;
    const key = `${type} ${name.slice(0, 60)}`;
    const entry = byName.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += size;
    byName.set(key, entry);
    bytes += size;
  }
  return { bytes, byName };
}

function heapGrowth(before: HeapSummary, after: HeapSummary) {
  const grown = [...after.byName]
    .map(([name, { count, size }]) => ({
      name,
      count: count - (before.byName.get(name)?.count ?? 0),
      size: size - (before.byName.get(name)?.size ?? 0),
    }))
    .sort((a, b) => b.size - a.size);
  const count = (name: string) => grown.find((g) => g.name === name)?.count ?? 0;
  return {
    bytes: after.bytes - before.bytes,
    top: grown
      .filter((g) => g.size >= 1024)
      .slice(0, 3)
      .map((g) => `${g.name.trim()} +${Math.round(g.size / 1024)} KiB`),
    iframes: count('object HTMLIFrameElement'),
    fibers: count('object FiberNode'),
  };
}

async function leakScenario(harness: Harness, stack: TestStackInfo): Promise<Row[]> {
  return withPage(harness, 'prod', async (page, context) => {
    const cdp = await context.newCDPSession(page);
    const live = (): Promise<LiveResources> => page.evaluate(() => window.__bench.live());
    const options = { count: 1, strict: false, tokenUrl: stack.tokenUrl, baseUrl: stack.mockUrl };
    const runCycles = (times: number) =>
      page.evaluate(([n, o]) => window.__bench.cycles(n, o), [times, options] as const);

    const initial = await live();
    await mount(page, options);
    await waitReady(page, 1);
    await page.evaluate(() => window.__bench.unmount());
    await sleep(SETTLE_MS);
    const first = await live();
    // Warm-up cycles: caches and JIT settle before the heap baseline.
    await runCycles(LEAK_WARMUP_CYCLES);
    await sleep(SETTLE_MS);
    const heapBefore = await heapSummary(cdp);

    const started = Date.now();
    await runCycles(LEAK_CYCLES);
    const cyclesMs = Date.now() - started;
    await sleep(SETTLE_MS);
    const last = await live();
    const heap = heapGrowth(heapBefore, await heapSummary(cdp));
    await cdp.detach();

    const growth = (pick: (l: LiveResources) => number) => pick(last) - pick(first);
    // What the first cycle left and later cycles did not add to, named by its outermost frame.
    const kept = (kinds: readonly LiveOrigin['kind'][]) => {
      const before = new Set(initial.origins.map((o) => `${o.kind} ${o.where}`));
      const names = first.origins
        .filter((o) => kinds.includes(o.kind) && !before.has(`${o.kind} ${o.where}`))
        .map((o) => `${o.count}× ${o.where.split(' < ').at(-1)}`);
      return names.length ? ` (the 1st cycle's, not growing: ${names.join(', ')})` : '';
    };
    const cycles = LEAK_CYCLES.toLocaleString('en-US');
    const timers = growth((l) => l.timers + l.intervals);
    const kib = Math.round(heap.bytes / 1024);
    return [
      row(
        'leaks.timers',
        SECTIONS.leaks,
        `${cycles} mount/unmount cycles: timers + intervals left (growth after the 1st cycle)`,
        timers,
        '',
        { op: '==', value: 0 },
        `${timers}${kept(['timer', 'interval'])}`,
      ),
      row(
        'leaks.listeners',
        SECTIONS.leaks,
        `${cycles} cycles: window/document listeners left`,
        growth((l) => l.listeners),
        '',
        { op: '==', value: 0 },
        `${growth((l) => l.listeners)}${kept(['listener'])}`,
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
        'leaks.iframes',
        SECTIONS.leaks,
        `${cycles} cycles: iframe elements + React fibers retained after GC`,
        heap.iframes + heap.fibers,
        '',
        { op: '<=', value: 0 },
      ),
      row(
        'leaks.heap',
        SECTIONS.leaks,
        `${cycles} cycles (${(cyclesMs / 1000).toFixed(1)} s): JS heap growth after GC, compiled code excluded`,
        kib,
        'KiB',
        {
          op: '<=',
          value: HEAP_GROWTH_BOUND_KIB,
          label: `≤ ${HEAP_GROWTH_BOUND_KIB} KiB (≈ 100 B/cycle)`,
        },
        heap.top.length ? `${kib} KiB (largest: ${heap.top.join(', ')})` : `${kib} KiB`,
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
  const servers = await startPageServers();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const harness: Harness = { browser, script, servers };

    // A failed scenario costs its own rows only.
    const attempt = async (section: string, name: string, scenario: () => Promise<Row[]>) => {
      try {
        return await scenario();
      } catch (error) {
        console.error(`bench: ${name} failed:`, error);
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return [
          row(`failed.${name}`, section, name, null, '', { op: 'info' }, `failed: ${message}`),
        ];
      }
    };
    const all = [
      ...(await attempt(SECTIONS.requests, 'token requests on mount', () =>
        requestScenarios(harness, longStack),
      )),
      ...(await attempt(SECTIONS.rendering, 'token lifetimes', () =>
        lifetimeScenarios(harness, shortStack),
      )),
      ...(await attempt(SECTIONS.rendering, 'parent re-renders', () =>
        parentRenderScenario(harness, longStack),
      )),
      ...(await attempt(SECTIONS.timing, 'latency', () => timingScenario(harness, longStack))),
      ...(await attempt(SECTIONS.leaks, 'leaks', () => leakScenario(harness, longStack))),
    ];
    const order: readonly string[] = Object.values(SECTIONS);
    return {
      rows: all.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section)),
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await servers.close();
    await stopTestStack(longStack.id);
    await stopTestStack(shortStack.id);
  }
}
