import { ServerErrorCode } from '@zipteams/embed-core/protocol';
import type { Config } from '../config/read-config.js';
import { errorAnswer, failureAnswer, toResponse, tokenAnswer } from './respond.js';
import type { TokenAnswer } from './respond.js';
import { resolveTenantStep } from './resolve-tenant.js';
import type { TokenSupply } from '../supply/token-supply.js';
import { startTokenTelemetry } from '../telemetry/token-telemetry.js';
import type { TokenTelemetry } from '../telemetry/token-telemetry.js';

/**
 * The token endpoint: a Web-standard `(Request) => Promise<Response>`, plus `answer`, the same
 * pipeline ending before the `Response` is built. `answer` is the one explicit seam between the
 * handler and `toNodeHandler`, which writes it to the Node response as is.
 */
export interface TokenHandler {
  (request: Request): Promise<Response>;
  readonly answer: (request: Request) => Promise<TokenAnswer>;
}

/** The handler's pipeline over a supply: method, tenant, token supply, response. */
export function tokenPipeline(config: Config, supply: TokenSupply): TokenHandler {
  async function answer(request: Request): Promise<TokenAnswer> {
    const telemetry = await startTokenTelemetry('handler');
    const result = await steps(request, telemetry);
    telemetry.end({ status: result.status, code: result.code });
    return result;
  }

  async function steps(request: Request, telemetry: TokenTelemetry): Promise<TokenAnswer> {
    try {
      if (request.method !== 'GET') {
        return errorAnswer(ServerErrorCode.MethodNotAllowed, { allow: 'GET' });
      }
      const tenant = await resolveTenantStep(
        request,
        config.resolveTenant,
        config.resolveTenantTimeoutMs,
        config.timers,
      );
      if (!tenant) return errorAnswer(ServerErrorCode.Unauthenticated);
      telemetry.tenant(tenant);
      // A getter: the supply reads the signal only on a miss (a cached answer never needs one).
      const wait = {
        get signal() {
          return request.signal;
        },
        telemetry,
      };
      return tokenAnswer(await supply.get(tenant, wait));
    } catch (error) {
      return failureAnswer(error, config.log);
    }
  }

  const handleTokenRequest = async (request: Request) => toResponse(await answer(request));
  return Object.assign(handleTokenRequest, { answer });
}
