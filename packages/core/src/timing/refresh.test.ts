import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WakeEventSource } from './environment.js';
import {
  MAX_TIMER_DELAY_MS,
  MIN_REFRESH_INTERVAL_MS,
  clampTimerDelay,
  createScheduler,
  planRefresh,
  refreshMarginMs,
} from './refresh.js';
import { createDashboardToken, type DashboardToken } from '../token/token.js';
import { zipteamsJwt } from '@zipteams/test-utils';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const tokenOf = (lifetimeMs: number, receivedAt = 0) => ({
  receivedAt,
  lifetimeMs,
  expiresAt: receivedAt + lifetimeMs,
});

/** A wake-event source the test can fire by hand, counting live subscriptions. */
function manualWakeEvents() {
  const listeners = new Set<() => void>();
  const source: WakeEventSource = (onWake) => {
    listeners.add(onWake);
    return () => listeners.delete(onWake);
  };
  return {
    source,
    fire: () => [...listeners].forEach((l) => l()),
    get count() {
      return listeners.size;
    },
  };
}

describe('planRefresh', () => {
  it('should refresh a 24 h token 10 minutes (the max margin) before its deadline', () => {
    expect(planRefresh(tokenOf(24 * HOUR))).toBe(24 * HOUR - 10 * MINUTE);
  });

  it('should use 10 % of the lifetime between the bounds', () => {
    expect(planRefresh(tokenOf(1 * HOUR))).toBe(HOUR - 6 * MINUTE);
  });

  it('should keep at least 30 s of margin for a 2-minute token', () => {
    expect(planRefresh(tokenOf(2 * MINUTE))).toBe(90 * SECOND);
  });

  it('should never take more than a quarter of a short lifetime as margin', () => {
    expect(planRefresh(tokenOf(20 * SECOND))).toBe(15 * SECOND);
    expect(planRefresh(tokenOf(6 * SECOND))).toBe(4.5 * SECOND);
  });

  it('should never plan sooner than the floor after receipt, whatever the lifetime', () => {
    for (const lifetime of [1, 10, 500, 1_500]) {
      expect(planRefresh(tokenOf(lifetime, 7_000))).toBeGreaterThanOrEqual(
        7_000 + MIN_REFRESH_INTERVAL_MS,
      );
    }
  });

  it('should honour a configured margin', () => {
    expect(planRefresh(tokenOf(24 * HOUR), { ratio: 0.25, maxMs: 2 * HOUR })).toBe(22 * HOUR);
    expect(refreshMarginMs(24 * HOUR, { ratio: 0.9, maxMs: 48 * HOUR })).toBe(6 * HOUR);
  });

  it('should not depend on the client clock (same plan relative to receipt)', () => {
    const jwt = zipteamsJwt(Date.UTC(2026, 0, 1));
    const plans = [-3 * HOUR, 0, 3 * HOUR].map((skew) => {
      const receivedAt = Date.UTC(2026, 0, 1) + skew;
      return planRefresh(createDashboardToken({ token: jwt }, { receivedAt })) - receivedAt;
    });
    expect(new Set(plans).size).toBe(1);
    expect(plans[0]).toBe(24 * HOUR - 10 * MINUTE);
  });
});

describe('clampTimerDelay', () => {
  it('should clamp to [0, 2^31-1]', () => {
    expect(clampTimerDelay(-5)).toBe(0);
    expect(clampTimerDelay(Number.NaN)).toBe(0);
    expect(clampTimerDelay(1234)).toBe(1234);
    expect(clampTimerDelay(30 * 24 * HOUR)).toBe(MAX_TIMER_DELAY_MS);
  });
});

