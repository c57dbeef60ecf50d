import type { DashboardToken } from '../token/token.js';
import {
  browserWakeEvents,
  globalTimers,
  systemClock,
  type Clock,
  type Timers,
  type WakeEventSource,
} from './environment.js';
import { BROWSER_MARGIN } from '../protocol.js';

/** The largest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** How far ahead of the deadline to refresh: a share of the lifetime, kept within bounds. */
export interface RefreshMargin {
  /** Share of the lifetime (0 to 0.5; the margin is capped at a quarter of it). Default 0.1. */
  readonly ratio?: number;
  /** Smallest margin in ms. Default 30 s. */
  readonly minMs?: number;
  /** Largest margin in ms. Default 10 min. */
  readonly maxMs?: number;
}

/** Defaults of {@link RefreshMargin}: 10 % of the lifetime, between 30 s and 10 min. */
export const DEFAULT_REFRESH_MARGIN = {
  ratio: BROWSER_MARGIN.ratio,
  minMs: BROWSER_MARGIN.minMs,
  maxMs: BROWSER_MARGIN.maxMs,
} as const;

/**
 * No refresh is planned sooner than this after a token's receipt, whatever the token says, so a
 * tiny or odd lifetime cannot make the kit hammer the token endpoint.
 */
export const MIN_REFRESH_INTERVAL_MS = 1_000;

/** Clamps a timer delay to what `setTimeout` can honour: 0 to {@link MAX_TIMER_DELAY_MS}. */
export function clampTimerDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_TIMER_DELAY_MS);
}

/**
 * The margin before the deadline at which to refresh, in ms. Never more than a quarter of the
 * lifetime, so even a short-lived token serves three quarters of its life and costs one request
 * per lifetime, not two.
 */
export function refreshMarginMs(lifetimeMs: number, margin: RefreshMargin = {}): number {
  const ratio = Math.min(Math.max(margin.ratio ?? DEFAULT_REFRESH_MARGIN.ratio, 0), 0.5);
  const minMs = Math.max(margin.minMs ?? DEFAULT_REFRESH_MARGIN.minMs, 0);
  const maxMs = Math.max(margin.maxMs ?? DEFAULT_REFRESH_MARGIN.maxMs, minMs);
  const wanted = Math.min(Math.max(lifetimeMs * ratio, minMs), maxMs);
  return Math.min(wanted, lifetimeMs * BROWSER_MARGIN.maxShare);
}

/**
 * When to refresh a token, in local epoch ms: its deadline minus {@link refreshMarginMs}, but no
 * sooner than {@link MIN_REFRESH_INTERVAL_MS} after receipt. A pure function.
 */
export function planRefresh(
  token: Pick<DashboardToken, 'receivedAt' | 'lifetimeMs' | 'expiresAt'>,
  margin?: RefreshMargin,
): number {
  const planned = token.expiresAt - refreshMarginMs(token.lifetimeMs, margin);
  return Math.max(planned, token.receivedAt + MIN_REFRESH_INTERVAL_MS);
}

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Called once when the scheduled moment is reached (or found passed on a wake event). */
  readonly onDue: () => void;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Default {@link browserWakeEvents}; pass `() => () => {}` for none. */
  readonly wakeEvents?: WakeEventSource;
}

/** Runs a callback at a wall-clock moment, robust to late timers, sleep and throttled tabs. */
export interface Scheduler {
  /** Arms the scheduler for `at` (local epoch ms), replacing any earlier moment. */
  schedule(at: number): void;
  /** Disarms without disposing. */
  cancel(): void;
  /** Disarms and removes every timer and listener. The scheduler cannot be used afterwards. */
  dispose(): void;
  /** The armed moment, if any. */
  readonly scheduledAt: number | undefined;
}

/**
 * Creates a {@link Scheduler}. The timer is only a hint: whenever it fires, and on every wake
 * event, the wall clock is read again; if the moment has passed `onDue` runs at once, otherwise
 * the timer is re-armed for what is left (clamped to {@link MAX_TIMER_DELAY_MS}).
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? globalTimers;
  let at: number | undefined;
  let handle: unknown;
  let disposed = false;
  let unsubscribe: (() => void) | undefined;

  const stop = () => {
    at = undefined;
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
    unsubscribe?.();
    unsubscribe = undefined;
  };

  const check = () => {
    if (at === undefined || disposed) return;
    if (handle !== undefined) timers.clearTimeout(handle);
    const remaining = at - clock.now();
    if (remaining <= 0) {
      stop();
      options.onDue();
      return;
    }
    handle = timers.setTimeout(check, clampTimerDelay(remaining));
  };

  return {
    schedule(moment) {
      if (disposed) return;
      at = moment;
      unsubscribe ??= (options.wakeEvents ?? browserWakeEvents)(check);
      check();
    },
    cancel: stop,
    dispose() {
      stop();
      disposed = true;
    },
    get scheduledAt() {
      return at;
    },
  };
}
