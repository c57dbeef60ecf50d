#!/usr/bin/env node
// `npm start`: the whole demo in one Node process, from source, with no build step.
//
//   1. Vite serves the demo app (demo/) with the workspace packages aliased to their sources.
//   2. The partner backend (demo/server/partner.ts, on @zipteams/server) is mounted into the same
//      server under /api, so the token endpoint is same-origin, as in a real partner app.
//   3. The mock Zipteams platform (@zipteams/mock) listens beside it, with a short token lifetime
//      and frame-ancestors set to the app's actual origin.
//
// The Node side is TypeScript. Node 20 cannot run it, so it is loaded through Vite's SSR loader
// (`server.ssrLoadModule`), which transpiles on demand in well under a second. A clean checkout
// therefore starts without `npm run build` (several seconds of tsc per package, and output that
// goes stale while you edit the packages). One process also means Ctrl-C cannot orphan anything.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { strictPageMiddleware } from './strict-page.mjs';

const started = Date.now();
const root = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `Usage: npm start -- [options]

  --port <n>            demo app (and partner backend) port   env DEMO_PORT   default 5173
  --mock-port <n>       mock Zipteams platform port           env MOCK_PORT   default 4010
  --host <host>         interface for both servers            env DEMO_HOST   default 127.0.0.1
  --token-ttl <s>       token lifetime the mock issues        env TOKEN_TTL   default 120
  --allow-origin <o>    origin allowed to frame the mock pages (repeatable)
                        default: the app's own origins, http://localhost:<port>
                        and http://127.0.0.1:<port> (and http://<host>:<port>)
  --quiet               no per-request log lines
  -h, --help            this help
`;

