import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readInitialToken } from './initial-token.js';
import { isRevokedToken } from '../page-registry.js';
import { clearSharedTokens } from '../sign-out.js';
import { tabsLoader } from '../tabs/load-tabs.js';
import { createMemoryTokenSlot } from './token-slot.js';
import { createTokenStore, type TokenStoreOptions } from './token-store.js';
import { sharedTokenStore } from './shared-token-store.js';
import { createFakeBrowser } from '../test-utils/fake-tabs.js';
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

// The tab code loads lazily (`loadTabs`); loaded once here, the stores get it within microtasks.
beforeAll(() => import('../tabs/tab-link.js'));

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

  describe('given a cache of its own (the seam React fills with its QueryClient)', () => {
    it('should keep its token in the cache, and use a token put there from outside with no request', async () => {
      const { state, fetchToken } = endpoint(0);
      const cache = createMemoryTokenSlot();
      const prefetched = initialOf(TTL_S);
      cache.set(prefetched); // a prefetch or a hydration, before anyone listens
      const store = storeOf(fetchToken, { cache });
      expect(store.getSnapshot()).toMatchObject({ status: 'ready', token: prefetched });
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect(state.calls).toBe(0);
      await vi.advanceTimersByTimeAsync(45_000); // the planned refresh of that token
      expect(state.calls).toBe(1);
      expect(cache.get()).toBe(store.getSnapshot().token);
      expect(cache.get()).not.toBe(prefetched);
    });

    it('should fetch again at once when the entry is removed from outside while in use', async () => {
      const { state, fetchToken } = endpoint(0);
      const cache = createMemoryTokenSlot();
      const store = storeOf(fetchToken, { cache });
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      const first = store.getSnapshot().token;
      cache.set(undefined); // e.g. queryClient.removeQueries on sign-out
      expect(store.getSnapshot()).toMatchObject({ status: 'loading', token: undefined });
      await vi.advanceTimersByTimeAsync(0);
      expect(state.calls).toBe(2);
      expect(store.getSnapshot().token).not.toBe(first);
      expect(store.getSnapshot().status).toBe('ready');
    });

    it('should give one store per cache and key, using the latest source function', async () => {
      const cache = createMemoryTokenSlot();
      const older = endpoint(0);
      const newer = endpoint(0);
      const options = { key: 'fetchToken shared', tabs: null, wakeEvents: noWake, cache };
      const a = sharedTokenStore({ ...options, source: { fetchToken: older.fetchToken } });
      const b = sharedTokenStore({ ...options, source: { fetchToken: newer.fetchToken } });
      expect(b).toBe(a);
      expect(
        sharedTokenStore({
          ...options,
          source: { fetchToken: newer.fetchToken },
          cache: createMemoryTokenSlot(),
        }),
      ).not.toBe(a);
      a.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect([older.state.calls, newer.state.calls]).toEqual([0, 1]);
    });
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

    it("should replace a token of another tenant (Bob's server-rendered page after Alice's)", async () => {
      const { fetchToken } = endpoint(0);
      const store = storeOf(fetchToken);
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect(store.getSnapshot().token?.claims.tenantId).toBe('acme');
      const bob = initialOf(TTL_S, 'bob');
      expect(store.seed(bob)).toBe(true);
      expect(store.getSnapshot().token).toBe(bob);
    });
  });

  describe('given two tabs with the same source', () => {
    it('should let each make its own first request, then share one request per rotation', async () => {
      const browser = createFakeBrowser();
      const { state, fetchToken } = endpoint(100);
      const first = storeOf(fetchToken, { tabs: browser.tab() });
      first.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(1_000);
      const second = storeOf(fetchToken, { tabs: browser.tab() });
      second.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(100);
      // The second page asked its own session: no token from another tab, nor from storage.
      expect(state.calls).toBe(2);
      // Its token, announced, is newer and of the same tenant: the first adopts it (one plan).
      expect(first.getSnapshot().token).toEqual(second.getSnapshot().token);
      // Due at the same moment: one waits on the lock, and asks the other (500 ms at most).
      await vi.advanceTimersByTimeAsync(TTL_S * 750 + 1_000);
      expect(state.calls).toBe(3);
      expect(second.getSnapshot().token?.token).toBe(first.getSnapshot().token?.token);
      await vi.advanceTimersByTimeAsync(TTL_S * 750 + 1_000);
      expect(state.calls).toBe(4);
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

  describe('given the tab code loads lazily', () => {
    it('should work alone when the tab code fails to load: first token, then each refresh', async () => {
      const { load, loading } = tabsLoader;
      tabsLoader.loading = undefined;
      tabsLoader.load = () => Promise.reject(new Error('chunk failed to load'));
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const browser = createFakeBrowser();
        const { state, fetchToken } = endpoint(0);
        const store = storeOf(fetchToken, { tabs: browser.tab() });
        store.subscribe(() => {});
        storeOf(fetchToken, { tabs: browser.tab() }).subscribe(() => {});
        await vi.advanceTimersByTimeAsync(0);
        expect(store.getSnapshot().status).toBe('ready');
        await vi.advanceTimersByTimeAsync(45_000);
        expect(state.calls).toBe(4);
        expect(store.getSnapshot().status).toBe('ready');
        expect(browser.messages).toEqual([]);
        // The developer hears why, once: the chunk's own error and what usually refuses it.
        const said = warn.mock.calls.map((call) => String(call[0]));
        expect(said.filter((line) => line.includes('tab-sharing code did not load'))).toEqual([
          expect.stringContaining('chunk failed to load'),
        ]);
        expect(said.join('\n')).toContain('Trusted Types');
      } finally {
        warn.mockRestore();
        tabsLoader.load = load;
        tabsLoader.loading = loading;
      }
    });

    it('should announce a first token fetched before the tab code came, once it comes', async () => {
      const { load, loading } = tabsLoader;
      let arrive!: () => void;
      const gate = new Promise<void>((resolve) => (arrive = resolve));
      tabsLoader.loading = undefined;
      tabsLoader.load = () => gate.then(load);
      try {
        const browser = createFakeBrowser();
        const { fetchToken } = endpoint(0);
        const store = storeOf(fetchToken, { tabs: browser.tab() });
        store.subscribe(() => {});
        await vi.advanceTimersByTimeAsync(0);
        expect(store.getSnapshot().status).toBe('ready'); // the first frame never waits for tabs
        expect(browser.messages).toEqual([]);
        arrive();
        await vi.advanceTimersByTimeAsync(0);
        expect(browser.messages).toMatchObject([{ type: 'token' }]);
      } finally {
        tabsLoader.load = load;
        tabsLoader.loading = loading;
      }
    });
  });

  describe('given the session changes in another tab', () => {
    /** A token endpoint whose tenant follows the browser's session cookie. */
    function sessionEndpoint() {
      const session = { tenantId: 'alice' as string | undefined, calls: 0 };
      const fetchToken = async () => {
        session.calls++;
        if (!session.tenantId) return new Response('{}', { status: 401 });
        return zipteamsJwt(Date.now(), TTL_S, { tenantId: session.tenantId });
      };
      return { session, fetchToken };
    }

    it("should drop Alice's token at once when a tab announces Bob's, and fetch in Bob's session", async () => {
      const browser = createFakeBrowser();
      const { session, fetchToken } = sessionEndpoint();
      const alice = storeOf(fetchToken, { tabs: browser.tab() });
      const seen: Array<string | undefined> = [];
      alice.subscribe(() => seen.push(alice.getSnapshot().token?.claims.tenantId));
      await vi.advanceTimersByTimeAsync(100);
      expect(alice.getSnapshot().token?.claims.tenantId).toBe('alice');
      session.tenantId = 'bob';
      const bob = storeOf(fetchToken, { tabs: browser.tab() });
      bob.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(100);
      expect(bob.getSnapshot().token?.claims.tenantId).toBe('bob');
      expect(alice.getSnapshot().token?.claims.tenantId).toBe('bob');
      expect(session.calls).toBe(3);
      // Once dropped, Alice's tenant never came back.
      const dropped = seen.indexOf(undefined, seen.indexOf('alice'));
      expect(dropped).toBeGreaterThan(0);
      expect(seen.slice(dropped)).not.toContain('alice');
    });

    it('should make every tab drop its token and show the error after a 401 in one', async () => {
      const browser = createFakeBrowser();
      const { session, fetchToken } = sessionEndpoint();
      const stores = [storeOf(fetchToken, { tabs: browser.tab() })];
      stores[0]!.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(100);
      stores.push(storeOf(fetchToken, { tabs: browser.tab() }));
      stores[1]!.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(100);
      session.tenantId = undefined; // signed out
      void stores[1]!.refresh();
      await vi.advanceTimersByTimeAsync(1_000);
      for (const store of stores) {
        expect(store.getSnapshot()).toMatchObject({
          status: 'error',
          token: undefined,
          error: { code: 'http', status: 401 },
        });
      }
    });
  });

  describe('clearSharedTokens', () => {
    it('should drop the token, fetch in the new session, and never take the dropped one again', async () => {
      const { state, fetchToken } = endpoint(0);
      const store = storeOf(fetchToken);
      const seeded = initialOf(TTL_S);
      store.seed(seeded);
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect(state.calls).toBe(0);
      await clearSharedTokens();
      expect(store.getSnapshot().token).toBeUndefined();
      await vi.advanceTimersByTimeAsync(0);
      expect(state.calls).toBe(1);
      expect(store.getSnapshot().status).toBe('ready');
      expect(isRevokedToken(seeded.token)).toBe(true);
    });

    it('should drop the token of a store nobody listens to, so a later mount asks again', async () => {
      const { state, fetchToken } = endpoint(0);
      const store = storeOf(fetchToken);
      const stop = store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      stop();
      await vi.advanceTimersByTimeAsync(0);
      await clearSharedTokens();
      store.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect(state.calls).toBe(2);
    });
  });
});

/** A server-minted token with `left` seconds left, read as core's initial-token check reads it. */
function initialOf(left: number, tenantId = 'acme') {
  const read = readInitialToken(
    { token: zipteamsJwt(Date.now(), TTL_S, { tenantId }), expiresIn: left },
    { now: Date.now(), ageBoundMs: 0 },
  );
  if (!read.ok) throw new Error(read.message);
  return read.token;
}
