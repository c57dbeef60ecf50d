import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import { TokenEndpointError, UpstreamBudgetError } from '../errors.js';
import type { Log } from '../config/logger.js';
import type { Tenant } from '../handler/tenant.js';

/** Logs a failed upstream call: an error when the partner must act, else a warning. */
export function logUpstreamFailure(log: Log, error: unknown, tenant: Tenant): void {
  const where = { tenantId: tenant.tenantId, subTenantId: tenant.subTenantId };
  if (!(error instanceof TokenEndpointError)) {
    log.error('The Zipteams token request failed unexpectedly.', { ...where, error });
    return;
  }
  if (error instanceof UpstreamBudgetError) {
    log.warn(
      `The upstream budget (upstreamLimit) has no slot in time; answering 429 with ` +
        `Retry-After ${error.retryAfter} s. Zipteams was not called.`,
      { ...where, code: error.code },
    );
    return;
  }
  const upstream =
    'upstreamStatus' in error ? { upstreamStatus: error.upstreamStatus } : ({} as object);
  const message =
    'upstreamMessage' in error && error.upstreamMessage
      ? { upstreamMessage: error.upstreamMessage }
      : {};
  const details = { ...where, ...upstream, ...message, code: error.code };
  switch (error.code) {
    case ServerErrorCode.UpstreamForbidden:
      log.error(
        'Zipteams rejected the API key/secret (HTTP 403). Check the apiKey and apiSecret ' +
          'this server was configured with.',
        details,
      );
      return;
    case ServerErrorCode.UpstreamUnauthorized:
      log.error(
        'Zipteams answered 401: it did not accept the API credentials as sent. Check that ' +
          'apiKey and apiSecret are set.',
        details,
      );
      return;
    case ServerErrorCode.UpstreamBadRequest:
      log.error(`Zipteams refused the token request: ${error.message}.`, details);
      return;
    case ServerErrorCode.BadUpstreamResponse:
      log.error(`Zipteams sent an unusable token response: ${error.message}.`, details);
      return;
    default:
      log.warn(`The Zipteams token request failed: ${error.message}.`, details);
  }
}
