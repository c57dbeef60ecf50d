/**
 * The handler's clock: epoch milliseconds that only move forward at the pace of the monotonic
 * clock. It reads the wall clock once, at creation, and adds `performance.now()` since, so a wall
 * clock stepped back by days (or forward) never stretches or cuts a token's remaining life.
 * A `now` the partner (or a test) injects is used as it is.
 */
export function processClock(now?: () => number): () => number {
  if (now) return now;
  const wallStart = Date.now();
  const monotonicStart = performance.now();
  return () => wallStart + (performance.now() - monotonicStart);
}
