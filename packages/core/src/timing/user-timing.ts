/**
 * User Timing entries named `zipteams:…`, so the browser's Performance panel and RUM tools (which
 * collect `performance.mark` / `performance.measure`) show what the kit does:
 *
 * - measure `zipteams:token-request`: each token request, start to answer (`detail.outcome`: `ok`
 *   or the error code);
 * - measure `zipteams:first-frame`: an embed's mount to its first visible page; and for the first
 *   embed of the page, `zipteams:first-frame-since-navigation` from navigation start;
 * - mark `zipteams:rotation`: a new page swapped in after the first;
 * - mark `zipteams:failure`: a new failure (`detail.code`).
 *
 * Nothing happens where there is no `performance` with `mark` and `measure`; never a token in a
 * name or a detail.
 */

interface Timing {
  now(): number;
  mark(name: string, options?: { detail?: unknown }): unknown;
  measure(name: string, options: { start: number; end: number; detail?: unknown }): unknown;
}

function timing(): Timing | undefined {
  const perf = (globalThis as { performance?: Partial<Timing> }).performance;
  return perf && typeof perf.mark === 'function' && typeof perf.measure === 'function'
    ? (perf as Timing)
    : undefined;
}

/** The User Timing clock now (ms since navigation start), or undefined without one. */
export function timingNow(): number | undefined {
  return timing()?.now();
}

/** Marks `zipteams:<name>` now. */
export function timingMark(name: string, detail?: Record<string, unknown>): void {
  try {
    timing()?.mark(`zipteams:${name}`, { detail });
  } catch {
    // A page whose performance object refuses: timings are a courtesy, never a failure.
  }
}

/** Measures `zipteams:<name>` from `start` (a {@link timingNow} reading) to now. */
export function timingMeasure(
  name: string,
  start: number | undefined,
  detail?: Record<string, unknown>,
): void {
  const perf = timing();
  if (!perf || start === undefined) return;
  try {
    perf.measure(`zipteams:${name}`, { start, end: perf.now(), detail });
  } catch {
    // As above.
  }
}
