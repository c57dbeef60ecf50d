import {
  BROWSER_MARGIN,
  MAX_TOKEN_LIFETIME_MS,
  SERVER_MARGIN,
  marginMs,
} from '@zipteams/embed-core/protocol';
import type { TokenResponseBody } from '@zipteams/embed-core/protocol';
import { createBudgetGate } from '../budget/budget-gate.js';
import type { CachedToken } from './token-cache.js';
import type { Config } from '../config/read-config.js';
import { RequestAbortedError } from '../errors.js';
import { logUpstreamFailure } from '../upstream/log-upstream-failure.js';
import { createSingleFlight, waitFor } from './single-flight.js';
import { createStore } from './store.js';
import { tenantKey } from '../handler/tenant.js';
import type { Tenant } from '../handler/tenant.js';
import { requestUpstreamToken } from '../upstream/request-upstream-token.js';
import { NO_TELEMETRY } from '../telemetry/token-telemetry.js';
import type { TokenTelemetry } from '../telemetry/token-telemetry.js';

/** The token-supply step: a tenant in, the 200 body out. No `Request` involved. */
export interface TokenSupply {
  /**
   * A token for `tenant`: from the cache while it is fresh, else from Zipteams (one call per
   * tenant at a time, shared by every caller waiting for it). `options.signal`, read only when
   * the caller has to wait, ends only this caller's wait (with `RequestAbortedError`); the
   * shared call goes on for the others.
   *
   * @throws a `TokenEndpointError` subclass (upstream status, rate limit, timeout, unreachable,
   * bad response, aborted).
   */
  get(
    tenant: Tenant,
    options?: { readonly signal?: AbortSignal; readonly telemetry?: TokenTelemetry },
  ): Promise<TokenResponseBody>;
}

/**
 * Creates the supply: cache read, single flight, upstream call, cache write. A refresh that
 * fails while the cached token still has more than the browser's margin left serves the cached
 * token (stale-if-error) and logs a warning; past that point the failure is thrown.
 */
export function createTokenSupply(config: Config): TokenSupply {
  const { log, now } = config;
  const store = createStore(config.cache, config.cacheTimeoutMs, log, now, config.timers);
  const flights = createSingleFlight<CachedToken>();
  const budget = createBudgetGate({
    limit: config.upstreamLimit,
    shared: config.cache?.upstreamBudget?.(config.upstreamLimit),
    maxWaitMs: config.budgetWaitMs,
    storeTimeoutMs: config.cacheTimeoutMs,
    log,
    now,
    timers: config.timers,
  });

  async function fetchEntry(tenant: Tenant, telemetry: TokenTelemetry): Promise<CachedToken> {
    let sentAt = now();
    const fetched = await budget.run(() => {
      sentAt = now();
      return telemetry.upstream(config.url, tenant, (observe) =>
        requestUpstreamToken({
          url: config.url,
          apiKey: config.apiKey,
          apiSecret: config.apiSecret,
          tenant,
          fetch: config.fetch,
          timeoutMs: config.upstreamTimeoutMs,
          timers: config.timers,
          now,
          observe,
        }),
      );
    }, telemetry);
    // Skew-safe: the deadline comes from the token's own lifetime and our clock, never from
    // comparing `exp` with our clock. Counting from the send time errs on the early side.
    const expiresAt = sentAt + fetched.lifetimeMs;
    const margin = config.refreshMarginMs ?? marginMs(fetched.lifetimeMs, SERVER_MARGIN);
    return {
      token: fetched.token,
      expiresAt,
      refreshAt: expiresAt - Math.min(margin, fetched.lifetimeMs),
      staleUntil: expiresAt - marginMs(fetched.lifetimeMs, BROWSER_MARGIN),
    };
  }

  /** Refills `key`; `stale` is what the cache held when this started. */
  async function refill(
    tenant: Tenant,
    key: string,
    stale: CachedToken | undefined,
    telemetry: TokenTelemetry,
  ) {
    try {
      const entry = await fetchEntry(tenant, telemetry);
      await store.write(key, entry);
      return entry;
    } catch (error) {
      if (stale && stale.staleUntil > now()) {
        log.warn('Refreshing the token failed; serving the cached one until it nears expiry.', {
          tenantId: tenant.tenantId,
          subTenantId: tenant.subTenantId,
          error,
        });
        return stale;
      }
      logUpstreamFailure(log, error, tenant);
      throw error;
    }
  }

  /** The process's single flight, inside the store's fleet-wide one when it has one. */
  function obtain(
    tenant: Tenant,
    key: string,
    stale: CachedToken | undefined,
    telemetry: TokenTelemetry,
  ) {
    return flights.run(key, () =>
      store.singleFlight(key, async () => {
        const current = (await store.reread(key)) ?? stale;
        return current && isFresh(current, now())
          ? current
          : refill(tenant, key, current, telemetry);
      }),
    );
  }

  return {
    async get(tenant, options) {
      const telemetry = options?.telemetry ?? NO_TELEMETRY;
      const key = tenantKey(tenant);
      const cached = await store.read(key);
      if (cached && isFresh(cached, now())) {
        telemetry.cache('hit');
        return responseBody(cached, now());
      }
      // Read only now that the caller must wait: a Node request's signal is built on demand.
      const signal = options?.signal;
      if (signal?.aborted)
        throw new RequestAbortedError('The request was aborted before it started');
      let entry: CachedToken;
      try {
        // The first caller's telemetry carries the shared upstream call's span.
        entry = await waitFor(obtain(tenant, key, cached, telemetry), signal);
      } catch (error) {
        telemetry.cache('miss');
        throw error;
      }
      // Only a failed refresh hands back an entry that is no longer fresh.
      telemetry.cache(isFresh(entry, now()) ? 'miss' : 'stale');
      return responseBody(entry, now());
    },
  };
}

function isFresh(entry: CachedToken, now: number): boolean {
  return entry.refreshAt > now && entry.expiresAt > now;
}

/** The 200 body; `expiresIn` never exceeds what is left of the entry, nor 24 h. */
function responseBody(entry: CachedToken, now: number): TokenResponseBody {
  return {
    token: entry.token,
    expiresIn: Math.floor(
      Math.min(Math.max(0, entry.expiresAt - now), MAX_TOKEN_LIFETIME_MS) / 1000,
    ),
    expiresAt: new Date(entry.expiresAt).toISOString(),
  };
}
