// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dashboardTokenQueryOptions, useDashboardToken } from './use-dashboard-token.js';
import { Wrapper, makeJwt, scriptedSource, testClient } from '../test-utils/harness.js';

const NOW = Date.UTC(2026, 11, 1, 22, 0, 0);

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** A body as `getToken` answers it, minted `age` seconds before now with `left` seconds left. */
function body(left = 600, claims: Record<string, unknown> = {}) {
  const iat = Math.floor(Date.now() / 1000) - 60;
  return {
    token: makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat, exp: iat + 86_400, ...claims }),
    expiresIn: left,
    expiresAt: new Date(Date.now() + left * 1000).toISOString(),
  };
}

describe('useDashboardToken with an initialToken', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function setup(initialToken: unknown, client = testClient(), source = scriptedSource(600)) {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Wrapper client={client}>{children}</Wrapper>
    );
    const hook = renderHook(
      () =>
        useDashboardToken({
          fetchToken: source.fetchToken,
          tokenKey: source.tokenKey,
          initialToken: initialToken as never,
        }),
      { wrapper },
    );
    return { ...hook, source, client };
  }

  it('should be ready with the initial token at once, without a request', async () => {
    const initial = body(600);
    const { result, source } = setup(initial);
    expect(result.current.status).toBe('ready');
    expect(result.current.token).toBe(initial.token);
    await advance(0);
    expect(source.calls()).toBe(0);
    // jsdom's document counts as requested at its time origin: its age is held against the token.
    expect(result.current.expiresAt).toBeLessThanOrEqual(NOW + 600_000);
  });

  it('should refresh from the token source when the initial token nears its deadline', async () => {
    const initial = body(600);
    const { result, source } = setup(initial);
    const refreshAt = result.current.refreshAt!;
    expect(refreshAt).toBeLessThan(result.current.expiresAt!);
    await advance(refreshAt - Date.now() - 1);
    expect(source.calls()).toBe(0);
    await advance(1);
    expect(source.calls()).toBe(1);
    expect(result.current.status).toBe('ready');
    expect(result.current.token).not.toBe(initial.token);
  });

  it.each([
    ['already expired', body(0), 'expired'],
    ['malformed', { token: 'nope', expiresIn: 600 }, 'malformed'],
    ['without expiresIn', { token: body().token }, 'malformed'],
  ])('should ignore an initial token that is %s, warn, and fetch', async (_n, initial, reason) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { result, source } = setup(initial);
    expect(result.current.status).toBe('loading');
    await advance(0);
    expect(source.calls()).toBe(1);
    expect(result.current.status).toBe('ready');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain(`Ignored initialToken (${reason})`);
  });

  it('should replace a token held from another session (another tenant) with the initial one', async () => {
    const client = testClient();
    const source = scriptedSource(600);
    await client.prefetchQuery(
      dashboardTokenQueryOptions({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const initial = body(600, { tenantId: 'globex' });
    const { result } = setup(initial, client, source);
    expect(result.current.token).toBe(initial.token);
    expect(result.current.data?.claims.tenantId).toBe('globex');
    await advance(0);
    expect(source.calls()).toBe(1);
    expect(result.current.token).toBe(initial.token);
    expect(warn).not.toHaveBeenCalled();
  });

  it('should keep a newer token of the same tenant held for the source', async () => {
    const client = testClient();
    const source = scriptedSource(600);
    await client.prefetchQuery(
      dashboardTokenQueryOptions({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
    );
    const held = client.getQueryCache().getAll()[0]!.state.data as { token: string };
    const { result } = setup(body(600), client, source);
    expect(result.current.token).toBe(held.token);
    await advance(0);
    expect(source.calls()).toBe(1);
  });
});
