import { parseRetryAfter, retryAfterFromMessage } from '@zipteams/embed-core/protocol';

/** The wait when a Zipteams 429 names none: its documented "Try again in 60 seconds". */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;
/**
 * The longest pause a Zipteams 429 can impose: 10 minutes, the cap core's retry policy puts on a
 * `Retry-After` in the browser (`createRetryPolicy`'s `maxRetryAfterMs` default). A longer or
 * unreadably long value ("99999999999") is read as this cap, never as a reason to retry sooner.
 */
export const MAX_RETRY_AFTER_MS = 600_000;

/**
 * How long a Zipteams 429 asks us to wait, in ms, at most {@link MAX_RETRY_AFTER_MS}: its
 * `Retry-After` (seconds or an HTTP date), else the "Try again in N seconds" of its message,
 * else a minute. A delay too long for core's parser (more than nine digits) is the cap.
 */
export function retryAfterMs(
  header: string | null,
  message: string | undefined,
  now: number,
  serverNow: number | undefined,
): number {
  const overlong = header !== null && /^\s*\d{10,}\s*$/.test(header) ? Infinity : undefined;
  const waitMs =
    parseRetryAfter(header, now, serverNow) ??
    overlong ??
    retryAfterFromMessage(message) ??
    DEFAULT_RETRY_AFTER_SECONDS * 1000;
  return Math.min(waitMs, MAX_RETRY_AFTER_MS);
}
