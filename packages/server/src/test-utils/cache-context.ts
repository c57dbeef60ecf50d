import type { TokenCacheContext } from '../supply/token-cache.js';
import { systemTimers } from '../config/timers.js';

/** What a handler with default options hands its cache's `attach`, with `overrides`. */
export function cacheContext(
  overrides: Partial<Omit<TokenCacheContext, 'limits'>> & {
    limits?: Partial<TokenCacheContext['limits']>;
  } = {},
): TokenCacheContext {
  const { limits, ...rest } = overrides;
  return {
    logger: { warn: () => undefined, error: () => undefined },
    now: () => Date.now(),
    timers: systemTimers,
    ...rest,
    limits: {
      resolveTenantTimeoutMs: 10_000,
      upstreamTimeoutMs: 10_000,
      budgetWaitMs: 10_000,
      cacheTimeoutMs: 1_000,
      ...limits,
    },
  };
}
