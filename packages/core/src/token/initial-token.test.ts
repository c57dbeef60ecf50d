import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  initialTokenAgeBoundMs,
  initialTokenWins,
  readInitialToken,
  warnIgnoredInitialToken,
} from './initial-token.js';
import { planRefresh } from '../timing/refresh.js';
import { makeJwt, zipteamsJwt } from '@zipteams/test-utils';

const NOW = Date.UTC(2026, 11, 1, 22, 0, 0);
const MINUTE = 60_000;
const body = (expiresIn: number, token = zipteamsJwt(NOW - 3_600_000)) => ({
  token,
  expiresIn,
  expiresAt: new Date(NOW + expiresIn * 1000).toISOString(),
});

describe('readInitialToken', () => {
  it('should count the time since the page was requested against the token', () => {
    const result = readInitialToken(body(600), { now: NOW, ageBoundMs: 1_500 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.token.receivedAt).toBe(NOW - 1_500);
    expect(result.token.lifetimeMs).toBe(600_000);
    // The deadline is 1.5 s earlier than the server's "600 s left" would say from now.
    expect(result.token.expiresAt).toBe(NOW + 600_000 - 1_500);
    expect(result.token.claims.tenantId).toBe('acme');
  });

  it('should never give a deadline later than the real expiry, however long the transit', () => {
    // The server minted at T with 600 s left; the page is read at T + transit.
    for (const transit of [0, 1, 250, 5_000, 120_000, 599_000]) {
      const mintedAt = NOW;
      const realExpiry = mintedAt + 600_000;
      const readAt = mintedAt + transit;
      // The age bound is at least the transit (it also covers the request's way to the server).
      const result = readInitialToken(body(600), { now: readAt, ageBoundMs: transit + 40 });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.token.expiresAt).toBeLessThanOrEqual(realExpiry);
    }
  });

  it('should plan the refresh from the shortened life, so it comes before the deadline', () => {
    const result = readInitialToken(body(86_400), { now: NOW, ageBoundMs: 2_000 });
    if (!result.ok) throw new Error(result.message);
    const refreshAt = planRefresh(result.token);
    expect(refreshAt).toBeLessThan(result.token.expiresAt);
    expect(result.token.expiresAt - refreshAt).toBe(10 * MINUTE);
  });

  it("should cap the lifetime at the JWT's own exp - iat and at 24 h", () => {
    const short = zipteamsJwt(NOW, 60);
    const capped = readInitialToken(body(600, short), { now: NOW, ageBoundMs: 0 });
    expect(capped.ok && capped.token.lifetimeMs).toBe(60_000);
    const noClaims = makeJwt({ sub: 'x' });
    const day = readInitialToken(body(10 * 86_400, noClaims), { now: NOW, ageBoundMs: 0 });
    expect(day.ok && day.token.lifetimeMs).toBe(86_400_000);
  });

  it('should ignore a token whose life is used up by the time since the request', () => {
    const result = readInitialToken(body(5), { now: NOW, ageBoundMs: 5_000 });
    expect(result).toMatchObject({ ok: false, reason: 'expired' });
    expect(readInitialToken(body(0), { now: NOW, ageBoundMs: 0 })).toMatchObject({
      reason: 'expired',
    });
    expect(readInitialToken(body(-30), { now: NOW, ageBoundMs: 0 })).toMatchObject({
      reason: 'expired',
    });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a bare JWT (no lifetime)', zipteamsJwt(NOW)],
    ['a Zipteams envelope', { code: 'RESPONSE_SUCCESS', data: { token: zipteamsJwt(NOW) } }],
    ['no expiresIn', { token: zipteamsJwt(NOW), expiresAt: NOW }],
    ['expiresIn as text', { token: zipteamsJwt(NOW), expiresIn: '600' }],
    ['expiresIn NaN', { token: zipteamsJwt(NOW), expiresIn: Number.NaN }],
    ['a bad expiresAt', { token: zipteamsJwt(NOW), expiresIn: 600, expiresAt: 'soon' }],
    ['a token that is no JWT', { token: 'not-a-jwt', expiresIn: 600 }],
    ['a JWT with a broken payload', { token: 'aGVhZA.!!!.c2ln', expiresIn: 600 }],
    ['no token', { expiresIn: 600 }],
  ])('should ignore a malformed body: %s', (_name, value) => {
    const result = readInitialToken(value, { now: NOW, ageBoundMs: 0 });
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('should take a token for another tenant than one held (the server answered for this session)', () => {
    expect(readInitialToken(body(600), { now: NOW, ageBoundMs: 0 }).ok).toBe(true);
  });

  it('should ignore a token that the sign-out call dropped on this page', () => {
    const result = readInitialToken(body(600), {
      now: NOW,
      ageBoundMs: 0,
      isRevoked: () => true,
    });
    expect(result).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('should never put the token in a message', () => {
    const token = zipteamsJwt(NOW);
    for (const value of [
      { token, expiresIn: 'x' },
      { token, expiresIn: -1 },
      { token: `${token}!`, expiresIn: 600 },
    ]) {
      const result = readInitialToken(value, { now: NOW, ageBoundMs: 0 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toContain(token.split('.')[1]!);
    }
  });
});

describe('initialTokenAgeBoundMs', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should be 0 where there is no document (server rendering)', () => {
    expect(initialTokenAgeBoundMs()).toBe(0);
  });

  it('should be the monotonic time since the document request started', () => {
    vi.stubGlobal('document', {});
    vi.stubGlobal('performance', {
      now: () => 2_400.2,
      getEntriesByType: (type: string) => (type === 'navigation' ? [{ requestStart: 150 }] : []),
    });
    expect(initialTokenAgeBoundMs()).toBe(2_251);
  });

  it('should count from navigation start when there is no navigation timing', () => {
    vi.stubGlobal('document', {});
    vi.stubGlobal('performance', { now: () => 900, getEntriesByType: () => [] });
    expect(initialTokenAgeBoundMs()).toBe(900);
  });
});

describe('warnIgnoredInitialToken', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should warn in development, once per ignored token, never with the token', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const token = zipteamsJwt(NOW);
    warnIgnoredInitialToken(readInitialToken({ token, expiresIn: 0 }, { now: NOW, ageBoundMs: 0 }));
    warnIgnoredInitialToken(readInitialToken(body(600), { now: NOW, ageBoundMs: 0 }));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^\[zipteams\] Ignored initialToken \(expired\)/,
    );
    expect(String(warn.mock.calls[0]![0])).not.toContain(token.split('.')[1]!);
  });

  it('should stay silent in production builds', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', 'production');
    try {
      warnIgnoredInitialToken(readInitialToken(null, { now: NOW, ageBoundMs: 0 }));
    } finally {
      vi.unstubAllEnvs();
    }
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('initialTokenWins', () => {
  const token = (tenantId: string, receivedAt: number, expiresAt = receivedAt + 600_000) => ({
    token: 't',
    claims: { tenantId, subTenantId: 'sales' },
    receivedAt,
    lifetimeMs: expiresAt - receivedAt,
    expiresAt,
  });

  it("should replace a valid token of another tenant (Alice's token, Bob's page)", () => {
    expect(initialTokenWins(token('bob', NOW - 100), token('alice', NOW - 50), NOW)).toBe(true);
  });

  it('should replace nothing, an expired token or an older one of the same tenant', () => {
    expect(initialTokenWins(token('bob', NOW - 100), undefined, NOW)).toBe(true);
    expect(initialTokenWins(token('bob', NOW - 100), token('bob', NOW - 900, NOW - 1), NOW)).toBe(
      true,
    );
    expect(initialTokenWins(token('bob', NOW - 100), token('bob', NOW - 200), NOW)).toBe(true);
  });

  it('should keep a newer valid token of the same tenant', () => {
    expect(initialTokenWins(token('bob', NOW - 100), token('bob', NOW - 50), NOW)).toBe(false);
  });
});
