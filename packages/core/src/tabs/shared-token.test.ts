import { describe, expect, it } from 'vitest';
import { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from './shared-token.js';
import type { DashboardToken } from '../token/token.js';

const NOW = 1_000_000;
const token = (
  name: string,
  receivedAt: number,
  lifetimeMs = 60_000,
  claims: DashboardToken['claims'] = { tenantId: 'acme', subTenantId: 'sales' },
): DashboardToken => ({
  token: name,
  claims,
  receivedAt,
  lifetimeMs,
  expiresAt: receivedAt + lifetimeMs,
});

describe('shouldAdoptSharedToken', () => {
  const current = token('a', NOW - 10_000);

  it('should take a token of the same tenant that lives longer and is not yet due', () => {
    expect(shouldAdoptSharedToken(token('b', NOW), { current, now: NOW })).toBe(true);
  });

  it('should never take a first token: a page without one asks its own session', () => {
    expect(shouldAdoptSharedToken(token('b', NOW), { current: undefined, now: NOW })).toBe(false);
  });

  it('should not take a token of another tenant or subtenant, or without tenant claims', () => {
    for (const claims of [{ tenantId: 'globex', subTenantId: 'sales' }, { tenantId: 'acme' }, {}]) {
      expect(shouldAdoptSharedToken(token('b', NOW, 60_000, claims), { current, now: NOW })).toBe(
        false,
      );
    }
    const anonymous = token('a', NOW - 10_000, 60_000, {});
    expect(
      shouldAdoptSharedToken(token('b', NOW, 60_000, {}), { current: anonymous, now: NOW }),
    ).toBe(false);
  });

  it('should not take a token newer to the tab that got it but ending sooner (a server cache kept it)', () => {
    expect(shouldAdoptSharedToken(token('b', NOW, 40_000), { current, now: NOW })).toBe(false);
  });

  it('should not take the very token it holds, nor one already due for refresh', () => {
    expect(
      shouldAdoptSharedToken({ ...current, expiresAt: NOW + 90_000 }, { current, now: NOW }),
    ).toBe(false);
    expect(
      shouldAdoptSharedToken(token('b', NOW - 59_000, 120_000), { current, now: NOW + 45_000 }),
    ).toBe(false);
  });
});

describe('sameTenant and hasTenantClaims', () => {
  it('should tell tenants apart by both claims, and never match tokens without them', () => {
    expect(sameTenant(token('a', 0), token('b', 0))).toBe(true);
    expect(
      sameTenant(token('a', 0), token('b', 0, 1, { tenantId: 'acme', subTenantId: 'x' })),
    ).toBe(false);
    expect(sameTenant(token('a', 0, 1, {}), token('b', 0, 1, {}))).toBe(false);
    expect(hasTenantClaims(token('a', 0, 1, { subTenantId: 's' }))).toBe(true);
    expect(hasTenantClaims(token('a', 0, 1, {}))).toBe(false);
  });
});
