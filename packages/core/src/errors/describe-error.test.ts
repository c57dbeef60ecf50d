import { HttpError, NetworkError, RateLimitedError, TokenExpiredError } from './errors.js';
import { FrameBlockedError, FrameUnreachableError } from './frame-errors.js';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it.each([
    [new HttpError(403), /do not have access/],
    [new HttpError(401, { serverCode: 'unauthenticated' }), /do not have access/],
    [new HttpError(502, { serverCode: 'upstream_forbidden' }), /not available right now/],
    [new HttpError(503), /having trouble\. We will keep trying/],
    [new NetworkError(), /could not reach the server/],
    [
      new NetworkError({ refusedBy: { directive: 'connect-src', origin: 'https://t.test' } }),
      /Content-Security-Policy \(connect-src\) blocks the token request to https:\/\/t\.test: add it to connect-src/,
    ],
    [new RateLimitedError(1_000), /Too many requests/],
    [new TokenExpiredError(), /Reconnecting/],
    [new FrameUnreachableError('https://z.test'), /cannot be reached.*keep trying/],
  ])('should describe %s in words a user understands', (error, text) => {
    const { title, detail } = describeError(error);
    expect(`${title} ${detail}`).toMatch(text);
  });

  it('should never promise to keep trying for an error that is not retried', () => {
    for (const code of [
      'upstream_forbidden',
      'upstream_unauthorized',
      'upstream_bad_request',
      'invalid_tenant',
    ]) {
      expect(describeError(new HttpError(502, { serverCode: code })).detail).not.toMatch(
        /keep trying/,
      );
    }
  });

  it('should pass the developer hint of a blocked frame through', () => {
    expect(describeError(new FrameBlockedError(3_000)).detail).toMatch(/whitelisted/);
  });

  it('should not crash on a foreign error', () => {
    expect(describeError(new Error('x')).detail).toMatch(/try again/);
    expect(describeError(undefined).title).toBeTruthy();
  });
});
