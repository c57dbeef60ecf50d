import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOCK_DEFAULTS, startMockServer } from '@zipteams/mock';
import type { MockServer } from '@zipteams/mock';
import { createTokenHandler } from '@zipteams/server';
import { toNodeHandler } from '@zipteams/server/node';
import type { NodeHandler } from '@zipteams/server/node';
import { SCENARIOS } from './scenarios.js';
import type { ScenarioName, StackScenario } from './scenarios.js';

/** A running stack: a mock Zipteams platform and a partner backend in front of it. */
export interface Stack {
  /** The mock platform (its pages, `/__mock/*` controls and `platform` switches). */
  readonly mock: MockServer;
  /** The partner token endpoint on its own loopback port, with CORS for test pages. */
  readonly tokenUrl: string;
  /** `GET` answers `{ requests }`: how many token requests the partner answered. */
  readonly partnerStatsUrl: string;
  /** The partner token handler on `node:http`, for mounting elsewhere (Storybook's server). */
  readonly handle: NodeHandler;
  /** Stops the partner and the mock, cutting open connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a {@link StackScenario} (or a named one from {@link SCENARIOS}): a mock platform and
 * `@zipteams/server` on `node:http` on free loopback ports, real HTTP between every part. The
 * partner picks the tenant from `?tenant=&sub=` (default acme/sales) unless the scenario says.
 */
export async function startStack(scenario: ScenarioName | StackScenario = {}): Promise<Stack> {
  const spec: StackScenario = typeof scenario === 'string' ? SCENARIOS[scenario] : scenario;
  const mock = await startMockServer({ port: 0, rateLimitPerMinute: Infinity, ...spec.mock });
  if (spec.fault) mock.platform.faults.set(spec.fault);
  const handle = toNodeHandler(
    createTokenHandler({
      apiKey: MOCK_DEFAULTS.apiKey,
      apiSecret: MOCK_DEFAULTS.apiSecret,
      baseUrl: mock.url,
      logger: false,
      resolveTenant: (request) => {
        const url = new URL(request.url);
        return {
          tenantId: url.searchParams.get('tenant') ?? 'acme',
          subTenantId: url.searchParams.get('sub') ?? 'sales',
        };
      },
      ...spec.partner,
    }),
  );
  let requests = 0;
  const partner = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-expose-headers', 'date, retry-after');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.url?.startsWith('/__stats')) {
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify({ requests }));
    }
    requests++;
    void handle(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      partner.once('error', reject);
      partner.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await mock.close();
    throw error;
  }
  const origin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    mock,
    tokenUrl: `${origin}/api/zipteams/token`,
    partnerStatsUrl: `${origin}/__stats`,
    handle,
    close: () => {
      closing ??= (async () => {
        partner.closeAllConnections();
        await new Promise((resolve) => partner.close(resolve));
        await mock.close();
      })();
      return closing;
    },
  };
}
