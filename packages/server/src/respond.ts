import { SERVER_ERRORS, ServerErrorCode } from '@zipteams/embed-core';
import type { TokenErrorBody, TokenResponseBody } from '@zipteams/embed-core';
import { TokenEndpointError, UpstreamRateLimitError } from './errors.js';
import type { Log } from './logger.js';

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
}

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
  const { status, message } = SERVER_ERRORS[code];
  const body: TokenErrorBody = { error: { code, message } };
  return {
    status,
    headers: extraHeaders ? { ...JSON_HEADERS, ...extraHeaders } : JSON_HEADERS,
    body: JSON.stringify(body),
  };
}

/** The answer for a failure of any step; an unexpected one is logged and answered 500. */
export function failureAnswer(error: unknown, log: Log): TokenAnswer {
  if (error instanceof UpstreamRateLimitError) {
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
