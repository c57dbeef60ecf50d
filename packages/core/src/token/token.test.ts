import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadResponseError, ExpiredOnArrivalError } from '../errors/errors.js';
import {
  MAX_TOKEN_LIFETIME_MS,
  createDashboardToken,
  isTokenExpired,
  normalizeTokenPayload,
  parseTokenResponseText,
} from './token.js';
import { makeJwt, zipteamsJwt } from '@zipteams/test-utils';

const HOUR = 3_600_000;
const SERVER_NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const jwt = zipteamsJwt(SERVER_NOW);

describe('parseTokenResponseText', () => {
  it('should accept a plain-text JWT and trim whitespace', () => {
    expect(parseTokenResponseText(`\n  ${jwt}\t\n`)).toEqual({ token: jwt });
  });

  it('should accept { token, expiresIn, expiresAt }', () => {
    const body = JSON.stringify({
      token: ` ${jwt} `,
      expiresIn: 120,
      expiresAt: '2026-11-28T12:02:00Z',
    });
    expect(parseTokenResponseText(body)).toEqual({
      token: jwt,
      expiresIn: 120,
      expiresAt: Date.UTC(2026, 10, 28, 12, 2, 0),
    });
  });

  it('should accept expiresAt as epoch milliseconds', () => {
    const body = JSON.stringify({ token: jwt, expiresAt: 1_800_000_000_000 });
    expect(parseTokenResponseText(body).expiresAt).toBe(1_800_000_000_000);
  });

  it('should accept the raw Zipteams envelope', () => {
    const body = JSON.stringify({
      code: 'RESPONSE_SUCCESS',
      message: 'Request served successfully.',
      type: 'object',
      data: { token: jwt },
    });
    expect(parseTokenResponseText(body)).toEqual({ token: jwt });
  });

  it.each([
    ['an empty body', '', 'empty_body'],
    ['a blank body', '   \n', 'empty_body'],
    ['an HTML page', '<!doctype html><html><body>Login</body></html>', 'html_body'],
    ['JSON without a token', '{"ok":true}', 'no_token'],
    ['a token that is not a JWT', '{"token":"abc123"}', 'not_a_jwt'],
    ['a plain text that is not a JWT', 'hello world', 'not_a_jwt'],
    ['a token that is a number', '{"token":42}', 'no_token'],
    ['broken JSON', '{"token":', 'unsupported_shape'],
    ['a JSON array', '[1]', 'unsupported_shape'],
    ['a failed Zipteams envelope', '{"code":"ERR","data":{"token":"a.b.c"}}', 'unsupported_shape'],
    ['an envelope without a token', '{"code":"RESPONSE_SUCCESS","data":{}}', 'no_token'],
    [
      'an expiresIn that is not a number',
      `{"token":"${jwt}","expiresIn":"soon"}`,
      'invalid_expiry',
    ],
    [
      'an expiresAt that is not a date',
      `{"token":"${jwt}","expiresAt":"tomorrow"}`,
      'invalid_expiry',
    ],
  ])('should reject %s with a typed error (%s)', (_, body, reason) => {
    expect(() => parseTokenResponseText(body)).toThrow(BadResponseError);
    expect(() => parseTokenResponseText(body)).toThrow(expect.objectContaining({ reason }));
  });

  it('should never echo a token-like value in its errors (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 12 }), (secretish) => {
        const bodies = [
          `{"token":"${secretish.replace(/["\\]/g, '')}"}`,
          `{"tok":"${secretish.replace(/["\\]/g, '')}"}`,
          secretish,
        ];
        for (const body of bodies) {
          try {
            parseTokenResponseText(body);
          } catch (error) {
            expect(error).toBeInstanceOf(BadResponseError);
            const trimmed = secretish.trim().replace(/["\\]/g, '');
            if (trimmed.length >= 12) expect((error as Error).message).not.toContain(trimmed);
          }
        }
      }),
    );
  });
});

describe('normalizeTokenPayload', () => {
  it('should reject null and numbers', () => {
    expect(() => normalizeTokenPayload(null)).toThrow(BadResponseError);
    expect(() => normalizeTokenPayload(7)).toThrow(BadResponseError);
  });
});

