import { UpstreamBudgetError, UpstreamRateLimitError } from '../errors.js';
import type { Log } from '../config/logger.js';
import { NO_TELEMETRY } from '../telemetry/token-telemetry.js';
import type { TokenTelemetry } from '../telemetry/token-telemetry.js';
import { delay, withTimeout } from '../config/timers.js';
import type { Timers } from '../config/timers.js';
import { createMemoryBudget } from './upstream-budget.js';
import type { BudgetDecision, UpstreamBudget, UpstreamLimit } from './upstream-budget.js';

export interface BudgetGateOptions {
  limit: UpstreamLimit;
  /** The store's fleet-wide budget, when it has one (`TokenCache.upstreamBudget`). */
  shared: UpstreamBudget | undefined;
  /** Longest wait for a slot: the request's own time allowance. */
  maxWaitMs: number;
  /** Longest wait for the shared budget to answer; then this process counts alone. */
  storeTimeoutMs: number;
  log: Log;
  now: () => number;
  timers: Timers;
}

/** Runs upstream calls within the budget. */
export interface BudgetGate {
  /**
   * Waits for a slot (while it opens within `maxWaitMs`), then makes `call`. A Zipteams 429
   * pauses the budget for its `Retry-After`.
   *
   * @throws {UpstreamBudgetError} (429 `rate_limited`, with `retryAfter`) when no slot opens in time.
   */
  run<T>(call: () => Promise<T>, telemetry?: TokenTelemetry): Promise<T>;
}

/**
 * The upstream budget step of the token supply: the store's shared budget when it has one, else
 * (and whenever the shared one fails or is slow) a per-process budget in memory.
 */
export function createBudgetGate(options: BudgetGateOptions): BudgetGate {
  const { shared, maxWaitMs, storeTimeoutMs, log, timers } = options;
  const bounded = <T>(promise: Promise<T>) =>
    withTimeout(
      promise,
      storeTimeoutMs,
      timers,
      () => new Error(`no answer within ${storeTimeoutMs} ms`),
    );
  const local = createMemoryBudget(options.limit, options.now);

  async function reserve(): Promise<BudgetDecision> {
    if (!shared) return local.reserve(maxWaitMs);
    try {
      return await bounded(shared.reserve(maxWaitMs));
    } catch (error) {
      log.warn('The shared upstream budget failed; counting in this process.', { error });
      return local.reserve(maxWaitMs);
    }
  }

  async function pause(ms: number): Promise<void> {
    await local.pause(ms);
    if (shared) await bounded(shared.pause(ms)).catch(() => undefined);
  }

  return {
    async run(call, telemetry = NO_TELEMETRY) {
      const decision = await reserve();
      if (!decision.granted) {
        telemetry.budgetRefusal();
        throw new UpstreamBudgetError(String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
      }
      if (decision.waitMs > 0) {
        telemetry.budgetWait();
        await delay(timers, decision.waitMs);
      }
      try {
        return await call();
      } catch (error) {
        if (error instanceof UpstreamRateLimitError) await pause(Number(error.retryAfter) * 1000);
        throw error;
      }
    },
  };
}
