// Shared by the handler.*.test.ts files: a handler on a fake upstream, a captured logger and a
// manual clock.
import { createTokenHandler } from '../handler/token-handler.js';
import type { TokenHandlerOptions } from '../config/options.js';
import type { Tenant } from '../handler/tenant.js';
import { API_KEY, API_SECRET, captureLogger, fakeUpstream, getRequest } from './fake-upstream.js';
import type { Responder } from './fake-upstream.js';

export const START = Date.UTC(2030, 0, 1, 12, 0, 0);
export const DAY = 86_400;

export interface SetupOptions extends Partial<TokenHandlerOptions> {
  responders?: Responder[];
}

/**
 * A handler wired to a fake upstream, a captured logger and a manual clock. By default the
 * "session" is read from test headers (x-user-tenant / x-user-sub), standing in for a cookie.
 */
export function setup({ responders = [], ...options }: SetupOptions = {}) {
  const upstream = fakeUpstream(...responders);
  const log = captureLogger();
  let time = START;
  const handler = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    resolveTenant: (request) => ({
      tenantId: request.headers.get('x-user-tenant') ?? 'acme',
      subTenantId: request.headers.get('x-user-sub') ?? 'sales',
    }),
    fetch: upstream.fetch,
    logger: log.logger,
    now: () => time,
    ...options,
  });
  const get = (tenant?: Tenant, init: RequestInit = {}) =>
    handler(
      getRequest(undefined, {
        ...init,
        headers: tenant
          ? { 'x-user-tenant': tenant.tenantId, 'x-user-sub': tenant.subTenantId }
          : {},
      }),
    );
  const advance = (seconds: number) => {
    time += seconds * 1000;
  };
  return { handler, upstream, log, get, advance, now: () => time };
}

export async function body(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const parsed = (await response.json()) as { error: { code: string; message: string } };
  return parsed.error;
}
