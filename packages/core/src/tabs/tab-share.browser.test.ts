import { afterEach, describe, expect, it } from 'vitest';
import { clearSharedTokens, fetchDashboardToken, type DashboardToken } from '@zipteams/embed-core';
import { browserTabEnvironment, createTabTokenShare } from '@zipteams/embed-core/tabs';

/** A real token request over HTTP, counted, slowed down so a second tab meets it under way. */
function countedFetch(delayMs = 200) {
  const calls = { count: 0 };
  const fetchToken = async (signal?: AbortSignal) => {
    calls.count++;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return fetchDashboardToken({ tokenUrl: '/__test/token?ttl=120' }, { signal });
  };
  return { calls, fetchToken };
}

let keyCounter = 0;
const freshKey = () => `tokenUrl /__test/token #${Date.now()}-${keyCounter++}`;

describe('tab sharing in a real Chromium (Web Locks, BroadcastChannel, no storage)', () => {
  afterEach(async () => {
    await clearSharedTokens();
  });

  it('should find every API it needs on a secure origin', () => {
    expect(browserTabEnvironment()).toBeDefined();
  });

  it('should let two pages without a token each make their own first request', async () => {
    const key = freshKey();
    const { calls, fetchToken } = countedFetch();
    await Promise.all([
      createTabTokenShare({ key }).acquire(fetchToken),
      createTabTokenShare({ key }).acquire(fetchToken),
    ]);
    expect(calls.count).toBe(2);
  });

  it('should make one request for two pages of one tenant rotating at once', async () => {
    const key = freshKey();
    const current = await countedFetch(0).fetchToken();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a newer token has a later iat
    const { calls, fetchToken } = countedFetch();
    const [a, b] = await Promise.all([
      createTabTokenShare({ key }).acquire(fetchToken, { current }),
      createTabTokenShare({ key }).acquire(fetchToken, { current }),
    ]);
    expect(calls.count).toBe(1);
    expect(b.token).toBe(a.token);
    expect(b.expiresAt).toBe(a.expiresAt);
  });

  it('should write nothing to any storage, and delete the record earlier versions kept', async () => {
    const legacy = await caches.open('zipteams-embed-tokens');
    await legacy.put('https://zipteams-embed.invalid/token/x', new Response('{}'));
    const key = `${freshKey()} authorization: Bearer s3cret`;
    const share = createTabTokenShare({ key });
    const current = await share.acquire(countedFetch(0).fetchToken);
    await share.acquire(countedFetch(0).fetchToken, { current });
    await clearSharedTokens();
    expect(await caches.keys()).toEqual([]);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(await indexedDB.databases()).toEqual([]);
  });

  it('should announce a new token to the other pages over a real BroadcastChannel', async () => {
    const key = freshKey();
    const heard = new Promise<DashboardToken>((resolve) => {
      createTabTokenShare({ key }).subscribe((event) => {
        if (event.type === 'token') resolve(event.token);
      });
    });
    const fetched = await createTabTokenShare({ key }).acquire(countedFetch(0).fetchToken);
    expect((await heard).token).toBe(fetched.token);
  });

  it('should fetch alone after the lock timeout when the holder is stuck', async () => {
    const key = freshKey();
    const current = await countedFetch(0).fetchToken();
    let release!: () => void;
    const stuck = new Promise<DashboardToken>((_, reject) => {
      release = () => reject(new Error('released'));
    });
    const holder = createTabTokenShare({ key }).acquire(() => stuck, { current });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the holder asked, then fetches
    const { calls, fetchToken } = countedFetch(0);
    const started = performance.now();
    const token = await createTabTokenShare({ key, lockTimeoutMs: 300 }).acquire(fetchToken, {
      current,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(calls.count).toBe(1);
    expect(token.lifetimeMs).toBe(120_000);
    release();
    await expect(holder).rejects.toThrow('released');
  });
});
