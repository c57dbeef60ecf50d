import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.ts';
import { startTestStack, stopTestStack, type TestStackInfo } from '../scripts/test-stack.ts';
import type { Row } from './lib/report.ts';

const SECTION = '7. Tabs (Chromium, one context, <zipteams-dashboard> per tab)';
const TTL_SECONDS = 6;
const TABS = 5;
const LIFETIMES = 3;

async function partnerRequests(stack: TestStackInfo): Promise<number> {
  return ((await (await fetch(stack.partnerStatsUrl)).json()) as { requests: number }).requests;
}

/**
 * Opens `TABS` tabs a second apart in one context and counts the partner endpoint's requests over
 * `LIFETIMES` token lifetimes from the first tab's start.
 */
async function countRequests(
  browser: Browser,
  pageUrl: string,
  share: boolean,
): Promise<{ total: number; firstTab: number; times: string }> {
  const stack = await startTestStack({ tokenTtlSeconds: TTL_SECONDS });
  const context = await browser.newContext();
  try {
    const url = new URL(pageUrl);
    url.searchParams.set('tokenUrl', stack.tokenUrl);
    url.searchParams.set('baseUrl', stack.mockUrl);
    if (!share) url.searchParams.set('share', 'false');
    const started = Date.now();
    const times: string[] = [];
    let firstTab = 0;
    context.on('request', (request) => {
      if (!request.url().startsWith(stack.tokenUrl)) return;
      const tab = context.pages().indexOf(request.frame().page());
      if (tab === 0) firstTab++;
      times.push(`${((Date.now() - started) / 1000).toFixed(1)} s (tab ${tab + 1})`);
    });
    for (let i = 0; i < TABS; i++) {
      if (i) await sleep(1_000);
      await (await context.newPage()).goto(url.href);
    }
    await sleep(Math.max(0, started + LIFETIMES * TTL_SECONDS * 1_000 - Date.now()));
    return { total: await partnerRequests(stack), firstTab, times: times.join(', ') };
  } finally {
    await context.close();
    await stopTestStack(stack.id);
  }
}

/** Token requests of five tabs over three lifetimes, shared and not. */
export async function measureTabs(): Promise<Row[]> {
  const server = await createServer({
    configFile: false,
    root: resolve('bench/tabs-page'),
    logLevel: 'warn',
    clearScreen: false,
    cacheDir: resolve('.bench-results/.vite-tabs'),
    resolve: {
      alias: {
        '@zipteams/embed-core/internal': resolve('packages/core/src/internal.ts'),
        '@zipteams/embed-core': resolve('packages/core/src/index.ts'),
        '@zipteams/element': resolve('packages/element/src/index.ts'),
      },
    },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const port = (server.httpServer?.address() as AddressInfo).port;
    // localhost: a secure context, where Web Locks and crypto.subtle exist.
    const pageUrl = `http://localhost:${port}/`;
    const shared = await countRequests(browser, pageUrl, true);
    const alone = await countRequests(browser, pageUrl, false);
    const what = `${TABS} tabs a second apart, ${LIFETIMES} lifetimes of ${TTL_SECONDS} s tokens`;
    console.log(`bench: tabs shared, requests at ${shared.times}`);
    return [
      {
        id: 'tabs.shared',
        section: SECTION,
        metric: `token requests, ${what}, shared (default)`,
        value: shared.total,
        unit: '',
        // Each tab's first token is its own request (never another tab's); then one request per
        // rotation between them: no more than the first tab alone makes, plus the other first loads.
        target: {
          op: '<=',
          value: alone.firstTab + TABS - 1,
          label: `≤ ${alone.firstTab + TABS - 1} (one tab's own + ${TABS - 1} first loads)`,
        },
      },
      {
        id: 'tabs.alone',
        section: SECTION,
        metric: `token requests, ${what}, share-across-tabs="false"`,
        value: alone.total,
        unit: '',
        target: { op: 'info' },
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
