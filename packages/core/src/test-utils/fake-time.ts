import type { Clock, Timers, WakeEventSource } from '../timing/environment.js';

/**
 * A fake clock, timers and wake events for Node tests: `advance` runs due timers in order,
 * `sleep` moves the clock without running any (a laptop lid closed), `wake` fires wake events.
 */
export function fakeTime(start = Date.UTC(2026, 10, 28, 9)) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const wakeListeners = new Set<() => void>();
  const clock: Clock = { now: () => now };
  const fakeTimers: Timers = {
    setTimeout: (run, ms) => {
      timers.set(++seq, { at: now + ms, run });
      return seq;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const wakeEvents: WakeEventSource = (onWake) => {
    wakeListeners.add(onWake);
    return () => wakeListeners.delete(onWake);
  };
  return {
    clock,
    timers: fakeTimers,
    wakeEvents,
    now: () => now,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].run();
      }
      now = end;
    },
    sleep(ms: number) {
      now += ms;
    },
    wake() {
      for (const onWake of [...wakeListeners]) onWake();
    },
    /** Armed timers and wake listeners: both 0 once everything is stopped. */
    live: () => ({ timers: timers.size, wakeListeners: wakeListeners.size }),
  };
}
