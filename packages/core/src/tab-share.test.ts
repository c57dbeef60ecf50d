import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTabTokenShare, tabTokenShare } from './tab-share.js';
import { createDashboardToken, type DashboardToken } from './token.js';
import { createFakeBrowser, fakeHash } from './test-utils/fake-tabs.js';
import { zipteamsJwt } from '@zipteams/test-utils';

const TTL_S = 60;

function mint(tenantId = 'acme', subTenantId = 'sales'): DashboardToken {
  const now = Date.now();
  return createDashboardToken(
    { token: zipteamsJwt(now, TTL_S, { tenantId, subTenantId }) },
    { receivedAt: now },
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

describe('createTabTokenShare', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('given five tabs that need a token at the same moment', () => {
    it('should make one request and hand every tab the same token', async () => {
      const browser = createFakeBrowser();
      const { calls, fetchToken } = endpoint();
      const tabs = Array.from({ length: 5 }, () =>
        createTabTokenShare({ key: 'tokenUrl /api/token', environment: browser.tab() }),
      );
      const pending = Promise.all(tabs.map((tab) => tab.acquire(fetchToken)));
      await vi.advanceTimersByTimeAsync(1_000);
      const tokens = await pending;
      expect(calls.count).toBe(1);
      expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    });
  });

  describe('given a tab opened a second after another fetched', () => {
    it('should adopt the stored token without a request, and its timing', async () => {
      const browser = createFakeBrowser();
      const { calls, fetchToken } = endpoint();
      const first = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const firstToken = first.acquire(fetchToken);
      await vi.advanceTimersByTimeAsync(1_000);
      const second = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const adopted = await second.acquire(fetchToken);
      expect(calls.count).toBe(1);
      expect(adopted).toEqual(await firstToken);
    });

    it('should fetch its own for another source key', async () => {
      const browser = createFakeBrowser();
      const { calls, fetchToken } = endpoint();
      await Promise.all([
        vi.advanceTimersByTimeAsync(200),
        createTabTokenShare({ key: 'a', environment: browser.tab() }).acquire(fetchToken),
      ]);
      await Promise.all([
        vi.advanceTimersByTimeAsync(200),
        createTabTokenShare({ key: 'b', environment: browser.tab() }).acquire(fetchToken),
      ]);
      expect(calls.count).toBe(2);
    });

    it('should fetch its own when the stored token is already due for refresh', async () => {
      const browser = createFakeBrowser();
      const { calls, fetchToken } = endpoint(0);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken);
      await vi.advanceTimersByTimeAsync(TTL_S * 1000 * 0.8);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken);
      expect(calls.count).toBe(2);
    });
  });

  describe('given the tab already shows another tenant', () => {
    it('should not adopt the stored token of the tenant another tab switched to', async () => {
      const browser = createFakeBrowser();
      const other = endpoint(0, ['globex', 'support']);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(other.fetchToken);
      const own = endpoint(0, ['acme', 'sales']);
      const current = mint('acme', 'sales');
      await vi.advanceTimersByTimeAsync(10);
      const token = await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        own.fetchToken,
        { current },
      );
      expect(own.calls.count).toBe(1);
      expect(token.claims.tenantId).toBe('acme');
    });
  });

  describe('given the tab holding the lock', () => {
    it('should let the next tab fetch at once when the holder is closed mid-request', async () => {
      const browser = createFakeBrowser();
      const holderTab = browser.tab();
      const hanging = endpoint(3_600_000);
      void createTabTokenShare({ key: 'k', environment: holderTab }).acquire(hanging.fetchToken);
      await vi.advanceTimersByTimeAsync(10);
      const waiter = endpoint(100);
      const waiting = createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        waiter.fetchToken,
      );
      await vi.advanceTimersByTimeAsync(500);
      expect(waiter.calls.count).toBe(0);
      holderTab.close();
      await vi.advanceTimersByTimeAsync(100);
      await expect(waiting).resolves.toMatchObject({ lifetimeMs: TTL_S * 1000 });
      expect(waiter.calls.count).toBe(1);
    });

    it('should let waiters fetch themselves after the lock timeout when the holder is frozen', async () => {
      const browser = createFakeBrowser();
      const frozen = endpoint(3_600_000);
      void createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(frozen.fetchToken);
      const waiter = endpoint(0);
      const share = createTabTokenShare({
        key: 'k',
        environment: browser.tab(),
        lockTimeoutMs: 5_000,
      });
      const waiting = share.acquire(waiter.fetchToken);
      await vi.advanceTimersByTimeAsync(4_900);
      expect(waiter.calls.count).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      await expect(waiting).resolves.toBeDefined();
      expect(waiter.calls.count).toBe(1);
    });

    it('should pass a failed request on to the tab that made it, and let the next tab try', async () => {
      const browser = createFakeBrowser();
      const failing = () => Promise.reject(new Error('down'));
      const first = createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(failing);
      await expect(first).rejects.toThrow('down');
      const { calls, fetchToken } = endpoint(0);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken);
      expect(calls.count).toBe(1);
    });
  });

  describe('given no Web Locks or BroadcastChannel', () => {
    it('should work alone: every acquire is a request, nothing is broadcast', async () => {
      const { calls, fetchToken } = endpoint(0);
      const share = createTabTokenShare({ key: 'k', environment: null });
      await share.acquire(fetchToken);
      await share.acquire(fetchToken);
      expect(calls.count).toBe(2);
      expect(share.shared).toBe(false);
      expect(share.subscribe(() => {})).toBeTypeOf('function');
    });
  });

  describe('broadcast', () => {
    it('should tell other tabs of a new token, and nothing after unsubscribe', async () => {
      const browser = createFakeBrowser();
      const heard: DashboardToken[] = [];
      const listener = createTabTokenShare({ key: 'k', environment: browser.tab() });
      const unsubscribe = listener.subscribe((token) => heard.push(token));
      const { fetchToken } = endpoint(0);
      const fetched = await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(
        fetchToken,
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toEqual([fetched]);
      unsubscribe();
      expect(browser.openChannels()).toBe(0);
      await createTabTokenShare({ key: 'k', environment: browser.tab() }).acquire(fetchToken);
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toHaveLength(1);
    });

    it('should ignore tokens of another key and malformed messages', async () => {
      const browser = createFakeBrowser();
      const heard: DashboardToken[] = [];
      createTabTokenShare({ key: 'k', environment: browser.tab() }).subscribe((t) => heard.push(t));
      const sender = browser.tab().openChannel('zipteams-embed-tokens');
      const good = mint();
      const record = {
        v: 1,
        key: fakeHash('k'),
        token: good.token,
        receivedAt: good.receivedAt,
        lifetimeMs: good.lifetimeMs,
        expiresAt: good.expiresAt,
      };
      for (const message of [
        { ...record, key: fakeHash('other') },
        { ...record, token: 'not-a-jwt' },
        { ...record, expiresAt: record.expiresAt + 1 },
        { ...record, lifetimeMs: 48 * 3_600_000, expiresAt: record.receivedAt + 48 * 3_600_000 },
        'hello',
        null,
      ]) {
        sender.postMessage(message);
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(heard).toEqual([]);
      sender.postMessage(record);
      await vi.advanceTimersByTimeAsync(0);
      expect(heard.map((t) => t.token)).toEqual([good.token]);
    });

    it('should let nothing but the token record cross tabs, under a hashed key', async () => {
      const browser = createFakeBrowser();
      const key = JSON.stringify(['tokenUrl', '/api/token', { authorization: 'Bearer secret' }]);
      await createTabTokenShare({ key, environment: browser.tab() }).acquire(
        endpoint(0).fetchToken,
      );
      const crossed = [...browser.messages, ...browser.records.values()];
      expect(crossed).toHaveLength(2);
      for (const value of crossed) {
        expect(Object.keys(value as object).sort()).toEqual([
          'expiresAt',
          'key',
          'lifetimeMs',
          'receivedAt',
          'token',
          'v',
        ]);
        expect(JSON.stringify(value)).not.toContain('secret');
      }
    });
  });

  describe('tabTokenShare', () => {
    it('should give one share per key, alone where the browser APIs are missing (Node)', async () => {
      expect(tabTokenShare('a')).toBe(tabTokenShare('a'));
      expect(tabTokenShare('a')).not.toBe(tabTokenShare('b'));
      expect(tabTokenShare('a').shared).toBe(false);
      const { calls, fetchToken } = endpoint(0);
      await tabTokenShare('a').acquire(fetchToken);
      await tabTokenShare('a').acquire(fetchToken);
      expect(calls.count).toBe(2);
    });
  });
});
