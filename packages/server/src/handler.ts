import { ServerErrorCode } from '@zipteams/embed-core';
import { readConfig } from './config.js';
import type { TokenHandlerOptions } from './config.js';
import { errorResponse, failureResponse, tokenResponse } from './respond.js';
import { resolveTenantStep } from './resolve-tenant.js';
import { createTokenSupply } from './supply.js';

export type TokenHandler = (request: Request) => Promise<Response>;

/**
 * Creates the partner's token endpoint: a Web-standard `(Request) => Promise<Response>`.
 * It answers GET with `{ token, expiresIn, expiresAt }` for the tenant that `resolveTenant`
 * picks, caching per tenant/subtenant and sharing concurrent upstream calls.
 *
 * The pipeline: method, tenant, token supply (cache, single flight, upstream), response.
 *
 * @throws {TokenHandlerConfigError} when a required option is missing or invalid.
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const config = readConfig(options);
  const supply = createTokenSupply(config);
  return async function handleTokenRequest(request) {
    try {
      if (request.method !== 'GET') {
        return errorResponse(ServerErrorCode.MethodNotAllowed, { allow: 'GET' });
      }
      const tenant = await resolveTenantStep(request, config.resolveTenant, config.timeoutMs);
      if (!tenant) return errorResponse(ServerErrorCode.Unauthenticated);
      return tokenResponse(await supply.get(tenant, request.signal));
    } catch (error) {
      return failureResponse(error, config.log);
    }
  };
}
