import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';
import {
  MOCK_DEFAULTS,
  startMockServer,
  type MockFault,
  type MockPlatformOptions,
  type MockServer,
} from '../packages/mock/src/index.ts';
import { createTokenHandler, type TokenHandlerOptions } from '../packages/server/src/index.ts';
import { toNodeHandler, type NodeHandler } from '../packages/server/src/node.ts';

/** Where the Storybook page reaches the stack: same origin as Storybook itself. */
export const STACK_PATH = '/__zipteams';

interface ScenarioSpec {
  /** What a story sees (shown in the scenarios listing). */
  readonly description: string;
  readonly mock?: Pick<MockPlatformOptions, 'tokenTtlSeconds' | 'allowOrigins'>;
  /** Set once at start, never changed: stories running in parallel never see each other's faults. */
  readonly fault?: MockFault;
  readonly partner?: Pick<TokenHandlerOptions, 'cache' | 'timeoutMs'>;
}

/**
 * The named scenarios, each with its own mock platform and partner token handler. Stories pick
 * one by name (`parameters.zipteams.scenario`).
 */
export const SCENARIOS = {
  ready: { description: '24 h tokens, pages load at once.' },
  rotating: {
    description: '12 s tokens, each token request takes 800 ms: a rotation every ~6 s.',
    mock: { tokenTtlSeconds: 12 },
    fault: { latencyMs: 800, sticky: true },
    partner: { cache: false },
  },
  shortlived: {
    description: '6 s tokens: shown, then past their deadline within seconds.',
    mock: { tokenTtlSeconds: 6 },
    partner: { cache: false },
  },
  blocked: {
    description: 'Pages may only be framed by https://partner.example.com: Chromium refuses them.',
    mock: { allowOrigins: ['https://partner.example.com'] },
  },
  forbidden: {
    description:
      'Zipteams rejects the API credentials (403): the partner answers 502 upstream_forbidden.',
    fault: { status: 403, sticky: true },
  },
  unavailable: {
    description: 'Zipteams fails (500): the partner answers 502 upstream_error, retryable.',
    fault: { status: 500, sticky: true },
  },
  ratelimited: {
    description: 'Zipteams rate-limits (429, Retry-After 30): the partner passes the 429 on.',
    fault: { status: 429, sticky: true, retryAfterSeconds: 30 },
  },
  hang: {
    description: 'Zipteams never answers the token request.',
    fault: { hang: true, sticky: true },
    partner: { timeoutMs: 600_000 },
  },
} as const satisfies Record<string, ScenarioSpec>;

/** A scenario name. */
export type ScenarioName = keyof typeof SCENARIOS;

/** What `GET /__zipteams/scenarios` answers for each scenario. */
export interface ScenarioInfo {
  /** The partner token endpoint, a path on the Storybook origin. */
  readonly tokenUrl: string;
  /** The scenario's mock platform (its pages), another origin. */
  readonly baseUrl: string;
  readonly description: string;
}

interface RunningScenario {
  readonly name: string;
  readonly info: ScenarioInfo;
  readonly mock: MockServer;
  readonly handle: NodeHandler;
}

type Stack = Map<string, RunningScenario>;

async function startScenario(name: string, spec: ScenarioSpec): Promise<RunningScenario> {
  const mock = await startMockServer({
    port: 0,
    rateLimitPerMinute: Infinity,
    ...spec.mock,
  });
  if (spec.fault) mock.platform.faults.set(spec.fault);
  const handler = createTokenHandler({
    apiKey: MOCK_DEFAULTS.apiKey,
    apiSecret: MOCK_DEFAULTS.apiSecret,
    baseUrl: mock.url,
    logger: false,
    resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }),
    ...spec.partner,
  });
  return {
    name,
    info: {
      tokenUrl: `${STACK_PATH}/${name}/token`,
      baseUrl: mock.url,
      description: spec.description,
    },
    mock,
    handle: toNodeHandler(handler),
  };
}

async function startStack(): Promise<Stack> {
  const entries = Object.entries(SCENARIOS as Record<string, ScenarioSpec>);
  const settled = await Promise.allSettled(
    entries.map(([name, spec]) => startScenario(name, spec)),
  );
  const started = settled.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((scenario) => scenario.mock.close()));
    throw failure.reason;
  }
  return new Map(started.map((scenario) => [scenario.name, scenario]));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

const INSTALLED = Symbol.for('zipteams.storybook-stack');

/**
 * Runs the Zipteams stack behind Storybook's dev server (and Vitest's browser server): per
 * scenario a real mock platform on a free loopback port and a partner token handler in front of
 * it, started on the first request to `/__zipteams` and closed with the server.
 *
 * - `GET /__zipteams/scenarios`: `{ [scenario]: { tokenUrl, baseUrl, description } }`
 * - `GET /__zipteams/<scenario>/token`: the partner token endpoint of that scenario
 *
 * Several instances on one server (Storybook's `viteFinal` and a Vitest project) install once.
 */
export function zipteamsStorybookStack(): Plugin {
  return {
    name: 'zipteams-storybook-stack',
    apply: 'serve',
    configureServer(server: ViteDevServer & { [INSTALLED]?: true }) {
      if (server[INSTALLED]) return;
      server[INSTALLED] = true;

      let stack: Promise<Stack> | undefined;
      let closed = false;
      const getStack = () => {
        if (closed) return Promise.reject(new Error('the Zipteams stack is closed'));
        stack ??= startStack();
        return stack;
      };
      const close = async () => {
        closed = true;
        const running = await stack?.catch(() => undefined);
        await Promise.all([...(running?.values() ?? [])].map((scenario) => scenario.mock.close()));
      };
      server.httpServer?.once('close', () => void close());

      server.middlewares.use(
        STACK_PATH,
        (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
          const path = new URL(req.url ?? '/', 'http://storybook.local').pathname;
          void getStack().then(
            (running) => {
              if (path === '/scenarios') {
                if (req.method !== 'GET') return sendJson(res, 405, { error: 'GET only' });
                return sendJson(
                  res,
                  200,
                  Object.fromEntries([...running].map(([name, scenario]) => [name, scenario.info])),
                );
              }
              const name = /^\/([a-z]+)\/token$/.exec(path)?.[1];
              const scenario = name === undefined ? undefined : running.get(name);
              if (!scenario) return sendJson(res, 404, { error: 'unknown scenario' });
              void scenario.handle(req, res, next);
            },
            (error: unknown) => next(error),
          );
        },
      );
    },
  };
}