describe('createDashboardToken', () => {
  describe('given a Zipteams token with iat and exp 24 h apart', () => {
    it('should measure 24 h from the local time of receipt', () => {
      const receivedAt = 5_000;
      const token = createDashboardToken({ token: jwt }, { receivedAt });
      expect(token.lifetimeMs).toBe(24 * HOUR);
      expect(token.expiresAt).toBe(receivedAt + 24 * HOUR);
      expect(token.claims.tenantId).toBe('acme');
    });

    it.each([
      ['3 hours fast', 3 * HOUR],
      ['3 hours slow', -3 * HOUR],
      ['a day fast', 24 * HOUR],
    ])('should give the same lifetime with a client clock %s', (_, skew) => {
      const receivedAt = SERVER_NOW + skew;
      const token = createDashboardToken({ token: jwt }, { receivedAt });
      expect(token.expiresAt - receivedAt).toBe(24 * HOUR);
    });

    it('should shorten the lifetime when the server clock says the token is already old', () => {
      const serverNow = SERVER_NOW + 20 * HOUR;
      const token = createDashboardToken({ token: jwt }, { receivedAt: 0, serverNow });
      expect(token.lifetimeMs).toBe(4 * HOUR);
    });
  });

  it('should prefer expiresIn over the claims', () => {
    const token = createDashboardToken({ token: jwt, expiresIn: 90 }, { receivedAt: 1_000 });
    expect(token.lifetimeMs).toBe(90_000);
    expect(token.expiresAt).toBe(91_000);
  });

  it('should measure expiresAt against the server clock when known', () => {
    const token = createDashboardToken(
      { token: jwt, expiresAt: SERVER_NOW + HOUR },
      { receivedAt: SERVER_NOW - 3 * HOUR, serverNow: SERVER_NOW },
    );
    expect(token.lifetimeMs).toBe(HOUR);
  });

  it('should assume 24 h when the token says nothing about its expiry', () => {
    const token = createDashboardToken({ token: makeJwt({ tenantId: 'a' }) }, { receivedAt: 0 });
    expect(token.lifetimeMs).toBe(MAX_TOKEN_LIFETIME_MS);
  });

  it('should cap an exp in the year 3000 at 24 h', () => {
    const exp = Math.floor(Date.UTC(3000, 0, 1) / 1000);
    const token = createDashboardToken(
      { token: makeJwt({ iat: SERVER_NOW / 1000, exp }) },
      { receivedAt: 0 },
    );
    expect(token.lifetimeMs).toBe(MAX_TOKEN_LIFETIME_MS);
  });

  it('should cap a huge expiresIn at 24 h', () => {
    const token = createDashboardToken({ token: jwt, expiresIn: 10 ** 9 }, { receivedAt: 0 });
    expect(token.lifetimeMs).toBe(MAX_TOKEN_LIFETIME_MS);
  });

  it('should reject exp before iat', () => {
    const token = makeJwt({ iat: 2_000, exp: 1_000 });
    expect(() => createDashboardToken({ token }, { receivedAt: 0 })).toThrow(
      expect.objectContaining({ code: 'bad_response', reason: 'invalid_claims' }),
    );
  });

  it.each([
    ['expiresIn is 0', { expiresIn: 0 }, {}],
    ['expiresIn is negative', { expiresIn: -5 }, {}],
    [
      'expiresAt has passed on the server clock',
      { expiresAt: SERVER_NOW - 1 },
      { serverNow: SERVER_NOW },
    ],
    ['exp has passed on the server clock', {}, { serverNow: SERVER_NOW + 25 * HOUR }],
    ['exp equals iat', { token: makeJwt({ iat: 10, exp: 10 }) }, {}],
  ])('should refuse a token that arrives expired: %s', (_, response, context) => {
    expect(() =>
      createDashboardToken({ token: jwt, ...response }, { receivedAt: SERVER_NOW, ...context }),
    ).toThrow(ExpiredOnArrivalError);
  });
});

describe('isTokenExpired', () => {
  it('should be false before the local deadline and true from it on', () => {
    const token = createDashboardToken({ token: jwt, expiresIn: 60 }, { receivedAt: 0 });
    expect(isTokenExpired(token, 59_999)).toBe(false);
    expect(isTokenExpired(token, 60_000)).toBe(true);
  });
});
