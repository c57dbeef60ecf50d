// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { HttpError, NetworkError } from '@zipteams/embed-core';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  dashboardTokenQueryKey,
  dashboardTokenQueryOptions,
  useDashboardToken,
} from './use-dashboard-token.js';
import { Wrapper, scriptedSource, testClient } from '../test-utils/harness.js';

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('useDashboardToken', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      now: Date.UTC(2026, 10, 28, 9),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function setup(source = scriptedSource(600), options = {}) {
    const client = testClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Wrapper client={client}>{children}</Wrapper>
    );
    const hook = renderHook(
      () =>
        useDashboardToken({ fetchToken: source.fetchToken, tokenKey: source.tokenKey, ...options }),
      { wrapper },
    );
    return { ...hook, source, client };
  }

  it('should go loading → ready with the token, its deadline and the planned refresh', async () => {
    const { result } = setup();
    expect(result.current.status).toBe('loading');
    expect(result.current.token).toBeUndefined();
    await advance(0);
    expect(result.current.status).toBe('ready');
    expect(result.current.token).toMatch(/^ey/);
    expect(result.current.expiresAt).toBe(Date.now() + 600_000);
    expect(result.current.refreshAt).toBe(Date.now() + 540_000);
    expect(result.current.error).toBeUndefined();
  });

  it('should keep serving the valid token while refreshing, then switch', async () => {
    const source = scriptedSource(600);
    let gate: Promise<void> = Promise.resolve();
    const gated = {
      ...source,
      fetchToken: async (signal: AbortSignal) => (await gate, source.fetchToken(signal)),
    };
    const { result } = setup(gated);
    await advance(0);
    const first = result.current.token;
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    await advance(540_000); // the planned refresh starts and waits at the gate
    expect(source.calls()).toBe(1);
    expect(result.current.status).toBe('refreshing');
    expect(result.current.token).toBe(first);
    open();
    await advance(0);
    expect(result.current.status).toBe('ready');
    expect(result.current.token).not.toBe(first);
  });

  it('should keep a valid token ready when a refresh fails, and say why', async () => {
    const { result, source } = setup();
    await advance(0);
    source.failNext(new HttpError(404));
    await act(async () => {
      await result.current.refresh();
    });
    expect(result.current.status).toBe('ready');
    expect(result.current.token).toBeDefined();
    expect(result.current.error).toMatchObject({ status: 404 });
  });

  it('should drop the token of a session that ended (401/403 on a refresh), and say why', async () => {
    const { result, source } = setup();
    await advance(0);
    source.failNext(new HttpError(403));
    await act(async () => {
      await result.current.refresh();
    });
    expect(result.current.status).toBe('error');
    expect(result.current.token).toBeUndefined();
    expect(result.current.error).toMatchObject({ status: 403 });
  });

  it('should report expiry and stop returning the token at the deadline', async () => {
    const { result, source } = setup(scriptedSource(600), { retry: { random: () => 0 } });
    await advance(0);
    source.failNext(...Array.from({ length: 100 }, () => new NetworkError()));
    await advance(600_000);
    expect(result.current.status).toBe('expired');
    expect(result.current.token).toBeUndefined();
    expect(result.current.error).toMatchObject({
      code: 'token_expired',
      cause: expect.objectContaining({ code: 'network' }),
    });
  });

  it('should never return a cached token that expired before it reached the component', async () => {
    const client = testClient();
    const source = scriptedSource(10);
    await client.prefetchQuery(
      dashboardTokenQueryOptions({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
    );
    vi.setSystemTime(Date.now() + 20_000); // the cached token is now 10 s past its deadline
    const seen: (string | undefined)[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Wrapper client={client}>{children}</Wrapper>
    );
    renderHook(
      () => {
        const state = useDashboardToken({
          fetchToken: source.fetchToken,
          tokenKey: source.tokenKey,
        });
        seen.push(state.token);
        return state;
      },
      { wrapper },
    );
    expect(seen[0]).toBeUndefined();
    await advance(0);
    expect(source.calls()).toBe(2); // the expired entry is replaced at once
  });

  it('should keep the Infinity of a provider retry option (no JSON round trip)', async () => {
    const client = testClient();
    const source = scriptedSource();
    source.failNext(...Array.from({ length: 30 }, () => new NetworkError()));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Wrapper
        client={client}
        retry={{ retries: Infinity, baseDelayMs: 100, maxDelayMs: 100, random: () => 0 }}
      >
        {children}
      </Wrapper>
    );
    const { result } = renderHook(
      () => useDashboardToken({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
      {
        wrapper,
      },
    );
    await advance(31 * 100);
    expect(source.calls()).toBe(31);
    expect(result.current.status).toBe('ready');
  });

  it('should hold the request while disabled', async () => {
    const { result, source } = setup(scriptedSource(), { enabled: false });
    await advance(60_000);
    expect(source.calls()).toBe(0);
    expect(result.current.status).toBe('loading');
  });
});

describe('useDashboardToken over a QueryClient (core keeps the token in it)', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      now: Date.UTC(2026, 10, 28, 9),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function mount(client: ReturnType<typeof testClient>, source: ReturnType<typeof scriptedSource>) {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Wrapper client={client}>{children}</Wrapper>
    );
    const options = { fetchToken: source.fetchToken, tokenKey: source.tokenKey };
    const hook = renderHook(() => useDashboardToken(options), { wrapper });
    return { ...hook, key: dashboardTokenQueryKey(options) };
  }

  it('should use a prefetched token with no request, and put each new token into the entry', async () => {
    const client = testClient();
    const source = scriptedSource(600);
    await client.prefetchQuery(
      dashboardTokenQueryOptions({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
    );
    const { result, key } = mount(client, source);
    expect(result.current.status).toBe('ready');
    expect(result.current.data).toEqual(client.getQueryData(key));
    await advance(540_000); // the planned refresh
    expect(source.calls()).toBe(2);
    expect(client.getQueryData(key)).toEqual(result.current.data);
    expect(client.getQueryCache().find({ queryKey: key })?.getObserversCount()).toBe(1);
  });

  it('should fetch again when the entry is removed under a mounted hook (removeQueries on sign-out)', async () => {
    const client = testClient();
    const source = scriptedSource(600);
    const { result } = mount(client, source);
    await advance(0);
    const first = result.current.token;
    act(() => client.removeQueries({ queryKey: ['zipteams'] }));
    expect(result.current.status).toBe('loading');
    expect(result.current.token).toBeUndefined();
    await advance(0);
    expect(source.calls()).toBe(2);
    expect(result.current.status).toBe('ready');
    expect(result.current.token).not.toBe(first);
  });
});

describe('dashboardTokenQueryOptions', () => {
  it('should prefetch into a client with the same key the hook uses', async () => {
    const client = testClient();
    const source = scriptedSource();
    await client.prefetchQuery(
      dashboardTokenQueryOptions({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
    );
    const data = client.getQueryData(
      dashboardTokenQueryKey({ fetchToken: source.fetchToken, tokenKey: source.tokenKey }),
    );
    expect(data).toMatchObject({ lifetimeMs: 120_000 });
    expect(source.calls()).toBe(1);
  });

  it('should give different keys to different token URLs and headers', () => {
    const a = dashboardTokenQueryKey({ tokenUrl: '/a' });
    const b = dashboardTokenQueryKey({ tokenUrl: '/b' });
    const c = dashboardTokenQueryKey({
      tokenUrl: '/a',
      tokenRequestInit: { headers: { 'x-team': '1' } },
    });
    expect(new Set([a, b, c].map((k) => JSON.stringify(k))).size).toBe(3);
  });
});
