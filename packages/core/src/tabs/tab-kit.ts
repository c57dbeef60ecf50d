import { AbortedError, HttpError } from '../errors/errors.js';
import type { Clock, Timers } from '../timing/environment.js';
import { DEFAULT_TOKEN_TIMEOUT_MS } from '../token/fetch-token.js';
import { decodeJwt } from '../token/jwt.js';
import { TAB_CHANNEL_NAME } from '../page-registry.js';
import { MAX_TOKEN_LIFETIME_MS } from '../protocol.js';
import { planRefresh } from '../timing/refresh.js';
import { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from './shared-token.js';
import type { TabKit } from './tab-share.js';

/** A 401 or 403 from the token source: the partner's session ended. */
export const endsSession = (failure: unknown): failure is HttpError & { status: 401 | 403 } =>
  failure instanceof HttpError && (failure.status === 401 || failure.status === 403);

/** Core's rules, handed to the lazily loaded tab code (see `TabKit`). */
export function tabKit(clock: Clock, timers: Timers): TabKit {
  return {
    adopt: shouldAdoptSharedToken,
    sameTenant,
    hasTenantClaims,
    dueAt: planRefresh,
    decodeJwt,
    endedBy: (error) => (endsSession(error) ? error.status : undefined),
    aborted: () => new AbortedError(),
    channel: TAB_CHANNEL_NAME,
    maxLifetimeMs: MAX_TOKEN_LIFETIME_MS,
    timeoutMs: DEFAULT_TOKEN_TIMEOUT_MS,
    clock,
    timers,
  };
}
