import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../errors/errors.js';
import type { TabShareEvent } from './tab-share.js';
import { createTabTokenShare, tabTokenShare } from '../tabs.js';
import { createDashboardToken, type DashboardToken } from '../token/token.js';
import { createFakeBrowser, fakeHash } from '../test-utils/fake-tabs.js';
import { makeJwt, zipteamsJwt } from '@zipteams/test-utils';

const TTL_S = 60;

function mint(tenantId = 'acme', subTenantId = 'sales'): DashboardToken {
  const now = Date.now();
  return createDashboardToken(
    { token: zipteamsJwt(now, TTL_S, { tenantId, subTenantId }) },
    { receivedAt: now },
  );
}

/** A token without tenant claims: the source alone cannot tell its session apart. */
function mintAnonymous(): DashboardToken {
  const iat = Math.floor(Date.now() / 1000);
  return createDashboardToken(
    { token: makeJwt({ iat, exp: iat + TTL_S }) },
    { receivedAt: Date.now() },
  );
}

/** A token endpoint that counts requests and answers after `latencyMs` (fake time). */
function endpoint(latencyMs = 100, tenant?: [string, string]) {
  const calls = { count: 0 };
  const fetchToken = () => {
    calls.count++;
    if (latencyMs === 0) return Promise.resolve(mint(...(tenant ?? [])));
    return new Promise<DashboardToken>((resolve) =>
      setTimeout(() => resolve(mint(...(tenant ?? []))), latencyMs),
    );
  };
  return { calls, fetchToken };
}

/** Settles an acquire while fake time runs (a rotation may wait for other tabs to answer). */
async function settle<T>(promise: Promise<T>): Promise<T> {
  const [value] = await Promise.all([promise, vi.advanceTimersByTimeAsync(1_000)]);
  return value;
}

const tokensOf = (events: TabShareEvent[]) =>
  events.flatMap((event) => (event.type === 'token' ? [event.token.token] : []));

