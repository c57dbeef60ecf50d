import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import {
  BadUpstreamResponseError,
  UpstreamRateLimitError,
  UpstreamStatusError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../errors.js';
import type { UpstreamStatusCode } from '../errors.js';
import { readBoundedText } from './read-body.js';
import { retryAfterMs } from './retry-after.js';
import type { UpstreamObserver } from '../telemetry/token-telemetry.js';
import { withTimeout } from '../config/timers.js';
import type { Timers } from '../config/timers.js';
import type { Tenant } from '../handler/tenant.js';
import { parseTokenEnvelope } from './parse-token-envelope.js';
import type { UpstreamToken } from './parse-token-envelope.js';

export const DEFAULT_API_URL = 'https://api.zipteams.com';
export const TOKEN_PATH = '/api/v1/partner/dashboard/auth/token';
/**
 * The `fetch` the handler calls Zipteams with. `init.cache` is always `'no-store'`; it is named
 * in the type so a wrapper can leave it out (`({ cache, ...init }) => fetch(url, init)`, for
 * Workers before compatibility date 2024-11-11) whatever `RequestInit` its runtime's types have.
 */
export type FetchLike = (
  input: string,
  init: RequestInit & { cache?: 'no-store' },
) => Promise<Response>;

export interface UpstreamRequest {
  url: string;
  apiKey: string;
  apiSecret: string;
  tenant: Tenant;
  fetch: FetchLike;
  timeoutMs: number;
  timers: Timers;
  /** The handler's clock (an HTTP-date `Retry-After` without a `Date` header is read against it). */
  now: () => number;
  /** Told the status of Zipteams' answer, and of a resend (telemetry). */
  observe?: UpstreamObserver;
}

/** Errors a reused keep-alive socket gives when the peer closed it just before our request. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * One call to the Zipteams token API. The timeout covers the whole exchange (headers and
 * body, and the one retry of a reset connection), and holds even if a custom `fetch` ignores its
 * signal. Every failure is thrown as one of the typed errors in `errors.ts`.
 */
export async function requestUpstreamToken(request: UpstreamRequest): Promise<UpstreamToken> {
  const controller = new AbortController();
  return withTimeout(
    exchange(request, controller.signal),
    request.timeoutMs,
    request.timers,
    () => {
      const error = new UpstreamTimeoutError(
        `Zipteams did not answer within ${request.timeoutMs} ms`,
      );
      controller.abort(error);
      return error;
    },
  );
}

async function exchange(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamToken> {
  const response = await send(request, signal);
  request.observe?.response(response.status);
  let bodyText: string;
  try {
    bodyText = await readBoundedText(response);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof BadUpstreamResponseError) throw error;
    throw unreachable(error);
  }
  const serverNow = dateOf(response);
  if (response.status >= 200 && response.status < 300) {
    return parseTokenEnvelope(bodyText, request.tenant, serverNow);
  }

  const message = upstreamMessage(bodyText);
  if (response.status === 429) {
    const waitMs = retryAfterMs(
      response.headers.get('retry-after'),
      message,
      request.now(),
      serverNow,
    );
    throw new UpstreamRateLimitError(String(Math.ceil(waitMs / 1000)), message);
  }
  throw new UpstreamStatusError(statusCode(response.status), response.status, message);
}

/** The GET, retried once when a reused keep-alive connection was reset under it (idempotent). */
async function send(request: UpstreamRequest, signal: AbortSignal): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request.fetch(request.url, {
        method: 'GET',
        headers: {
          'x-api-key': request.apiKey,
          'x-api-secret': request.apiSecret,
          'x-tenant-id': request.tenant.tenantId,
          'x-sub-tenant-id': request.tenant.subTenantId,
          // The body is read with a byte cap; a compressed one would inflate past what was read.
          'accept-encoding': 'identity',
        },
        signal,
        // A followed redirect would resend the credentials to wherever it points.
        redirect: 'manual',
        // Next.js 14 caches fetch() by default; a token must never come from a data cache.
        cache: 'no-store',
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (attempt === 1 && isReset(error)) {
        request.observe?.resend();
        continue;
      }
      throw unreachable(error);
    }
  }
}

function unreachable(error: unknown): UpstreamUnreachableError {
  return new UpstreamUnreachableError(`Could not reach Zipteams: ${describeNetworkError(error)}`, {
    cause: error,
  });
}

function isReset(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined;
  return typeof code === 'string' && RESET_CODES.has(code);
}

function dateOf(response: Response): number | undefined {
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isFinite(date) ? date : undefined;
}

function statusCode(status: number): UpstreamStatusCode {
  if (status === 403) return ServerErrorCode.UpstreamForbidden;
  if (status === 401) return ServerErrorCode.UpstreamUnauthorized;
  if (status >= 400 && status < 500) return ServerErrorCode.UpstreamBadRequest;
  return ServerErrorCode.UpstreamError;
}

/** The `message` of an error body, printable and short enough for a log line. */
function upstreamMessage(bodyText: string): string | undefined {
  let message: unknown;
  try {
    const body: unknown = JSON.parse(bodyText);
    message = typeof body === 'object' && body !== null ? Reflect.get(body, 'message') : undefined;
  } catch {
    return undefined;
  }
  if (typeof message !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean === '' ? undefined : clean.slice(0, 200);
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause: unknown = error.cause;
  const code = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
