import { describe, expect, it } from 'vitest';
import {
  BROWSER_MARGIN,
  FINAL_SERVER_CODES,
  MAX_TOKEN_LIFETIME_MS,
  SERVER_ERROR_STATUS,
  SERVER_MARGIN,
  ServerErrorCode,
  marginMs,
  parseRetryAfter,
  retryAfterFromMessage,
} from './protocol.js';
import { HttpError } from './errors/errors.js';
import { refreshMarginMs } from './timing/refresh.js';

describe('the server and browser margins', () => {
  it('should give the server a wider margin than the browser for every lifetime from 1 s to 24 h', () => {
    const narrower: number[] = [];
    for (let seconds = 1; seconds * 1000 <= MAX_TOKEN_LIFETIME_MS; seconds += 1) {
      const lifetimeMs = seconds * 1000;
      if (!(marginMs(lifetimeMs, SERVER_MARGIN) > refreshMarginMs(lifetimeMs))) {
        narrower.push(seconds);
      }
    }
    expect(narrower).toEqual([]);
  });

  it('should keep the browser default on the browser preset', () => {
    expect(refreshMarginMs(MAX_TOKEN_LIFETIME_MS)).toBe(
      marginMs(MAX_TOKEN_LIFETIME_MS, BROWSER_MARGIN),
    );
    expect(marginMs(MAX_TOKEN_LIFETIME_MS, SERVER_MARGIN)).toBe(900_000);
    expect(marginMs(2_000, SERVER_MARGIN)).toBe(1_000);
  });
});

describe('the server error codes', () => {
  it('should make the browser give up on every final code, and retry the retryable statuses of the others', () => {
    for (const code of Object.values(ServerErrorCode)) {
      const status = SERVER_ERROR_STATUS[code];
      expect(new HttpError(status, { serverCode: code }).retryable, code).toBe(
        !FINAL_SERVER_CODES.has(code) && (status === 408 || status === 429 || status >= 500),
      );
    }
  });

  it('should keep rejected credentials final and a Zipteams outage retryable', () => {
    expect(FINAL_SERVER_CODES.has(ServerErrorCode.UpstreamForbidden)).toBe(true);
    expect(FINAL_SERVER_CODES.has(ServerErrorCode.UpstreamError)).toBe(false);
    expect(SERVER_ERROR_STATUS[ServerErrorCode.RateLimited]).toBe(429);
  });
});

describe('Retry-After', () => {
  it('should read delta seconds and HTTP dates against the sender clock', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    const serverNow = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', 0, serverNow)).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('99999999999999999999', 0)).toBeUndefined();
  });

  it('should read "Try again in N seconds" from a Zipteams message', () => {
    expect(retryAfterFromMessage('Rate limit exceeded. Try again in 12 seconds.')).toBe(12_000);
    expect(retryAfterFromMessage('try again in 1 second')).toBe(1_000);
    expect(retryAfterFromMessage('slow down')).toBeUndefined();
    expect(retryAfterFromMessage(undefined)).toBeUndefined();
  });
});
