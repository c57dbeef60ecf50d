import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readInitialToken } from './initial-token.js';
import { createTokenStore, type TokenStoreOptions } from './token-store.js';
import { createFakeBrowser } from './test-utils/fake-tabs.js';
import { zipteamsJwt } from '@zipteams/test-utils';

const TTL_S = 60;
const noWake = () => () => {};

/** A `fetchToken` source that counts calls, answers after `latencyMs`, and can be made to fail. */
function endpoint(latencyMs = 100) {
  const state = { calls: 0, failWith: undefined as number | undefined, aborted: 0 };
  const fetchToken = (signal: AbortSignal) => {
    state.calls++;
    const status = state.failWith;
    const answer = () => (status ? new Response('{}', { status }) : zipteamsJwt(Date.now(), TTL_S));
    if (latencyMs === 0) return Promise.resolve(answer());
    return new Promise<string | Response>((resolve) => {
      const timer = setTimeout(
        () => resolve(status ? new Response('{}', { status }) : zipteamsJwt(Date.now(), TTL_S)),
        latencyMs,
      );
      signal.addEventListener('abort', () => {
        state.aborted++;
        clearTimeout(timer);
      });
    });
  };
  return { state, fetchToken };
}

const storeOf = (
  fetchToken: (s: AbortSignal) => Promise<string | Response>,
  extra: Partial<TokenStoreOptions> = {},
) =>
  createTokenStore({
    key: 'fetchToken k',
    source: { fetchToken },
    tabs: null,
    wakeEvents: noWake,
    retry: { random: () => 0 },
    ...extra,
  });

describe('createTokenStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should fetch once for every listener and report loading, then ready', async () => {
    const { state, fetchToken } = endpoint();
    const store = storeOf(fetchToken);
    const off = [store.subscribe(() => {}), store.subscribe(() => {})];
    expect(store.getSnapshot().status).toBe('loading');
    await vi.advanceTimersByTimeAsync(100);
    expect(state.calls).toBe(1);
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', error: undefined });
    expect(store.getSnapshot().token?.lifetimeMs).toBe(TTL_S * 1000);
    expect(store.getSnapshot()).toBe(store.getSnapshot());
    off.forEach((f) => f());
  });

  it('should refresh at the planned moment, refreshing while the old token serves', async () => {
    const { state, fetchToken } = endpoint(1_000);
    const store = storeOf(fetchToken);
    store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    const first = store.getSnapshot().token;
    await vi.advanceTimersByTimeAsync(45_000 - 1);
    expect(state.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.calls).toBe(2);
    expect(store.getSnapshot()).toMatchObject({ status: 'refreshing', token: first });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.getSnapshot().status).toBe('ready');
    expect(store.getSnapshot().token?.receivedAt).toBeGreaterThan(first!.receivedAt);
  });

  it('should retry a retryable failure with backoff, showing the error meanwhile', async () => {
    const { state, fetchToken } = endpoint(0);
    state.failWith = 503;
    const store = storeOf(fetchToken);
    store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'http', status: 503 },
    });
    state.failWith = undefined;
    await vi.advanceTimersByTimeAsync(499); // equal jitter with random 0: half of 1 s
    expect(state.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', error: undefined });
  });

  it('should never hand out an expired token: expired at the deadline while refreshes fail', async () => {
    const { state, fetchToken } = endpoint(0);
    const store = storeOf(fetchToken);
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().status));
    await vi.advanceTimersByTimeAsync(0);
    state.failWith = 500;
    await vi.advanceTimersByTimeAsync(TTL_S * 1000);
    expect(store.getSnapshot()).toMatchObject({
      status: 'expired',
      token: undefined,
      error: { code: 'token_expired', cause: { code: 'http' } },
    });
    expect(seen).toContain('expired');
  });

  it('should stop every timer and request when the last listener leaves', async () => {
    const { state, fetchToken } = endpoint(1_000);
    const store = storeOf(fetchToken);
    const off = store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(10);
    off();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.aborted).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * TTL_S * 1000);
    expect(state.calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should keep its request when a listener leaves and another comes back at once (a DOM move)', async () => {
    const { state, fetchToken } = endpoint(1_000);
    const store = storeOf(fetchToken);
    store.subscribe(() => {})();
    store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state).toMatchObject({ calls: 1, aborted: 0 });
    expect(store.getSnapshot().status).toBe('ready');
  });

  it('should start loading afresh, not expired, when its token expired while nobody listened', async () => {
    const { state, fetchToken } = endpoint(1_000);
    const store = storeOf(fetchToken);
    const off = store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    off();
    await vi.advanceTimersByTimeAsync(2 * TTL_S * 1000);
    store.subscribe(() => {});
    expect(store.getSnapshot()).toMatchObject({ status: 'loading', token: undefined });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.calls).toBe(2);
    expect(store.getSnapshot().status).toBe('ready');
  });

  describe('seed', () => {
    /** A server-minted token with `left` seconds left, read as core's initial-token check reads it. */
    const initial = (left: number) => {
      const read = readInitialToken(
        { token: zipteamsJwt(Date.now(), TTL_S), expiresIn: left },
        { now: Date.now(), ageBoundMs: 0 },
      );
      if (!read.ok) throw new Error(read.message);
      return read.token;
    };

    it('should serve a seeded token with no request, then refresh from the source', async () => {
      const { state, fetchToken } = endpoint(0);
      const store = storeOf(fetchToken);
      const token = initial(TTL_S);
      expect(store.seed(token)).toBe(true);
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect(state.calls).toBe(0);
      expect(store.getSnapshot()).toMatchObject({ status: 'ready', token });
      await vi.advanceTimersByTimeAsync(TTL_S * 1000);
      expect(state.calls).toBe(1);
      expect(store.getSnapshot().token?.receivedAt).toBeGreaterThan(token.receivedAt);
    });

    it('should end a first request under way, and keep a valid token it already holds', async () => {
      const { state, fetchToken } = endpoint(1_000);
      const store = storeOf(fetchToken);
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(10);
      const token = initial(TTL_S);
      expect(store.seed(token)).toBe(true);
      expect(state.aborted).toBe(1);
      expect(store.getSnapshot()).toMatchObject({ status: 'ready', token });
      expect(store.seed(initial(TTL_S))).toBe(false);
      expect(store.getSnapshot().token).toBe(token);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(state.calls).toBe(1);
    });
  });

  describe('given two tabs with the same source', () => {
    it("should make one request, and the second tab adopt the first one's refresh", async () => {
      const browser = createFakeBrowser();
      const { state, fetchToken } = endpoint(100);
      const first = storeOf(fetchToken, { tabs: browser.tab() });
      first.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(1_000);
      const second = storeOf(fetchToken, { tabs: browser.tab() });
      second.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(10);
      expect(state.calls).toBe(1);
      expect(second.getSnapshot().token).toEqual(first.getSnapshot().token);
      // Both plan the refresh from the same token; one request serves both again.
      await vi.advanceTimersByTimeAsync(TTL_S * 1000);
      expect(state.calls).toBe(2);
      expect(second.getSnapshot().token?.token).toBe(first.getSnapshot().token?.token);
    });

    it('should each fetch their own with shareAcrossTabs false', async () => {
      const browser = createFakeBrowser();
      const { state, fetchToken } = endpoint(100);
      for (const tabs of [browser.tab(), browser.tab()]) {
        storeOf(fetchToken, { tabs, shareAcrossTabs: false }).subscribe(() => {});
      }
      await vi.advanceTimersByTimeAsync(1_000);
      expect(state.calls).toBe(2);
    });
  });
});
