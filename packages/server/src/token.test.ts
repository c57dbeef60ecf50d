import { describe, expect, it } from 'vitest';
import { BadUpstreamResponseError } from './errors.js';
import { makeJwt } from './test-utils/fake-upstream.js';
import { parseTokenEnvelope, refreshMarginSeconds, tokenLifetimeSeconds } from './token.js';
import { retryAfter } from './upstream.js';

describe('given a token from Zipteams', () => {
  it.each([
    [{ iat: 1_000, exp: 4_600 }, 3_600],
    [{ iat: 1_000, exp: 1_000 + 5 * 86_400 }, 86_400],
    [{ iat: 1_000 }, 86_400],
    [{ exp: 1_000 }, 86_400],
    [{ iat: '1000', exp: '4600' }, 86_400],
    [{ iat: 1_000, exp: 1_001.9 }, 1],
  ])('should derive the lifetime of %o as %i s', (claims, lifetime) => {
    expect(tokenLifetimeSeconds(makeJwt(claims))).toBe(lifetime);
  });

  it.each(['', 'x', 'a.b', 'a.b.c.d.e', 'ey.ey.sig with space', `${makeJwt({})}=`])(
    'should reject %o as not a JWT',
    (token) => {
      expect(() => tokenLifetimeSeconds(token)).toThrow(BadUpstreamResponseError);
    },
  );

  it('should name what was wrong without echoing the token', () => {
    const token = 'opaque.not-json-payload.sig';
    expect(() => parseTokenEnvelope(JSON.stringify({ data: { token } }))).toThrow(
      /data.token is not a JWT/,
    );
    try {
      parseTokenEnvelope(JSON.stringify({ data: { token } }));
    } catch (error) {
      expect(String(error)).not.toContain('not-json-payload');
    }
  });
});

describe('given a refresh margin', () => {
  it.each([
    [86_400, undefined, 900],
    [3_600, undefined, 900],
    [600, undefined, 150],
    [120, undefined, 60],
    [100, undefined, 50],
    [5, undefined, 2.5],
    [86_400, 600, 600],
  ])('should use, for a %i s lifetime configured as %s, %s s', (lifetime, configured, margin) => {
    expect(refreshMarginSeconds(lifetime, configured)).toBe(margin);
  });
});

describe('given a 429 from Zipteams', () => {
  it.each([
    ['30', undefined, '30'],
    [' 030 ', undefined, '30'],
    ['Wed, 21 Oct 2015 07:28:00 GMT', undefined, 'Wed, 21 Oct 2015 07:28:00 GMT'],
    [null, 'Rate limit exceeded. Try again in 60 seconds.', '60'],
    [null, 'try again in 1 second', '1'],
    ['-5', 'Try again in 9 seconds.', '9'],
    ['later', undefined, '60'],
    [null, undefined, '60'],
  ])('should turn header %o and message %o into Retry-After %s', (header, message, expected) => {
    expect(retryAfter(header, message)).toBe(expected);
  });
});
