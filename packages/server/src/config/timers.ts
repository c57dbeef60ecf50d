import type { Timers } from '@zipteams/embed-core';

export type { Timers };

/**
 * The global timers, looked up at each call (not captured at import), so fake timers a test
 * installs later still apply.
 */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolves after `ms` on `timers`. */
export function delay(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => void timers.setTimeout(resolve, ms));
}

/**
 * `promise`, or a rejection with `onTimeout()` once `ms` pass first. The timer is always
 * cleared, so a settled race never keeps a process alive.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timers: Timers,
  onTimeout: () => unknown,
): Promise<T> {
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = timers.setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    timers.clearTimeout(timer);
  }
}

/** A timer that must not keep an otherwise finished Node process alive (where timers can say so). */
export function unref(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null && 'unref' in handle) {
    const method = (handle as { unref?: unknown }).unref;
    if (typeof method === 'function') method.call(handle);
  }
}
