// Faults on the browser's side of the handler: a hanging resolveTenant, and what reaches the logs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeJwt } from '@zipteams/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidTenantError } from '../errors.js';
import { createTokenHandler } from './token-handler.js';
import { createLogger } from '../config/logger.js';
import { toNodeHandler } from '../node.js';
import type { Tenant } from './tenant.js';
import { createTokenService } from './token-service.js';
import {
  API_KEY,
  API_SECRET,
  captureLogger,
  deferred,
  fakeUpstream,
} from '../test-utils/fake-upstream.js';

const closers: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const close of closers.splice(0)) close();
});

function hangingHandler(timeoutMs = 10_000) {
  const entered = deferred<undefined>();
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    fetch: fakeUpstream().fetch,
    logger: false,
    timeoutMs,
    resolveTenant: () => {
      entered.resolve(undefined);
      return new Promise(() => undefined);
    },
  });
  return { handler, entered: entered.promise };
}

async function codeOf(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('given a resolveTenant that never settles', () => {
  it('should answer 500 tenant_resolution_failed after the timeout', async () => {
    vi.useFakeTimers();
    const { handler } = hangingHandler(2_000);
    const answer = handler(new Request('https://partner.example/token'));
    await vi.advanceTimersByTimeAsync(2_000);
    const response = await answer;
    expect(response.status).toBe(500);
    expect(await codeOf(response)).toBe('tenant_resolution_failed');
  });

  it('should answer 499 as soon as the client goes away', async () => {
    const { handler, entered } = hangingHandler();
    const controller = new AbortController();
    const answer = handler(
      new Request('https://partner.example/token', { signal: controller.signal }),
    );
    await entered;
    controller.abort();
    const response = await answer;
    expect(response.status).toBe(499);
    expect(await codeOf(response)).toBe('request_aborted');
  });

  it('should end when the client goes away behind the Node adapter too', async () => {
    const { handler, entered } = hangingHandler();
    const answered = deferred<number>();
    const server = createServer(
      toNodeHandler(async (request) => {
        const response = await handler(request);
        answered.resolve(response.status);
        return response;
      }),
    );
    closers.push(() => {
      server.closeAllConnections();
      server.close();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    const request = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, {
      signal: controller.signal,
    }).catch(() => undefined);
    await entered;
    controller.abort();
    await request;
    expect(await answered.promise).toBe(499);
  });
});

describe('given details that carry secrets or tokens', () => {
  const jwt = makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat: 1, exp: 2 });

  it('should scrub them deeply: plain objects, arrays, error name, message and cause', () => {
    const log = captureLogger();
    const cause = new Error(`upstream said ${API_SECRET}`);
    const error = new Error(`failed with ${jwt}`, { cause });
    error.name = `Err ${API_KEY}`;
    createLogger(log.logger, [API_KEY, API_SECRET]).error(`message ${API_KEY}`, {
      nested: { deeper: { list: [`key ${API_KEY}`, { token: jwt }] } },
      error,
    });
    const text = log.text();
    for (const secret of [API_KEY, API_SECRET, jwt]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    const details = log.calls[0]?.args[1] as { error: Error };
    expect((details.error.cause as Error).message).toBe('upstream said [redacted]');
  });

  it('should keep them out of what the handler logs for a failing custom fetch', async () => {
    const log = captureLogger();
    const handler = createTokenHandler({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      logger: log.logger,
      resolveTenant: () => ({ tenantId: 'acme', subTenantId: 'sales' }),
      fetch: async () => {
        throw new TypeError('fetch failed', {
          cause: { headers: { 'x-api-secret': API_SECRET }, seen: [jwt], code: 'EHOSTUNREACH' },
        });
      },
    });
    expect((await handler(new Request('https://partner.example/token'))).status).toBe(502);
    const text = log.text();
    expect(text).toContain('EHOSTUNREACH');
    for (const secret of [API_KEY, API_SECRET, jwt]) expect(text).not.toContain(secret);
  });
});

describe('given a resolveTenant whose answer throws when read', () => {
  const throwing = (name: string) => () => {
    throw new Error(`the session store broke reading ${name}`);
  };
  const withGetter = (name: string, value: object = {}) =>
    Object.defineProperty({ tenantId: 'acme', subTenantId: 'sales', ...value }, name, {
      get: throwing(name),
    });
  const cases: [string, () => unknown][] = [
    ['a then getter that throws', () => withGetter('then')],
    ['a then method that throws', () => ({ then: throwing('then()') })],
    ['a tenantId getter that throws', () => withGetter('tenantId')],
    ['a subTenantId getter that throws', () => withGetter('subTenantId')],
    ['a promise of a tenantId getter that throws', async () => withGetter('tenantId')],
  ];

  it.each(cases)(
    'should answer 500 tenant_resolution_failed for %s, and log it as resolveTenant’s',
    async (_, resolveTenant) => {
      const log = captureLogger();
      const upstream = fakeUpstream();
      const handler = createTokenHandler({
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        fetch: upstream.fetch,
        logger: log.logger,
        resolveTenant: resolveTenant as () => null,
      });
      const response = await handler(new Request('https://partner.example/token'));
      expect(response.status).toBe(500);
      expect(await codeOf(response)).toBe('tenant_resolution_failed');
      expect(upstream.calls).toHaveLength(0);
      expect(log.calls).toHaveLength(1);
      expect(log.calls[0]?.level).toBe('error');
      expect(String(log.calls[0]?.args[0])).toMatch(/resolveTenant/);
      expect(log.text()).toMatch(/the session store broke/);
      expect(log.text()).not.toMatch(/Unexpected failure/);
    },
  );

  it('should reject getToken with InvalidTenantError for a tenant whose getter throws', async () => {
    const service = createTokenService({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      fetch: fakeUpstream().fetch,
      logger: false,
      resolveTenant: () => null,
    });
    const tenant = Object.defineProperty({ subTenantId: 'sales' }, 'tenantId', {
      get: throwing('tenantId'),
    }) as Tenant;
    await expect(service.getToken(tenant)).rejects.toBeInstanceOf(InvalidTenantError);
  });
});
