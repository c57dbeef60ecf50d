// Fake time that is injected (the handler's `timers` and `now`), not patched over the globals:
// Redis clients and HTTP servers in the same test keep their real timers.
import type { Timers } from '../config/timers.js';

interface Pending {
  at: number;
  ms: number;
  callback: () => void;
}

/** Lets promise callbacks and pending I/O callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Timers and a clock that move only when `advance` is called. `setTimeouts` records every delay
 * asked for, so a test can read how long the code meant to wait.
 */
export function manualTimers(start = Date.UTC(2030, 0, 1, 12, 0, 0)) {
  let time = start;
  let serial = 0;
  const queue = new Map<number, Pending>();
  const setTimeouts: number[] = [];
  const timers: Timers = {
    setTimeout(callback, ms) {
      const id = ++serial;
      setTimeouts.push(ms);
      queue.set(id, { at: time + Math.max(0, ms), ms, callback });
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
  };
  return {
    timers,
    now: () => time,
    setTimeouts,
    /** The delays of the timers still waiting, as they were asked for. */
    pending: () => [...queue.values()].map((timer) => timer.ms),
    /** Moves time forward, running every timer that falls due in order, with its follow-ups. */
    async advance(ms: number) {
      const until = time + ms;
      for (;;) {
        // Work already under way may set the timers this step should see.
        await settle();
        let next: [number, Pending] | undefined;
        for (const entry of queue) {
          if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry;
        }
        if (!next) break;
        queue.delete(next[0]);
        time = next[1].at;
        next[1].callback();
      }
      time = until;
      await settle();
    },
  };
}
