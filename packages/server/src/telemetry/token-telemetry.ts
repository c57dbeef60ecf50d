import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import { TokenEndpointError } from '../errors.js';
import type { Tenant } from '../handler/tenant.js';
import { instrumentsOf } from './instruments.js';
import type { Instruments } from './instruments.js';
import { openTelemetry } from './open-telemetry.js';
import type { Attributes, OpenTelemetryApi, Span } from './open-telemetry.js';
import {
  ATTR_CACHE_OUTCOME,
  ATTR_CALLER,
  ATTR_ERROR_TYPE,
  ATTR_METHOD,
  ATTR_REDIS_STATE,
  ATTR_RESEND_COUNT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_STATUS,
  ATTR_SUBTENANT,
  ATTR_TENANT,
  ATTR_UPSTREAM_OUTCOME,
  ATTR_URL,
  SPAN_TOKEN_REQUEST,
  SPAN_UPSTREAM,
} from './telemetry-names.js';

/** Where a token came from: the cache while fresh, a new one, or the cached one on a failed refresh. */
export type CacheOutcome = 'hit' | 'miss' | 'stale';

/** What the upstream call reports as it goes. */
export interface UpstreamObserver {
  /** Zipteams answered with `status`. */
  response(status: number): void;
  /** The request was sent again (a reset keep-alive connection). */
  resend(): void;
}

/**
 * One token request's telemetry: its span (`zipteams.token_request`), its upstream call's span
 * and the metrics. Without an OpenTelemetry SDK, {@link NO_TELEMETRY}: every method does nothing.
 */
export interface TokenTelemetry {
  tenant(tenant: Tenant): void;
  cache(outcome: CacheOutcome): void;
  budgetWait(): void;
  budgetRefusal(): void;
  /** Runs the upstream call inside its client span, counted and timed. */
  upstream<T>(
    url: string,
    tenant: Tenant,
    call: (observe: UpstreamObserver) => Promise<T>,
  ): Promise<T>;
  /** Ends the request: the answer's status (the handler's; none for getToken) and error code. */
  end(answer: { status?: number; code?: string }): void;
}

const NO_OBSERVER: UpstreamObserver = { response: () => undefined, resend: () => undefined };

export const NO_TELEMETRY: TokenTelemetry = {
  tenant: () => undefined,
  cache: () => undefined,
  budgetWait: () => undefined,
  budgetRefusal: () => undefined,
  upstream: (_url, _tenant, call) => call(NO_OBSERVER),
  end: () => undefined,
};

/** The telemetry of a token request that starts now: real once an SDK is registered. */
export async function startTokenTelemetry(caller: 'handler' | 'getToken'): Promise<TokenTelemetry> {
  const api = await openTelemetry();
  if (!api) return NO_TELEMETRY;
  try {
    return tokenTelemetry(api, instrumentsOf(api), caller);
  } catch {
    // A broken SDK costs its telemetry, never a token.
    return NO_TELEMETRY;
  }
}

/** Counts a change of Redis health (degraded, recovered) once an SDK is registered. */
export function recordRedisState(state: 'degraded' | 'recovered'): void {
  void openTelemetry()
    .then((api) => {
      if (api) instrumentsOf(api).redisStateChanges.add(1, { [ATTR_REDIS_STATE]: state });
    })
    .catch(() => undefined);
}

/** The request failed when the answer is 429 or 5xx: a token was due and none was given. */
const isFailure = (status: number | undefined, code: string | undefined) =>
  status === undefined ? code !== undefined : status === 429 || status >= 500;

function tokenTelemetry(
  api: OpenTelemetryApi,
  instruments: Instruments,
  caller: 'handler' | 'getToken',
): TokenTelemetry {
  const span = instruments.tracer.startSpan(
    SPAN_TOKEN_REQUEST,
    { kind: api.SpanKind.INTERNAL, attributes: { [ATTR_CALLER]: caller } },
    api.context.active(),
  );
  return {
    tenant(tenant) {
      span.setAttribute(ATTR_TENANT, tenant.tenantId);
      span.setAttribute(ATTR_SUBTENANT, tenant.subTenantId);
    },
    cache(outcome) {
      span.setAttribute(ATTR_CACHE_OUTCOME, outcome);
      instruments.cacheRequests.add(1, { [ATTR_CACHE_OUTCOME]: outcome });
    },
    budgetWait: () => instruments.budgetWaits.add(1),
    budgetRefusal: () => instruments.budgetRefusals.add(1),
    upstream: (url, tenant, call) => upstreamCall(api, instruments, span, url, tenant, call),
    end({ status, code }) {
      if (status !== undefined) span.setAttribute(ATTR_STATUS, status);
      if (code !== undefined) span.setAttribute(ATTR_ERROR_TYPE, code);
      if (isFailure(status, code))
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: code });
      span.end();
    },
  };
}

async function upstreamCall<T>(
  api: OpenTelemetryApi,
  instruments: Instruments,
  parent: Span,
  url: string,
  tenant: Tenant,
  call: (observe: UpstreamObserver) => Promise<T>,
): Promise<T> {
  const parsed = new URL(url);
  const context = api.trace.setSpan(api.context.active(), parent);
  const span = instruments.tracer.startSpan(
    SPAN_UPSTREAM,
    {
      kind: api.SpanKind.CLIENT,
      attributes: {
        [ATTR_METHOD]: 'GET',
        [ATTR_SERVER_ADDRESS]: parsed.hostname,
        [ATTR_SERVER_PORT]: Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80),
        // The token URL carries no credential and no tenant: those travel in headers.
        [ATTR_URL]: parsed.origin + parsed.pathname,
        [ATTR_TENANT]: tenant.tenantId,
        [ATTR_SUBTENANT]: tenant.subTenantId,
      },
    },
    context,
  );
  let status: number | undefined;
  let resends = 0;
  const observe: UpstreamObserver = {
    response: (value) => void (status = value),
    resend: () => void (resends += 1),
  };
  const started = performance.now();
  const finish = (code: string | undefined) => {
    const seconds = (performance.now() - started) / 1000;
    const attributes: Record<string, string | number> = {
      [ATTR_UPSTREAM_OUTCOME]: code === undefined ? 'success' : 'failure',
    };
    if (status !== undefined) {
      attributes[ATTR_STATUS] = status;
      span.setAttribute(ATTR_STATUS, status);
    }
    if (code !== undefined) {
      attributes[ATTR_ERROR_TYPE] = code;
      span.setAttribute(ATTR_ERROR_TYPE, code);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: code });
    }
    if (resends > 0) span.setAttribute(ATTR_RESEND_COUNT, resends);
    span.end();
    instruments.upstreamCalls.add(1, attributes as Attributes);
    instruments.upstreamDuration.record(seconds, attributes as Attributes);
  };
  try {
    const result = await api.context.with(api.trace.setSpan(context, span), () => call(observe));
    finish(undefined);
    return result;
  } catch (error) {
    finish(error instanceof TokenEndpointError ? error.code : ServerErrorCode.InternalError);
    throw error;
  }
}
