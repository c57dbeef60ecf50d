/** A source of the current time in epoch milliseconds. Injected so tests can use fake time. */
export interface Clock {
  now(): number;
}

/** Timer functions. Injected so tests can use fake timers. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Subscribes to moments when timers may have fired late or not at all: the tab became visible,
 * the window got focus, the machine came back online, the page was restored from the bfcache.
 * Returns the unsubscribe function.
 */
export type WakeEventSource = (onWake: () => void) => () => void;

/** The system clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/** The global timers, looked up at call time so fake timers installed later still apply. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Wake events of a browser page: `visibilitychange` (to visible), `focus`, `online` on window
 * and `pageshow`. Does nothing where there is no `window` (server rendering, workers, Node).
 */
export const browserWakeEvents: WakeEventSource = (onWake) => {
  if (typeof window === 'undefined') return () => {};
  const onVisibility = () => {
    if (document.visibilityState !== 'hidden') onWake();
  };
  const listen = (on: boolean) => {
    document[on ? 'addEventListener' : 'removeEventListener']('visibilitychange', onVisibility);
    for (const type of ['focus', 'online', 'pageshow']) {
      window[on ? 'addEventListener' : 'removeEventListener'](type, onWake);
    }
  };
  listen(true);
  return () => listen(false);
};
