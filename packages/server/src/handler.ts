import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import { readConfig } from './config.js';
import type { TokenHandlerOptions } from './config.js';
import { errorAnswer, failureAnswer, toResponse, tokenAnswer } from './respond.js';
import type { TokenAnswer } from './respond.js';
import { resolveTenantStep } from './resolve-tenant.js';
import { createTokenSupply } from './supply.js';

/**
 * The token endpoint: a Web-standard `(Request) => Promise<Response>`, plus `answer`, the same
 * pipeline ending before the `Response` is built. `answer` is the one explicit seam between the
 * handler and `toNodeHandler`, which writes it to the Node response as is.
 */
export interface TokenHandler {
  (request: Request): Promise<Response>;
  readonly answer: (request: Request) => Promise<TokenAnswer>;
}

/**
 * Creates the partner's token endpoint. It answers GET with `{ token, expiresIn, expiresAt }`
 * for the tenant that `resolveTenant` picks, caching per tenant/subtenant and sharing concurrent
 * upstream calls.
 *
 * The pipeline: method, tenant, token supply (cache, single flight, upstream), response.
 *
 * @throws {TokenHandlerConfigError} when a required option is missing or invalid.
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const config = readConfig(options);
  const supply = createTokenSupply(config);

  async function answer(request: Request): Promise<TokenAnswer> {
    try {
      if (request.method !== 'GET') {
        return errorAnswer(ServerErrorCode.MethodNotAllowed, { allow: 'GET' });
      }
      const tenant = await resolveTenantStep(request, config.resolveTenant, config.timeoutMs);
      if (!tenant) return errorAnswer(ServerErrorCode.Unauthenticated);
      // A getter: the supply reads the signal only on a miss (a cached answer never needs one).
      const wait = {
        get signal() {
          return request.signal;
        },
      };
      return tokenAnswer(await supply.get(tenant, wait));
    } catch (error) {
      return failureAnswer(error, config.log);
    }
  }

  const handleTokenRequest = async (request: Request) => toResponse(await answer(request));
  return Object.assign(handleTokenRequest, { answer });
}
