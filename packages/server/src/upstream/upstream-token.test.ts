import { SERVER_MARGIN, marginMs } from '@zipteams/embed-core/protocol';
import { describe, expect, it } from 'vitest';
import { BadUpstreamResponseError, UpstreamRateLimitError } from '../errors.js';
import { makeJwt } from '../test-utils/fake-upstream.js';
import { parseTokenEnvelope } from './parse-token-envelope.js';
import { systemTimers } from '../config/timers.js';
import { requestUpstreamToken } from './request-upstream-token.js';

const TENANT = { tenantId: 'acme', subTenantId: 'sales' };
const envelope = (token: string) => JSON.stringify({ code: 'RESPONSE_SUCCESS', data: { token } });
const lifetimeOf = (claims: Record<string, unknown>, serverNow?: number) =>
  parseTokenEnvelope(envelope(makeJwt(claims)), TENANT, serverNow).lifetimeMs;

describe('given a token from Zipteams', () => {
  it.each([
    [{ iat: 1_000, exp: 4_600 }, 3_600_000],
    [{ iat: 1_000, exp: 1_000 + 5 * 86_400 }, 86_400_000],
    [{ iat: 1_000 }, 86_400_000],
    [{ exp: 1_700_000_000 }, 86_400_000],
    [{ iat: 1_000, exp: 1_001.9 }, 1_900],
  ])('should derive the lifetime of %o as %i ms', (claims, lifetime) => {
    expect(lifetimeOf(claims)).toBeCloseTo(lifetime, 6);
  });

  it.each(['', 'x', 'a.b', 'a.b.c.d.e', 'ey.ey.sig with space'])(
    'should reject %o as not a JWT',
    (token) => {
      expect(() => parseTokenEnvelope(envelope(token), TENANT, undefined)).toThrow(
        BadUpstreamResponseError,
      );
    },
  );

  it('should reject exp/iat claims that are not numbers', () => {
    expect(() => lifetimeOf({ iat: '1000', exp: '4600' })).toThrow(BadUpstreamResponseError);
  });

  it('should name what was wrong without echoing the token', () => {
    const token = 'opaque.not-json-payload.sig';
    expect(() => parseTokenEnvelope(envelope(token), TENANT, undefined)).toThrow(
      /data.token is not a JWT/,
    );
    try {
      parseTokenEnvelope(envelope(token), TENANT, undefined);
    } catch (error) {
      expect(String(error)).not.toContain('not-json-payload');
    }
  });

  it('should shorten the lifetime to what is left by the upstream Date, and refuse an expired one', () => {
    const claims = { iat: 1_000, exp: 1_000 + 86_400 };
    expect(lifetimeOf(claims, (1_000 + 86_400 - 600) * 1000)).toBe(600_000);
    expect(() => lifetimeOf(claims, (1_000 + 86_400 + 1) * 1000)).toThrow(
      /already expired when it arrived/,
    );
  });

  it('should refuse a token for another tenant or subtenant, and accept one without the claims', () => {
    expect(() => lifetimeOf({ tenantId: 'globex', subTenantId: 'sales' })).toThrow(
      /another tenant/,
    );
    expect(() => lifetimeOf({ tenantId: 'acme', subTenantId: 'support' })).toThrow(
      /another tenant/,
    );
    expect(lifetimeOf({ tenantId: 'acme', subTenantId: 'sales' })).toBe(86_400_000);
    expect(lifetimeOf({})).toBe(86_400_000);
  });
});

describe('given the server refresh margin', () => {
  it.each([
    [86_400, 900],
    [3_600, 900],
    [600, 150],
    [120, 60],
    [100, 50],
    [5, 2.5],
  ])('should use, for a %i s lifetime, %s s', (lifetime, margin) => {
    expect(marginMs(lifetime * 1000, SERVER_MARGIN)).toBe(margin * 1000);
  });
});

describe('given a 429 from Zipteams', () => {
  const DATE = 'Wed, 21 Oct 2015 07:28:00 GMT';
  async function retryAfterFor(header: string | null, message: string | undefined) {
    const headers: Record<string, string> = { date: DATE };
    if (header !== null) headers['retry-after'] = header;
    const error = await requestUpstreamToken({
      url: 'https://zipteams.test/token',
      apiKey: 'key',
      apiSecret: 'secret',
      tenant: TENANT,
      timeoutMs: 1_000,
      timers: systemTimers,
      now: () => Date.parse(DATE),
      fetch: async () => new Response(JSON.stringify({ message }), { status: 429, headers }),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamRateLimitError);
    return (error as UpstreamRateLimitError).retryAfter;
  }

  it.each([
    ['30', undefined, '30'],
    [' 030 ', undefined, '30'],
    ['Wed, 21 Oct 2015 07:28:45 GMT', undefined, '45'],
    [null, 'Rate limit exceeded. Try again in 60 seconds.', '60'],
    [null, 'try again in 1 second', '1'],
    ['-5', 'Try again in 9 seconds.', '9'],
    ['later', undefined, '60'],
    [null, undefined, '60'],
    // Longer than the 10-minute cap core's retry policy keeps: the cap, never a quick retry.
    ['99999999999', undefined, '600'],
    ['999999999', undefined, '600'],
    ['3600', undefined, '600'],
    ['Wed, 21 Oct 2099 07:28:00 GMT', undefined, '600'],
    [null, 'Try again in 86400 seconds.', '600'],
  ])(
    'should turn header %o and message %o into Retry-After %s',
    async (header, message, expected) => {
      expect(await retryAfterFor(header, message)).toBe(expected);
    },
  );
});
