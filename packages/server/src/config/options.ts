import type { UpstreamLimit, UpstreamLimitInSeconds } from '../budget/upstream-budget.js';
import type { ResolveTenant } from '../handler/resolve-tenant.js';
import type { TokenCache } from '../supply/token-cache.js';
import type { FetchLike } from '../upstream/request-upstream-token.js';
import type { TokenHandlerLogger } from './logger.js';
import type { Timers } from './timers.js';

/** Default of each of the handler's time limits (`timeoutMs`), in ms. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 10_000;
/** Longest wait for one cache operation; a slower store counts as a miss (or a lost write). */
export const CACHE_TIMEOUT_MS = 1_000;
/** The largest delay a timer can take (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The options of `createTokenHandler` and `createTokenService`. Every duration is in ms. */
export interface TokenHandlerOptions {
  /** Partner API key from Zipteams onboarding. Server-side only. */
  apiKey: string;
  /** Partner API secret from Zipteams onboarding. Server-side only. */
  apiSecret: string;
  /**
   * Decides the tenant/subtenant from the partner's own session. Return null (or undefined)
   * when nobody is signed in: the handler answers 401. Never take the ids from the browser
   * unless that is deliberate. It must settle within `resolveTenantTimeoutMs` (else 500
   * `tenant_resolution_failed`); the handler stops waiting when the client goes away.
   */
  resolveTenant: ResolveTenant;
  /** Default `https://api.zipteams.com`; the mock platform's URL in development. */
  baseUrl?: string;
  /**
   * Where tokens are kept. Default: an in-memory LRU of 1000 pairs. `false` disables it. A cache
   * with `attach` (the Redis cache) is given this handler's logger, clock, timers and time limits.
   */
  cache?: TokenCache | false;
  /**
   * The default of each time limit below that is not set, in ms. Default 10000. (Before 0.2 it
   * was the one limit for all of them; it still is when none of them is set.)
   */
  timeoutMs?: number;
  /** Longest wait for `resolveTenant`, in ms; then 500 `tenant_resolution_failed`. Default `timeoutMs`. */
  resolveTenantTimeoutMs?: number;
  /**
   * Longest time for one Zipteams exchange (headers and body, and the one retry of a reset
   * connection), in ms; then 504 `upstream_timeout`. Default `timeoutMs`.
   */
  upstreamTimeoutMs?: number;
  /**
   * Longest wait for a slot in the upstream budget (`upstreamLimit`), in ms; a slot further
   * away is answered 429 `rate_limited` at once. Default `timeoutMs`.
   */
  budgetWaitMs?: number;
  /**
   * Longest wait for one cache operation, in ms; a slower store counts as a miss or a lost
   * write. Default 1000 (or `timeoutMs`, when that is smaller).
   */
  cacheTimeoutMs?: number;
  /** The fetch used to call Zipteams. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /**
   * A cached token is replaced when fewer than this many ms are left. Default: the contract's
   * server margin (25% of the lifetime within [60 s, 15 min], at most half), wider than the
   * browser kit's.
   */
  refreshMarginMs?: number;
  /**
   * The refresh margin in seconds.
   *
   * @deprecated Use `refreshMarginMs` (milliseconds, like every other duration); this name goes
   * in the next minor.
   */
  refreshMarginSeconds?: number;
  /** Where warnings and errors go. Default `console`; `false` silences the handler. */
  logger?: TokenHandlerLogger | false;
  /**
   * Never more than `requests` calls to Zipteams in any `intervalMs` window (a sliding log,
   * not a clock-aligned window). Default `{ requests: 120, intervalMs: 60000 }`, the documented
   * partner limit. Counted per process, or fleet-wide when the cache keeps a shared budget (the
   * Redis cache does). A call that would exceed it waits while the slot opens within
   * `budgetWaitMs`, else the handler answers 429 `rate_limited` with `Retry-After`. A Zipteams
   * 429 pauses the budget until its `Retry-After` (at most 10 minutes).
   */
  upstreamLimit?: UpstreamLimit | UpstreamLimitInSeconds;
  /**
   * Clock in epoch milliseconds. Default: the wall clock read once, advanced by the monotonic
   * clock, so a stepped system clock cannot stretch a token's life.
   */
  now?: () => number;
  /**
   * The timers every wait and time limit uses (`setTimeout`, `clearTimeout`). Default: the
   * global ones, looked up at each call. Tests inject fake ones.
   */
  timers?: Timers;
}
