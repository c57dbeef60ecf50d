import {
  FaultState,
  faultFromJson,
  type ActiveFault,
  type AppliedFault,
} from './token-api/faults.js';
import { resolveOptions, type MockPlatformOptions } from './options.js';
import {
  parseTheme,
  renderCallDetailsPage,
  renderErrorPage,
  renderIndexPage,
  renderInsightsPage,
  type PageSession,
  type Theme,
} from './pages/pages.js';
import { PendingWaits } from './token-api/pending.js';
import { FixedWindowRateLimiter } from './token-api/rate-limiter.js';
import {
  errorResponse,
  jsonResponse,
  messageForStatus,
  notFoundResponse,
  rawJsonResponse,
  TOKEN_API_MESSAGES,
  tokenSuccessResponse,
} from './token-api/responses.js';
import type { MockFaultControls, MockPlatform, MockStats } from './platform-types.js';
import { signingKey, signToken, verifyToken } from './token-api/tokens.js';

export type { MockFaultControls, MockPlatform, MockStats } from './platform-types.js';

/** The path of the token API, as on `https://api.zipteams.com`. */
export const TOKEN_API_PATH = '/api/v1/partner/dashboard/auth/token';

const RATE_LIMIT_WINDOW_MS = 60_000;
const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;
const CALL_DETAILS_PATH = /^\/call-details\/([^/]+)\/?$/;
/** Agent and call ids starting with this are unknown to the mock, to show the in-page error. */
const UNKNOWN_ID_PREFIX = 'unknown';

function emptyStats(): Omit<MockStats, 'pending'> {
  return {
    tokensMinted: 0,
    tokenRequests: 0,
    byStatus: {},
    pageViews: { insights: 0, callDetails: 0, errors: 0 },
  };
}

const CONTROL_CORS_HEADERS = { 'access-control-allow-origin': '*' } as const;

/**
 * Creates the mock platform: the token API at {@link TOKEN_API_PATH}, the `/view-insights`
 * and `/call-details/:callId` pages, and the `/__mock/*` control API.
 */