describe('createScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should run onDue once at the scheduled moment', () => {
    const onDue = vi.fn();
    const wake = manualWakeEvents();
    const scheduler = createScheduler({ onDue, wakeEvents: wake.source });
    scheduler.schedule(5 * MINUTE);
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onDue).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(HOUR);
    expect(onDue).toHaveBeenCalledTimes(1);
    expect(scheduler.scheduledAt).toBeUndefined();
  });

  describe('given a machine that slept past the moment (timer 6 hours late)', () => {
    it('should run onDue at once on the wake event', () => {
      const onDue = vi.fn();
      const wake = manualWakeEvents();
      createScheduler({ onDue, wakeEvents: wake.source }).schedule(1 * HOUR);
      vi.setSystemTime(7 * HOUR); // the wall clock jumped; no timer has fired
      wake.fire();
      expect(onDue).toHaveBeenCalledTimes(1);
    });

    it('should run onDue at once when the late timer finally fires', () => {
      const onDue = vi.fn();
      const timers = { setTimeout: vi.fn(() => 1), clearTimeout: vi.fn() };
      let now = 0;
      createScheduler({
        onDue,
        timers,
        clock: { now: () => now },
        wakeEvents: () => () => {},
      }).schedule(HOUR);
      now = 7 * HOUR;
      const [[callback]] = timers.setTimeout.mock.calls as unknown as [[() => void]];
      callback();
      expect(onDue).toHaveBeenCalledTimes(1);
    });
  });

  it('should re-arm instead of running early when a wake event comes before the moment', () => {
    const onDue = vi.fn();
    const wake = manualWakeEvents();
    createScheduler({ onDue, wakeEvents: wake.source }).schedule(HOUR);
    vi.advanceTimersByTime(30 * MINUTE);
    wake.fire();
    expect(onDue).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(30 * MINUTE);
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('should handle moments past the 2^31-1 ms timer limit', () => {
    const onDue = vi.fn();
    createScheduler({ onDue, wakeEvents: () => () => {} }).schedule(40 * 24 * HOUR);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(onDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40 * 24 * HOUR - MAX_TIMER_DELAY_MS);
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('should replace an earlier moment when scheduled again', () => {
    const onDue = vi.fn();
    const scheduler = createScheduler({ onDue, wakeEvents: () => () => {} });
    scheduler.schedule(HOUR);
    scheduler.schedule(2 * HOUR);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(HOUR);
    expect(onDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(HOUR);
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('should leave no timer and no listener behind on dispose', () => {
    const onDue = vi.fn();
    const wake = manualWakeEvents();
    const scheduler = createScheduler({ onDue, wakeEvents: wake.source });
    scheduler.schedule(HOUR);
    expect(vi.getTimerCount()).toBe(1);
    expect(wake.count).toBe(1);
    scheduler.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(wake.count).toBe(0);
    scheduler.schedule(2 * HOUR);
    vi.advanceTimersByTime(3 * HOUR);
    expect(onDue).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  describe('given a full token lifecycle over three days', () => {
    function runLifecycle(clientSkewMs: number) {
      // The issuer's clock is the fake system time minus the client's skew.
      vi.setSystemTime(Date.UTC(2026, 10, 28) + clientSkewMs);
      const refreshedAt: number[] = [];
      let current: DashboardToken;
      const receive = () => {
        const issuerNow = Date.now() - clientSkewMs;
        current = createDashboardToken(
          { token: zipteamsJwt(issuerNow) },
          { receivedAt: Date.now() },
        );
        scheduler.schedule(planRefresh(current));
      };
      const scheduler = createScheduler({
        onDue: () => {
          refreshedAt.push(Date.now() - start);
          receive();
        },
        wakeEvents: () => () => {},
      });
      const start = Date.now();
      receive();
      vi.advanceTimersByTime(3 * 24 * HOUR);
      scheduler.dispose();
      return refreshedAt;
    }

    it('should refresh once per lifetime, 10 minutes before each deadline', () => {
      const period = 24 * HOUR - 10 * MINUTE;
      expect(runLifecycle(0)).toEqual([period, 2 * period, 3 * period]);
    });

    it('should refresh at the same moments with the client clock 3 hours fast or slow', () => {
      expect(runLifecycle(3 * HOUR)).toEqual(runLifecycle(0));
      expect(runLifecycle(-3 * HOUR)).toEqual(runLifecycle(0));
    });
  });
});
