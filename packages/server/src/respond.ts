import { SERVER_ERRORS, ServerErrorCode } from '@zipteams/embed-core';
import type { TokenErrorBody, TokenResponseBody } from '@zipteams/embed-core';
import { TokenEndpointError, UpstreamBudgetError, UpstreamRateLimitError } from './errors.js';
import type { Log } from './logger.js';

const JSON_HEADERS = { 'cache-control': 'no-store', 'content-type': 'application/json' };

/** The 200 answer: `{ token, expiresIn, expiresAt }`, never cached by anyone on the way. */
export function tokenResponse(body: TokenResponseBody): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: JSON_HEADERS });
}

/** An error answer: the contract's status and fixed message for `code`. */
export function errorResponse(
  code: ServerErrorCode,
  extraHeaders?: Record<string, string>,
): Response {
  const { status, message } = SERVER_ERRORS[code];
  const body: TokenErrorBody = { error: { code, message } };
  return new Response(JSON.stringify(body), {
    status,
    headers: extraHeaders ? { ...JSON_HEADERS, ...extraHeaders } : JSON_HEADERS,
  });
}

/** The answer for a failure of any step; an unexpected one is logged and answered 500. */
export function failureResponse(error: unknown, log: Log): Response {
  if (error instanceof UpstreamRateLimitError || error instanceof UpstreamBudgetError) {
    return errorResponse(error.code, { 'retry-after': error.retryAfter });
  }
  if (error instanceof TokenEndpointError) {
    if (error.code === ServerErrorCode.InvalidTenant) {
      log.error(`${error.message}; answering 500 invalid_tenant. Fix resolveTenant.`);
    } else if (error.code === ServerErrorCode.TenantResolutionFailed) {
      log.error(`${error.message}; answering 500 tenant_resolution_failed.`, {
        error: error.cause ?? error,
      });
    }
    return errorResponse(error.code);
  }
  log.error('Unexpected failure in the token handler; answering 500.', { error });
  return errorResponse(ServerErrorCode.InternalError);
}
