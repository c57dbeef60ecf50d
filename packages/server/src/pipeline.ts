import { ServerErrorCode } from '@zipteams/embed-core';
import type { Config } from './config.js';
import { errorResponse, failureResponse, tokenResponse } from './respond.js';
import { resolveTenantStep } from './resolve-tenant.js';
import type { TokenSupply } from './supply.js';

export type TokenHandler = (request: Request) => Promise<Response>;

/** The handler's pipeline: method, tenant, token supply (cache, single flight, upstream), response. */
export function tokenPipeline(config: Config, supply: TokenSupply): TokenHandler {
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