export function createMockPlatform(options: MockPlatformOptions = {}): MockPlatform {
  const config = resolveOptions(options);
  const key = signingKey(config.signingSecret);
  const faults = new FaultState();
  const pending = new PendingWaits();
  const limiter = new FixedWindowRateLimiter(
    config.rateLimitPerMinute,
    RATE_LIMIT_WINDOW_MS,
    config.now,
  );
  let counters = emptyStats();

  const htmlHeaders: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    // Only frame-ancestors: no script-src or default-src, so the pages' two inline scripts (the
    // ready handshake and the countdown) run. A script restriction added here must allow them
    // (by hash or nonce), or the React kit would take every mock page for a blocked frame.
    ...(config.allowOrigins.length > 0 && {
      'content-security-policy': `frame-ancestors ${config.allowOrigins.join(' ')}`,
    }),
  };
  const html = (status: number, body: string): Response =>
    new Response(body, { status, headers: htmlHeaders });

  const nowSeconds = (): number => Math.floor(config.now() / 1000);

  const mintToken = (tenantId: string, subTenantId: string): Promise<string> =>
    signToken(key, { tenantId, subTenantId }, nowSeconds(), config.tokenTtlSeconds);

  // ---- token API -------------------------------------------------------------------

  async function answerNormally(headers: Headers): Promise<Response> {
    const apiKey = headers.get('x-api-key');
    if (apiKey !== config.apiKey || headers.get('x-api-secret') !== config.apiSecret) {
      return errorResponse(403, TOKEN_API_MESSAGES.forbidden);
    }
    const decision = limiter.hit(apiKey);
    if (!decision.allowed) {
      return errorResponse(429, TOKEN_API_MESSAGES.rateLimited, {
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
    const tenantId = headers.get('x-tenant-id');
    if (!tenantId) return errorResponse(400, TOKEN_API_MESSAGES.tenantRequired);
    const subTenantId = headers.get('x-sub-tenant-id');
    if (!subTenantId) return errorResponse(400, TOKEN_API_MESSAGES.subTenantRequired);
    const token = await mintToken(tenantId, subTenantId);
    counters.tokensMinted += 1;
    return tokenSuccessResponse(token);
  }

  function forcedResponse(fault: AppliedFault & { status: number }): Response {
    const retryAfter =
      fault.retryAfterSeconds ??
      (fault.status === 429 ? RATE_LIMIT_RETRY_AFTER_SECONDS : undefined);
    const headers: Record<string, string> =
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
    if (fault.body !== undefined) return rawJsonResponse(fault.status, fault.body, headers);
    return errorResponse(fault.status, messageForStatus(fault.status), headers);
  }

  async function answerTokenRequest(request: Request): Promise<Response> {
    const fault = faults.take();
    if (fault?.hang) {
      // Released by clear()/reset(): the outage is over, so the normal answer follows.
      await pending.wait(undefined, request.signal);
    } else if (fault !== undefined) {
      if (fault.latencyMs !== undefined) await pending.wait(fault.latencyMs, request.signal);
      if (fault.status !== undefined && (fault.status !== 200 || fault.body !== undefined)) {
        return forcedResponse({ ...fault, status: fault.status });
      }
    }
    try {
      return await answerNormally(request.headers);
    } catch {
      return errorResponse(500, TOKEN_API_MESSAGES.serverError);
    }
  }

  async function handleTokenRequest(request: Request): Promise<Response> {
    counters.tokenRequests += 1;
    const response = await answerTokenRequest(request);
    const status = String(response.status);
    counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
    return response;
  }

  // ---- pages -----------------------------------------------------------------------

  async function handlePage(
    url: URL,
    page: { kind: 'insights' } | { kind: 'call-details'; callId: string },
  ): Promise<Response> {
    const theme: Theme = parseTheme(url.searchParams.get('theme'));
    const nowMs = config.now();
    const check = await verifyToken(key, url.searchParams.get('token'), nowMs);
    if (!check.ok) {
      counters.pageViews.errors += 1;
      return html(401, renderErrorPage(check.problem, theme));
    }
    const session: PageSession = {
      tenantId: check.claims.tenantId,
      subTenantId: check.claims.subTenantId,
      exp: check.claims.exp,
      expiresIn: check.claims.exp - Math.floor(nowMs / 1000),
      theme,
    };
    if (page.kind === 'call-details') {
      if (page.callId.startsWith(UNKNOWN_ID_PREFIX)) {
        counters.pageViews.errors += 1;
        return html(200, renderErrorPage('unknown-call', theme, { callId: page.callId }));
      }
      counters.pageViews.callDetails += 1;
      return html(200, renderCallDetailsPage(session, page.callId));
    }
    const agentId = url.searchParams.get('agent-id') || undefined;
    if (agentId?.startsWith(UNKNOWN_ID_PREFIX)) {
      counters.pageViews.errors += 1;
      return html(200, renderErrorPage('unknown-agent', theme, { agentId }));
    }
    counters.pageViews.insights += 1;
    return html(200, renderInsightsPage(session, agentId));
  }

  // ---- control API -----------------------------------------------------------------

  function stats(): MockStats {
    return {
      tokensMinted: counters.tokensMinted,
      tokenRequests: counters.tokenRequests,
      byStatus: { ...counters.byStatus },
      pageViews: { ...counters.pageViews },
      pending: pending.size,
    };
  }

  const faultControls: MockFaultControls = {
    set: (fault) => faults.set(fault),
    clear: () => {
      faults.clear();
      pending.releaseHangs();
    },
    get: () => faults.get(),
  };

  function reset(): void {
    faultControls.clear();
    limiter.reset();
    counters = emptyStats();
  }

  function close(): void {
    faults.clear();
    pending.abortAll(new DOMException('The mock platform was closed.', 'AbortError'));
  }

  async function handleControl(request: Request, path: string): Promise<Response> {
    const route = `${request.method} ${path.replace(/\/$/, '')}`;
    const ok = (value: unknown): Response => jsonResponse(200, value, CONTROL_CORS_HEADERS);
    switch (route) {
      case 'GET /__mock/health':
        return ok({ ok: true });
      case 'GET /__mock/stats':
        return ok(stats());
      case 'GET /__mock/faults':
        return ok({ fault: faults.get() });
      case 'POST /__mock/faults': {
        let fault: ActiveFault;
        try {
          const text = await request.text();
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new TypeError('the body must be JSON');
          }
          fault = faultControls.set(faultFromJson(parsed));
        } catch (error) {
          const message = error instanceof TypeError ? error.message : 'could not read the body';
          return errorResponse(400, message, CONTROL_CORS_HEADERS);
        }
        return ok({ ok: true, fault });
      }
      case 'DELETE /__mock/faults':
        faultControls.clear();
        return ok({ ok: true });
      case 'POST /__mock/reset':
        reset();
        return ok({ ok: true });
      default:
        if (request.method === 'OPTIONS') {
          return new Response(null, {
            status: 204,
            headers: {
              ...CONTROL_CORS_HEADERS,
              'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
              'access-control-allow-headers': 'content-type',
              'access-control-max-age': '600',
            },
          });
        }
        return notFoundResponse(CONTROL_CORS_HEADERS);
    }
  }

  // ---- routing ---------------------------------------------------------------------

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/__mock' || path.startsWith('/__mock/')) return handleControl(request, path);
    if (path === TOKEN_API_PATH || path === `${TOKEN_API_PATH}/`) {
      return request.method === 'GET' ? handleTokenRequest(request) : notFoundResponse();
    }
    if (request.method !== 'GET') return notFoundResponse();
    if (path === '/view-insights' || path === '/view-insights/') {
      return handlePage(url, { kind: 'insights' });
    }
    const callMatch = CALL_DETAILS_PATH.exec(path);
    if (callMatch?.[1] !== undefined) {
      let callId: string;
      try {
        callId = decodeURIComponent(callMatch[1]);
      } catch {
        return notFoundResponse();
      }
      return handlePage(url, { kind: 'call-details', callId });
    }
    if (path === '/') return html(200, renderIndexPage());
    return notFoundResponse();
  }

  return Object.assign(handle, {
    fetch: handle,
    faults: faultControls,
    stats,
    reset,
    close,
    mintToken,
  });
}
