import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import type { TokenResponseBody } from '@zipteams/embed-core/protocol';
import { readConfig } from '../config/read-config.js';
import type { TokenHandlerOptions } from '../config/options.js';
import { InvalidTenantError, TokenEndpointError } from '../errors.js';
import { startTokenTelemetry } from '../telemetry/token-telemetry.js';
import { tokenPipeline, type TokenHandler } from './token-pipeline.js';
import { createTokenSupply } from '../supply/token-supply.js';
import { validateTenant } from './tenant.js';
import type { Tenant } from './tenant.js';

/** Options of {@link TokenService.getToken}. */
export interface GetTokenOptions {
  /** Ends this caller's wait (with `RequestAbortedError`); a shared upstream call goes on. */
  signal?: AbortSignal;
}

/** One token cache and single flight, served two ways (see {@link createTokenService}). */
export interface TokenService {
  /** The token endpoint for the browser's requests and refreshes (`createTokenHandler`'s). */
  readonly handler: TokenHandler;
  /**
   * A token for `tenant`, for server rendering (`initialToken`): exactly the handler's 200 body
   * `{ token, expiresIn, expiresAt }`, from the same cache and single flight. No `Request` and no
   * `resolveTenant`: the caller has already decided the tenant from its own session.
   *
   * @throws {InvalidTenantError} when `tenant` is not a valid `{ tenantId, subTenantId }`.
   * @throws the handler's other typed errors (`UpstreamStatusError`, `UpstreamRateLimitError`,
   * `UpstreamTimeoutError`, `UpstreamUnreachableError`, `BadUpstreamResponseError`,
   * `RequestAbortedError`); `error.status` and `error.code` are what the handler would answer.
   */
  getToken(tenant: Tenant, options?: GetTokenOptions): Promise<TokenResponseBody>;
}

/**
 * Creates the token service: the same options as `createTokenHandler`, one cache and one single
 * flight behind both the handler and `getToken`, so a token minted while rendering a page is the
 * one the browser's first refresh finds cached, and concurrent renders share one upstream call.
 * Create it once per process (module level).
 *
 * @example
 * ```ts
 * export const zipteams = createTokenService({ apiKey, apiSecret, resolveTenant });
 * export const GET = zipteams.handler; // app/api/zipteams/token/route.ts
 * const initialToken = await zipteams.getToken({ tenantId, subTenantId }); // a Server Component
 * ```
 *
 * @throws {TokenHandlerConfigError} when a required option is missing or invalid.
 */
export function createTokenService(options: TokenHandlerOptions): TokenService {
  const config = readConfig(options);
  const supply = createTokenSupply(config);
  return {
    handler: tokenPipeline(config, supply),
    async getToken(tenant, { signal } = {}) {
      const telemetry = await startTokenTelemetry('getToken');
      try {
        const valid = readTenant(tenant);
        if (!valid) throw new InvalidTenantError('getToken needs a { tenantId, subTenantId }');
        telemetry.tenant(valid);
        const body = await supply.get(valid, { signal, telemetry });
        telemetry.end({});
        return body;
      } catch (error) {
        telemetry.end({
          code: error instanceof TokenEndpointError ? error.code : ServerErrorCode.InternalError,
        });
        throw error;
      }
    },
  };
}

/** The caller's tenant, checked; a getter that throws makes it invalid, like a bad id does. */
function readTenant(tenant: Tenant): Tenant | null {
  try {
    return validateTenant(tenant, 'getToken');
  } catch (error) {
    if (error instanceof InvalidTenantError) throw error;
    throw new InvalidTenantError('getToken was given a tenant whose ids could not be read', {
      cause: error,
    });
  }
}
