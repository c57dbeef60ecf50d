import { SERVER_ERROR_STATUS, ServerErrorCode } from '@zipteams/embed-core/protocol';
import type { TokenErrorBody, TokenResponseBody } from '@zipteams/embed-core/protocol';
import { TokenEndpointError, UpstreamBudgetError, UpstreamRateLimitError } from '../errors.js';
import type { Log } from '../config/logger.js';

/**
 * The handler's answer before it becomes a `Response`: what `toNodeHandler` writes to a Node
 * response as is (building a `Response` and reading its body back costs more than the rest of
 * a cached answer in Node 20's undici).
 */
export interface TokenAnswer {
  readonly status: number;
  /** Lowercase names. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
  /** The error code of an error answer (as in its body); absent on a 200. */
  readonly code?: ServerErrorCode;
}

const C = ServerErrorCode;

/** What the browser reads for each code: short, fixed, no upstream text, no ids, no secrets. */
const PUBLIC_MESSAGES: Readonly<Record<ServerErrorCode, string>> = {
  [C.Unauthenticated]: 'Sign in to view the dashboard.',
  [C.MethodNotAllowed]: 'Use GET to request a dashboard token.',
  [C.TenantResolutionFailed]: 'The server could not determine the tenant for this request.',
  [C.InvalidTenant]: 'The server resolved an invalid tenant for this user.',
  [C.UpstreamForbidden]: 'Zipteams rejected the server’s API credentials.',
  [C.UpstreamUnauthorized]: 'Zipteams did not receive valid API credentials.',
  [C.UpstreamBadRequest]: 'Zipteams rejected the token request.',
  [C.RateLimited]: 'Too many token requests. Try again later.',
  [C.UpstreamError]: 'Zipteams failed to issue a token.',
  [C.UpstreamUnreachable]: 'Zipteams could not be reached.',
  [C.UpstreamTimeout]: 'Zipteams did not answer in time.',
  [C.BadUpstreamResponse]: 'Zipteams answered with something that is not a valid token.',
  [C.RequestAborted]: 'The request was aborted.',
  [C.InternalError]: 'The token endpoint failed unexpectedly.',
};

const JSON_HEADERS = { 'cache-control': 'no-store', 'content-type': 'application/json' };

/** The 200 answer: `{ token, expiresIn, expiresAt }`, never cached by anyone on the way. */
export function tokenAnswer(body: TokenResponseBody): TokenAnswer {
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/** An error answer: the contract's status and fixed message for `code`. */
export function errorAnswer(
  code: ServerErrorCode,
  extraHeaders?: Record<string, string>,
): TokenAnswer {
  const status = SERVER_ERROR_STATUS[code];
  const body: TokenErrorBody = { error: { code, message: PUBLIC_MESSAGES[code] } };
  return {
    status,
    headers: extraHeaders ? { ...JSON_HEADERS, ...extraHeaders } : JSON_HEADERS,
    body: JSON.stringify(body),
    code,
  };
}

/** The answer for a failure of any step; an unexpected one is logged and answered 500. */
export function failureAnswer(error: unknown, log: Log): TokenAnswer {
  if (error instanceof UpstreamRateLimitError || error instanceof UpstreamBudgetError) {
    return errorAnswer(error.code, { 'retry-after': error.retryAfter });
  }
  if (error instanceof TokenEndpointError) {
    if (error.code === ServerErrorCode.InvalidTenant) {
      log.error(`${error.message}; answering 500 invalid_tenant. Fix resolveTenant.`);
    } else if (error.code === ServerErrorCode.TenantResolutionFailed) {
      log.error(`${error.message}; answering 500 tenant_resolution_failed.`, {
        error: error.cause ?? error,
      });
    }
    return errorAnswer(error.code);
  }
  log.error('Unexpected failure in the token handler; answering 500.', { error });
  return errorAnswer(ServerErrorCode.InternalError);
}

/** The Web `Response` for an answer. */
export function toResponse(answer: TokenAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
