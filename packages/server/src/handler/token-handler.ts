import type { TokenHandlerOptions } from '../config/options.js';
import type { TokenHandler } from './token-pipeline.js';
import { createTokenService } from './token-service.js';

export type { TokenHandler } from './token-pipeline.js';

/**
 * Creates the partner's token endpoint. It answers GET with `{ token, expiresIn, expiresAt }`
 * for the tenant that `resolveTenant` picks, caching per tenant/subtenant and sharing concurrent
 * upstream calls. It is the `handler` of {@link createTokenService}; use the service when server
 * rendering needs tokens too.
 *
 * The pipeline: method, tenant, token supply (cache, single flight, budget, upstream), response.
 *
 * @throws {TokenHandlerConfigError} when a required option is missing or invalid.
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  return createTokenService(options).handler;
}
