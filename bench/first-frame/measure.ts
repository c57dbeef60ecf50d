import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { build as esbuild } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { startMockServer } from '@zipteams/mock';
import { createTokenService } from '@zipteams/server';
import { toNodeHandler } from '@zipteams/server/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';
import type { Row } from '../lib/report.ts';
import { FirstFrameApp, type FirstFrameProps } from './app.tsx';

const ROUNDS = 9;
const TENANT = { tenantId: 'acme', subTenantId: 'sales' };
type Path = 'with' | 'without';

/** The client bundle: production React, the kit from its sources, as a partner would ship it. */
async function bundleClient(): Promise<string> {
  const root = new URL('../..', import.meta.url).pathname;
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: ['bench/first-frame/client.tsx'],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: {
      '@zipteams/embed-core/internal': `${root}packages/core/src/internal.ts`,
      '@zipteams/embed-core': `${root}packages/core/src/index.ts`,
      '@zipteams/react': `${root}packages/react/src/index.ts`,
    },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const page = (props: FirstFrameProps) => {
  const html = renderToString(createElement(FirstFrameApp, props));
  // `<` escaped, so no value can close the script element.
  const json = JSON.stringify(props).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Insights</title>
<script type="module" src="/client.js"></script></head>
<body><div id="root">${html}</div><script type="application/json" id="props">${json}</script></body></html>`;
};

interface Sample {
  /** Navigation start to the dashboard iframe's request start, ms. */
  readonly iframeStart: number;
  readonly tokenRequests: number;
}

async function sample(browser: Browser, url: string): Promise<Sample> {
  // A fresh context per sample: a first visit, nothing cached.
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    let tokenRequests = 0;
    tab.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/zipteams/token') tokenRequests++;
    });
    await tab.goto(url);
    await tab.locator('[data-testid="embed"][data-state="ready"]').waitFor({ timeout: 15_000 });
    const iframeStart = await tab.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes('/view-insights'));
      return entry ? entry.startTime : Number.NaN;
    });
    return { iframeStart, tokenRequests };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * The first frame with and without `initialToken`: a server renders the same page either with
 * the token from `createTokenService().getToken` or without it (the browser then fetches it after
 * hydration); Chromium loads each alternately in a fresh context, over loopback.
 */
export async function measureFirstFrame(): Promise<Row[]> {
  const mock = await startMockServer({
    port: 0,
    tokenTtlSeconds: 86_400,
    allowOrigins: [],
    rateLimitPerMinute: Infinity,
  });
  const service = createTokenService({
    apiKey: 'dev-api-key',
    apiSecret: 'dev-api-secret',
    baseUrl: mock.url,
    logger: false,
    resolveTenant: () => TENANT,
  });
  const tokenHandler = toNodeHandler(service.handler);
  const client = await bundleClient();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/zipteams/token') return void tokenHandler(req, res);
    if (path === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(client);
    }
    const render = async () => {
      const initialToken = path === '/with' ? await service.getToken(TENANT) : undefined;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(page({ baseUrl: mock.url, initialToken }));
    };
    render().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  const port = await listen(server);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const samples: Record<Path, Sample[]> = { with: [], without: [] };
    // One warm-up of each (server cache, Chromium), then alternate so drift hits both alike.
    for (let round = -1; round < ROUNDS; round++) {
      for (const path of round % 2
        ? (['with', 'without'] as const)
        : (['without', 'with'] as const)) {
        const result = await sample(browser, `http://localhost:${port}/${path}`);
        if (round >= 0) samples[path].push(result);
      }
    }
    const withMs = median(samples.with.map((s) => s.iframeStart));
    const withoutMs = median(samples.without.map((s) => s.iframeStart));
    const section = 'First frame (server-rendered token)';
    const requests = (path: Path) => Math.max(...samples[path].map((s) => s.tokenRequests));
    return [
      {
        id: 'first-frame.with-initial-token',
        section,
        metric: `navigation start → dashboard iframe request, with initialToken (median of ${ROUNDS})`,
        value: withMs,
        unit: 'ms',
        target: { op: 'info' },
      },
      {
        id: 'first-frame.without-initial-token',
        section,
        metric: `navigation start → dashboard iframe request, without (token fetched after hydration)`,
        value: withoutMs,
        unit: 'ms',
        target: { op: 'info' },
      },
      {
        id: 'first-frame.ratio',
        section,
        metric: 'with / without',
        value: Math.round((withMs / withoutMs) * 100) / 100,
        unit: '',
        target: { op: '<=', value: 0.5, label: '≤ 0.5' },
      },
      {
        id: 'first-frame.token-requests-with',
        section,
        metric: 'token requests on load, with initialToken (most in any sample)',
        value: requests('with'),
        unit: '',
        target: { op: '==', value: 0 },
      },
      {
        id: 'first-frame.token-requests-without',
        section,
        metric: 'token requests on load, without',
        value: requests('without'),
        unit: '',
        target: { op: '==', value: 1 },
      },
    ];
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await mock.close();
  }
}
