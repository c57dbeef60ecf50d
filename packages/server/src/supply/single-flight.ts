import { RequestAbortedError } from '../errors.js';

/**
 * Runs at most one `task` per key at a time in this process; callers arriving while it runs
 * share its result. The key is released once the task settles, so a failure is not kept.
 */
export function createSingleFlight<T>() {
  const running = new Map<string, Promise<T>>();
  return {
    run(key: string, task: () => Promise<T>): Promise<T> {
      let flight = running.get(key);
      if (!flight) {
        flight = task().finally(() => running.delete(key));
        running.set(key, flight);
      }
      return flight;
    },
  };
}

/**
 * Waits for a shared promise on behalf of one caller. If the caller's signal aborts, only this
 * wait ends (with `RequestAbortedError`); the shared work goes on for the other callers.
 */
export function waitFor<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) {
    // Keep the shared rejection handled even when nobody else waits for it.
    shared.catch(() => undefined);
    return Promise.reject(new RequestAbortedError('The request was aborted by its client'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RequestAbortedError('The request was aborted by its client'));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
