import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';
import {
  SCENARIOS,
  startStack as startScenarioStack,
  type ScenarioName,
  type StackScenario,
  type Stack as ScenarioStack,
} from '../packages/test-stack/src/index.ts';

export { SCENARIOS, type ScenarioName };

/** Where the Storybook page reaches the stack: same origin as Storybook itself. */
export const STACK_PATH = '/__zipteams';

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
  readonly stack: ScenarioStack;
}

type Stack = Map<string, RunningScenario>;

/** One test-rig stack per scenario; its partner handler is mounted on the Storybook origin. */
async function startScenario(name: ScenarioName): Promise<RunningScenario> {
  const spec: StackScenario = SCENARIOS[name];
  const stack = await startScenarioStack({
    ...spec,
    partner: { resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }), ...spec.partner },
  });
  return {
    name,
    info: {
      tokenUrl: `${STACK_PATH}/${name}/token`,
      baseUrl: stack.mock.url,
      description: spec.description ?? name,
    },
    stack,
  };
}

async function startStack(): Promise<Stack> {
  const names = Object.keys(SCENARIOS) as ScenarioName[];
  const settled = await Promise.allSettled(names.map((name) => startScenario(name)));
  const started = settled.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((scenario) => scenario.stack.close()));
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
        await Promise.all([...(running?.values() ?? [])].map((scenario) => scenario.stack.close()));
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
              void scenario.stack.handle(req, res, next);
            },
            (error: unknown) => next(error),
          );
        },
      );
    },
  };
}
