import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import { FrameBlockedError, FrameUnreachableError } from './frame-errors.js';

const made: errors.ZipteamsError[] = [
  new errors.NetworkError(),
  new errors.TimeoutError(1_000),
  new errors.HttpError(500),
  new errors.RateLimitedError(1_000),
  new errors.BadResponseError('empty_body', ''),
  new errors.ExpiredOnArrivalError(),
  new errors.AbortedError(),
  new errors.InvalidArgumentError('tokenUrl', ''),
  new errors.TokenExpiredError(),
  new FrameBlockedError(1_000),
  new FrameUnreachableError('https://z.test'),
];

describe('error names', () => {
  it('should be each class’s own name, one error of each code', () => {
    expect(made.map((error) => error.name)).toEqual(made.map((error) => error.constructor.name));
    expect(new Set(made.map((error) => error.code)).size).toBe(
      Object.keys(errors.ErrorCode).length,
    );
  });

  it('should survive a minifier renaming the classes (error.name is what logs print)', () => {
    // What a production bundle does to `class NetworkError`: `class o extends …`.
    const o = class extends errors.NetworkError {};
    const r = class extends errors.RateLimitedError {};
    expect(o.name).not.toBe('NetworkError');
    expect(new o().name).toBe('NetworkError');
    expect(new r(0).name).toBe('RateLimitedError');
    expect(String(new o())).toBe('NetworkError: Could not reach the token endpoint.');
  });
});