function fail(message, code = 2) {
  console.error(`\nnpm start: ${message}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      'mock-port': { type: 'string' },
      host: { type: 'string' },
      'token-ttl': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function integer(name, raw, fallback, min, max) {
  const text = raw ?? fallback;
  const value = Number(text);
  if (!/^\d+$/.test(String(text)) || value < min || value > max) {
    fail(`${name} must be a whole number from ${min} to ${max} (got "${text}").`);
  }
  return value;
}

const appPort = integer('--port / DEMO_PORT', args.port ?? process.env.DEMO_PORT, 5173, 0, 65535);
const mockPort = integer(
  '--mock-port / MOCK_PORT',
  args['mock-port'] ?? process.env.MOCK_PORT,
  4010,
  0,
  65535,
);
const tokenTtlSeconds = integer(
  '--token-ttl / TOKEN_TTL',
  args['token-ttl'] ?? process.env.TOKEN_TTL,
  120,
  2,
  86400,
);
const host = args.host ?? process.env.DEMO_HOST ?? '127.0.0.1';
const quiet = args.quiet ?? false;

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const cyan = paint('36');
const green = paint('32');

const time = () => new Date().toTimeString().slice(0, 8);
const log = quiet ? false : (line) => console.log(`${dim(time())} ${line}`);

let vite;
let mock;
let stopping = false;

async function stop(signal) {
  if (stopping) {
    // A second Ctrl-C: do not wait for anything.
    process.exit(130);
  }
  stopping = true;
  if (signal) console.log(`\n${dim(`${signal}: stopping the demo…`)}`);
  const force = setTimeout(() => {
    console.error('Could not stop cleanly within 3 s; exiting anyway.');
    process.exit(1);
  }, 3000);
  force.unref();
  await Promise.allSettled([vite?.close(), mock?.close()]);
  clearTimeout(force);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    void stop(signal).then(() => process.exit(0));
  });
}

/** The partner backend, once the mock runs; requests that arrive earlier wait for it. */
let resolveBackend;
const backendReady = new Promise((resolve) => {
  resolveBackend = resolve;
});

const partnerPlugin = {
  name: 'zipteams-demo-partner-backend',
  configureServer(server) {
    // Added before Vite's own middlewares, so /api never reaches the SPA fallback.
    // The element on a strict page (CSP nonce, Trusted Types): see scripts/strict-page.mjs.
    server.middlewares.use(strictPageMiddleware(() => mock?.url ?? ''));
    server.middlewares.use((req, res, next) => {
      if (!req.url?.startsWith('/api/')) return next();
      backendReady.then((backend) => backend.middleware(req, res, next), next);
    });
  },
};

function inUse(error) {
  return error?.code === 'EADDRINUSE' || /already in use/i.test(String(error?.message));
}

try {
  vite = await createServer({
    configFile: fileURLToPath(new URL('../demo/vite.config.ts', import.meta.url)),
    // DEMO_VITE_CACHE: a separate dependency cache (relative to the working directory), e.g. for e2e.
    ...(process.env.DEMO_VITE_CACHE ? { cacheDir: resolve(process.env.DEMO_VITE_CACHE) } : {}),
    logLevel: 'warn',
    plugins: [partnerPlugin],
    server: { port: appPort, strictPort: true, host },
  });
  await vite.listen();
} catch (error) {
  await vite?.close();
  if (inUse(error)) {
    fail(
      `port ${appPort} (the demo app) is already in use. Is the demo already running?\n` +
        `Stop it, or pick another port: npm start -- --port 5180   (or DEMO_PORT=5180 npm start)`,
      1,
    );
  }
  throw error;
}

const address = vite.httpServer?.address();
const actualAppPort = typeof address === 'object' && address ? address.port : appPort;
const appUrl = `http://localhost:${actualAppPort}`;
// The same server answers on both names, and a browser treats them as two origins: the mock
// allows both, so whichever a newcomer types (or their terminal links) shows the dashboard.
const appOrigins = [appUrl, `http://127.0.0.1:${actualAppPort}`];
if (!['localhost', '127.0.0.1', '0.0.0.0', '::', '[::]'].includes(host)) {
  appOrigins.push(`http://${host.includes(':') ? `[${host}]` : host}:${actualAppPort}`);
}
const allowOrigins = args['allow-origin']?.length ? args['allow-origin'] : appOrigins;

try {
  const [{ startMockServer }, { createPartnerBackend }] = await Promise.all([
    vite.ssrLoadModule('@zipteams/mock'),
    vite.ssrLoadModule('/server/partner.ts'),
  ]);
  try {
    mock = await startMockServer({ port: mockPort, host, tokenTtlSeconds, allowOrigins });
  } catch (error) {
    if (inUse(error)) {
      await vite.close();
      fail(
        `port ${mockPort} (the mock Zipteams platform) is already in use. Is another mock running?\n` +
          `Stop it, or pick another port: npm start -- --mock-port 4020   (or MOCK_PORT=4020 npm start)`,
        1,
      );
    }
    throw error;
  }
  resolveBackend(
    createPartnerBackend({
      mock,
      tokenTtlSeconds,
      apiKey: 'dev-api-key',
      apiSecret: 'dev-api-secret',
      log,
    }),
  );
} catch (error) {
  console.error(error);
  await stop();
  process.exit(1);
}

const rel = (path) => path.replace(root, '');
console.log(
  [
    '',
    `  ${bold('Zipteams embed demo')} ${dim(`ready in ${Date.now() - started} ms`)}`,
    '',
    `  ${green('➜')}  Open        ${cyan(bold(`${appUrl}/`))} ${dim(`(signed in to a demo tenant; also ${appOrigins.slice(1).join(' ')})`)}`,
    `     Partner API ${appUrl}/api/zipteams/token ${dim('(demo/server/partner.ts, in the same server)')}`,
    `     Strict page ${appUrl}/strict/ ${dim('(the element under a nonce CSP and Trusted Types; ?frame-src=off shows a refusal)')}`,
    `     Mock        ${mock.url} ${dim(`(token lifetime ${tokenTtlSeconds} s, frames allowed from ${allowOrigins.join(' ')})`)}`,
    '',
    `  ${dim(`Sources: ${rel(fileURLToPath(new URL('../demo/src', import.meta.url)))}, ${rel(fileURLToPath(new URL('../packages', import.meta.url)))}. Ctrl-C stops everything.`)}`,
    '',
  ].join('\n'),
);