describe('createTabTokenShare', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('given tabs that have no token yet', () => {
    it('should let each fetch its own first token, never one another tab got', async () => {
      const browser = createFakeBrowser();
      const { calls, fetchToken } = endpoint();
      const tabs = Array.from({ length: 5 }, () =>
        createTabTokenShare({ key: 'tokenUrl /api/token', environment: browser.tab() }),
      );
      const first = await Promise.all([
        tabs[0]!.acquire(fetchToken),
        vi.advanceTimersByTimeAsync(1_000),
      ]);
      const later = Promise.all(tabs.slice(1).map((tab) => tab.acquire(fetchToken)));
      await vi.advanceTimersByTimeAsync(1_000);
      const tokens = [first[0], ...(await later)];
      expect(calls.count).toBe(5);
      expect(tokens).toHaveLength(5);
    });
  });

  describe('given live tabs that hold a token of the same tenant (a rotation)', () => {
    async function holdingTabs(count: number) {
      const browser = createFakeBrowser();
      const current = mint();
      const tabs = Array.from({ length: count }, () => {
        const share = createTabTokenShare({ key: 'k', environment: browser.tab() });
        share.hold(current);
        share.subscribe(() => {});
        return share;
      });
      await vi.advanceTimersByTimeAsync(5_000);
      return { browser, current, tabs };
    }

    it('should make one request for five tabs due at the same moment, and hand each that token', async () => {
      const { current, tabs } = await holdingTabs(5);
      const { calls, fetchToken } = endpoint();
      const pending = Promise.all(tabs.map((tab) => tab.acquire(fetchToken, { current })));
      await vi.advanceTimersByTimeAsync(5_000);
      const tokens = await pending;
      expect(calls.count).toBe(1);
      expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
      expect(tokens[0]!.token).not.toBe(current.token);
    });

    it('should answer a tab that did not hear the announcement from memory, within the lock', async () => {
      const { current, tabs, browser } = await holdingTabs(1);
      const { calls, fetchToken } = endpoint(0);
      const rotated = await settle(tabs[0]!.acquire(fetchToken, { current }));
      await vi.advanceTimersByTimeAsync(1_000);
      // Not listening when the token was announced (the channel is not ordered with the lock).
      const late = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const [adopted] = await Promise.all([
        late.acquire(fetchToken, { current }),
        vi.advanceTimersByTimeAsync(1_000),
      ]);
      expect(calls.count).toBe(1);
      expect(adopted.token).toBe(rotated.token);
    });

    it('should not hand a token to a tab of another tenant, which fetches its own', async () => {
      const { current, tabs, browser } = await holdingTabs(1);
      const other = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const globex = endpoint(0, ['globex', 'support']);
      await settle(tabs[0]!.acquire(endpoint(0).fetchToken, { current }));
      await vi.advanceTimersByTimeAsync(10);
      const own = await Promise.all([
        other.acquire(globex.fetchToken, { current: mint('globex', 'support') }),
        vi.advanceTimersByTimeAsync(1_000),
      ]);
      expect(globex.calls.count).toBe(1);
      expect(own[0].claims.tenantId).toBe('globex');
      const answers = browser.messages.filter(
        (message) => (message as { to?: string }).to !== undefined,
      );
      expect(answers).toEqual([]);
    });

    it('should take an announcement that arrives while it waits for answers, not fetch', async () => {
      const browser = createFakeBrowser();
      const current = mint();
      await vi.advanceTimersByTimeAsync(5_000);
      const { calls, fetchToken } = endpoint(0);
      const waiting = createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        fetchToken,
        { current },
      );
      await vi.advanceTimersByTimeAsync(100); // in the lock, asking
      const rotated = mint();
      browser
        .tab()
        .openChannel('zipteams-embed-tabs')
        .postMessage({
          v: 2,
          type: 'token',
          key: fakeHash('k'),
          record: { v: 2, key: fakeHash('k'), ...rotated, claims: undefined },
        });
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await waiting).token).toBe(rotated.token);
      expect(calls.count).toBe(0);
    });

    it('should not answer once the holder dropped its token (signed out)', async () => {
      const { current, tabs, browser } = await holdingTabs(1);
      const { calls, fetchToken } = endpoint(0);
      await settle(tabs[0]!.acquire(fetchToken, { current }));
      tabs[0]!.hold(undefined);
      await vi.advanceTimersByTimeAsync(1_000);
      const late = createTabTokenShare({ key: 'k', environment: browser.tab() });
      await Promise.all([
        late.acquire(fetchToken, { current }),
        vi.advanceTimersByTimeAsync(1_000),
      ]);
      expect(calls.count).toBe(2);
    });

    it('should fetch its own when the only token around is already due for refresh', async () => {
      const { current, tabs } = await holdingTabs(2);
      const { calls, fetchToken } = endpoint(0);
      await settle(tabs[0]!.acquire(fetchToken, { current }));
      await vi.advanceTimersByTimeAsync(TTL_S * 1000 * 0.8);
      await Promise.all([
        tabs[1]!.acquire(fetchToken, { current }),
        vi.advanceTimersByTimeAsync(1_000),
      ]);
      expect(calls.count).toBe(2);
    });
  });

  describe('given a token without tenant claims', () => {
    it('should fetch its own for every rotation and announce nothing', async () => {
      const browser = createFakeBrowser();
      const calls = { count: 0 };
      const fetchToken = () => (calls.count++, Promise.resolve(mintAnonymous()));
      const a = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const b = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const current = mintAnonymous();
      await settle(a.acquire(fetchToken, { current }));
      await settle(b.acquire(fetchToken, { current }));
      expect(calls.count).toBe(2);
      expect(browser.messages).toEqual([]);
    });
  });

  describe('given the tab holding the lock', () => {
    it('should let the next tab fetch at once when the holder is closed mid-request', async () => {
      const browser = createFakeBrowser();
      const holderTab = browser.tab();
      const current = mint();
      const hanging = endpoint(3_600_000);
      void createTabTokenShare({ key: 'k', environment: holderTab }).acquire(hanging.fetchToken, {
        current,
      });
      await vi.advanceTimersByTimeAsync(1_000);
      const waiter = endpoint(100);
      const waiting = createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        waiter.fetchToken,
        { current },
      );
      await vi.advanceTimersByTimeAsync(500);
      expect(waiter.calls.count).toBe(0);
      holderTab.close();
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(waiting).resolves.toMatchObject({ lifetimeMs: TTL_S * 1000 });
      expect(waiter.calls.count).toBe(1);
    });

    it('should let waiters fetch themselves after the lock timeout when the holder is frozen', async () => {
      const browser = createFakeBrowser();
      const current = mint();
      const frozen = endpoint(3_600_000);
      void createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        frozen.fetchToken,
        { current },
      );
      await vi.advanceTimersByTimeAsync(500);
      const waiter = endpoint(0);
      const share = createTabTokenShare({
        key: 'k',
        environment: browser.tab(),
        lockTimeoutMs: 5_000,
      });
      const waiting = share.acquire(waiter.fetchToken, { current });
      await vi.advanceTimersByTimeAsync(4_900);
      expect(waiter.calls.count).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      await expect(waiting).resolves.toBeDefined();
      expect(waiter.calls.count).toBe(1);
    });

    it('should pass a failed request on to the tab that made it, and let the next tab try', async () => {
      const browser = createFakeBrowser();
      const current = mint();
      const failing = () => Promise.reject(new Error('down'));
      const first = createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(failing, {
        current,
      });
      const failed = expect(first).rejects.toThrow('down');
      await vi.advanceTimersByTimeAsync(1_000);
      await failed;
      const { calls, fetchToken } = endpoint(0);
      await Promise.all([
        createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken, {
          current,
        }),
        vi.advanceTimersByTimeAsync(1_000),
      ]);
      expect(calls.count).toBe(1);
    });
  });

  describe('given the session ends (401 or 403)', () => {
    it.each([401, 403])('should tell every tab of the source after a %i', async (status) => {
      const browser = createFakeBrowser();
      const heard: TabShareEvent[] = [];
      createTabTokenShare({ key: 'k', environment: browser.tab() }).subscribe((event) =>
        heard.push(event),
      );
      const other: TabShareEvent[] = [];
      createTabTokenShare({ key: 'other', environment: browser.tab() }).subscribe((event) =>
        other.push(event),
      );
      const failing = () => Promise.reject(new HttpError(status));
      await expect(
        createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(failing),
      ).rejects.toBeInstanceOf(HttpError);
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toEqual([{ type: 'ended', status }]);
      expect(other).toEqual([]);
    });

    it('should not announce an end for a 500', async () => {
      const browser = createFakeBrowser();
      const failing = () => Promise.reject(new HttpError(500));
      await expect(
        createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(failing),
      ).rejects.toBeInstanceOf(HttpError);
      expect(browser.messages).toEqual([]);
    });
  });

  describe('given no Web Locks or BroadcastChannel', () => {
    it('should work alone: every acquire is a request, nothing is broadcast', async () => {
      const { calls, fetchToken } = endpoint(0);
      const share = createTabTokenShare({ key: 'k', environment: null });
      const current = await share.acquire(fetchToken);
      await settle(share.acquire(fetchToken, { current }));
      expect(calls.count).toBe(2);
      expect(share.shared).toBe(false);
      expect(share.subscribe(() => {})).toBeTypeOf('function');
    });
  });

  describe('announcements', () => {
    it('should tell other tabs of each token fetched, and nothing after unsubscribe', async () => {
      const browser = createFakeBrowser();
      const heard: TabShareEvent[] = [];
      const listener = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const unsubscribe = listener.subscribe((event) => heard.push(event));
      const { fetchToken } = endpoint(0);
      const fetched = await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        fetchToken,
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toEqual([{ type: 'token', token: fetched }]);
      unsubscribe();
      expect(browser.openChannels()).toBe(0);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken);
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toHaveLength(1);
    });

    it('should not announce a token of the tenant this page just dropped for another (no ping-pong)', async () => {
      const browser = createFakeBrowser();
      const { fetchToken } = endpoint(0);
      const replaced = mint();
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken, {
        replaced,
      });
      expect(browser.messages).toEqual([]);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken, {
        replaced: mint('globex', 'support'),
      });
      expect(browser.messages).toHaveLength(1);
    });

    it('should ignore tokens of another key, of the old format and malformed messages', async () => {
      const browser = createFakeBrowser();
      const heard: TabShareEvent[] = [];
      createTabTokenShare({ key: 'k', environment: browser.tab() }).subscribe((event) =>
        heard.push(event),
      );
      const sender = browser.tab().openChannel('zipteams-embed-tabs');
      const good = mint();
      const record = {
        v: 2,
        key: fakeHash('k'),
        token: good.token,
        receivedAt: good.receivedAt,
        lifetimeMs: good.lifetimeMs,
        expiresAt: good.expiresAt,
      };
      const message = { v: 2, type: 'token', key: fakeHash('k'), record };
      for (const bad of [
        { ...message, key: fakeHash('other') },
        { ...message, record: { ...record, key: fakeHash('other') } },
        { ...message, record: { ...record, v: 1 } },
        { ...record, v: 1 },
        { ...message, record: { ...record, token: 'not-a-jwt' } },
        { ...message, record: { ...record, expiresAt: record.expiresAt + 1 } },
        'hello',
        null,
      ]) {
        sender.postMessage(bad);
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toEqual([]);
      sender.postMessage(message);
      await vi.advanceTimersByTimeAsync(0);
      expect(tokensOf(heard)).toEqual([good.token]);
    });

    it('should let nothing but the token record cross tabs, under a hashed key', async () => {
      const browser = createFakeBrowser();
      const key = JSON.stringify(['tokenUrl', '/api/token', { authorization: 'Bearer secret' }]);
      await createTabTokenShare({ key, environment: browser.tab() }).acquire(
        endpoint(0).fetchToken,
      );
      expect(browser.messages).toHaveLength(1);
      const [message] = browser.messages as Array<{ record: object }>;
      expect(Object.keys(message!).sort()).toEqual(['key', 'record', 'type', 'v']);
      expect(Object.keys(message!.record).sort()).toEqual([
        'expiresAt',
        'key',
        'lifetimeMs',
        'receivedAt',
        'token',
        'v',
      ]);
      expect(JSON.stringify(message)).not.toContain('secret');
    });
  });

  describe('tabTokenShare', () => {
    it('should give one share per key, alone where the browser APIs are missing (Node)', async () => {
      expect(tabTokenShare('a')).toBe(tabTokenShare('a'));
      expect(tabTokenShare('a')).not.toBe(tabTokenShare('b'));
      expect(tabTokenShare('a').shared).toBe(false);
      const { calls, fetchToken } = endpoint(0);
      const current = await tabTokenShare('a').acquire(fetchToken);
      await tabTokenShare('a').acquire(fetchToken, { current });
      expect(calls.count).toBe(2);
    });
  });
});
