interface Waiter {
  readonly hang: boolean;
  release(): void;
  fail(reason: unknown): void;
}

/**
 * The token requests a fault is holding (latency or hang). Every wait ends: by its timer,
 * by its request's abort signal, by `releaseHangs()` (faults cleared) or by `abortAll()`
 * (platform closed), so nothing can stay pending after a test.
 */
export class PendingWaits {
  readonly #waiters = new Set<Waiter>();

  get size(): number {
    return this.#waiters.size;
  }

  /** Waits `ms` milliseconds, or until released when `ms` is `undefined` (a hang). */
  wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
      };
      const waiter: Waiter = {
        hang: ms === undefined,
        release: () => {
          settle();
          resolve();
        },
        fail: (reason) => {
          settle();
          reject(reason);
        },
      };
      const onAbort = (): void => waiter.fail(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      if (ms !== undefined) timer = setTimeout(waiter.release, ms);
      this.#waiters.add(waiter);
    });
  }

  /** Lets every hanging request go on to its normal answer. */
  releaseHangs(): void {
    for (const waiter of [...this.#waiters]) if (waiter.hang) waiter.release();
  }

  /** Rejects every held request (hangs and latencies) with `reason`. */
  abortAll(reason: unknown): void {
    for (const waiter of [...this.#waiters]) waiter.fail(reason);
  }
}
