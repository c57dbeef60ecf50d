import {
  UpstreamRateLimitError,
  UpstreamStatusError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.js';
import type { UpstreamStatusCode } from './errors.js';
import { parseTokenEnvelope } from './token.js';
import type { UpstreamToken } from './token.js';

export const DEFAULT_BASE_URL = 'https://api.zipteams.com';
export const TOKEN_PATH = '/api/v1/partner/dashboard/auth/token';
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** IMF-fixdate, the HTTP-date form senders must use: `Wed, 21 Oct 2015 07:28:00 GMT`. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface UpstreamRequest {
  url: string;
  apiKey: string;
  apiSecret: string;
  tenantId: string;
  subTenantId: string;
  fetch: FetchLike;
  timeoutMs: number;
}

/**
 * One call to the Zipteams token API. The timeout covers the whole exchange (headers and
 * body), and holds even if a custom `fetch` ignores its signal. Every failure is thrown as
 * one of the typed errors in `errors.ts`.
 */
export async function requestUpstreamToken(request: UpstreamRequest): Promise<UpstreamToken> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new UpstreamTimeoutError(
        `Zipteams did not answer within ${request.timeoutMs} ms`,
      );
      controller.abort(error);
      reject(error);
    }, request.timeoutMs);
  });
  try {
    return await Promise.race([exchange(request, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamToken> {
  let response: Response;
  let bodyText: string;
  try {
    response = await request.fetch(request.url, {
      method: 'GET',
      headers: {
        'x-api-key': request.apiKey,
        'x-api-secret': request.apiSecret,
        'x-tenant-id': request.tenantId,
        'x-sub-tenant-id': request.subTenantId,
      },
      signal,
      // A followed redirect would resend the credentials to wherever it points.
      redirect: 'manual',
      // Next.js 14 caches fetch() by default; a token must never come from a data cache.
      cache: 'no-store',
    });
    bodyText = await response.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new UpstreamUnreachableError(`Could not reach Zipteams: ${describeNetworkError(error)}`, {
      cause: error,
    });
  }

  if (response.status >= 200 && response.status < 300) return parseTokenEnvelope(bodyText);

  const message = upstreamMessage(bodyText);
  if (response.status === 429) {
    throw new UpstreamRateLimitError(
      retryAfter(response.headers.get('retry-after'), message),
      message,
    );
  }
  throw new UpstreamStatusError(statusCode(response.status), response.status, message);
}

function statusCode(status: number): UpstreamStatusCode {
  if (status === 403) return 'upstream_forbidden';
  if (status === 401) return 'upstream_unauthorized';
  if (status >= 400 && status < 500) return 'upstream_bad_request';
  return 'upstream_error';
}

/**
 * The `Retry-After` value to pass on: Zipteams' own header when it is valid (delta seconds or
 * an HTTP date), else the N of "Try again in N seconds", else 60.
 */
export function retryAfter(header: string | null, message: string | undefined): string {
  const value = header?.trim();
  if (value) {
    if (/^\d{1,9}$/.test(value)) return String(Number(value));
    if (HTTP_DATE.test(value) && !Number.isNaN(Date.parse(value))) return value;
  }
  const match = message ? /try again in (\d{1,9}) seconds?/i.exec(message) : null;
  if (match?.[1]) return String(Number(match[1]));
  return String(DEFAULT_RETRY_AFTER_SECONDS);
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
