import { afterEach, describe, expect, it } from 'vitest';
import {
  SHARED_TOKEN_CACHE,
  browserTabEnvironment,
  clearSharedTokens,
  createTabTokenShare,
  fetchDashboardToken,
  type DashboardToken,
} from '@zipteams/embed-core';

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

describe('tab sharing in a real Chromium (Web Locks, BroadcastChannel, Cache Storage)', () => {
  afterEach(async () => {
    await clearSharedTokens();
  });

  it('should find every API it needs on a secure origin', () => {
    expect(browserTabEnvironment()).toBeDefined();
  });

  it('should make one request for two sharers at once, the second reading the record under the lock', async () => {
    const key = freshKey();
    const { calls, fetchToken } = countedFetch();
    const [a, b] = await Promise.all([
      createTabTokenShare({ key }).acquire(fetchToken),
      createTabTokenShare({ key }).acquire(fetchToken),
    ]);
    expect(calls.count).toBe(1);
    expect(b.token).toBe(a.token);
    expect(b.expiresAt).toBe(a.expiresAt);
  });

  it('should store only the token record, under a SHA-256 of the key', async () => {
    const key = `${freshKey()} authorization: Bearer s3cret`;
    await createTabTokenShare({ key }).acquire(countedFetch(0).fetchToken);
    const cache = await caches.open(SHARED_TOKEN_CACHE);
    const [request] = await cache.keys();
    expect(request?.url).toMatch(/\/token\/[0-9a-f]{64}$/);
    const record = (await (await cache.match(request!))!.json()) as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual([
      'expiresAt',
      'key',
      'lifetimeMs',
      'receivedAt',
      'token',
      'v',
    ]);
    expect(JSON.stringify(record)).not.toContain('s3cret');
  });

  it('should broadcast a new token to the other sharers over a real BroadcastChannel', async () => {
    const key = freshKey();
    const heard = new Promise<DashboardToken>((resolve) => {
      createTabTokenShare({ key }).subscribe(resolve);
    });
    const fetched = await createTabTokenShare({ key }).acquire(countedFetch(0).fetchToken);
    expect((await heard).token).toBe(fetched.token);
  });

  it('should fetch alone after the lock timeout when the holder is stuck', async () => {
    const key = freshKey();
    let release!: () => void;
    const stuck = new Promise<DashboardToken>((_, reject) => {
      release = () => reject(new Error('released'));
    });
    const holder = createTabTokenShare({ key }).acquire(() => stuck);
    const { calls, fetchToken } = countedFetch(0);
    const started = performance.now();
    const token = await createTabTokenShare({ key, lockTimeoutMs: 300 }).acquire(fetchToken);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(calls.count).toBe(1);
    expect(token.lifetimeMs).toBe(120_000);
    release();
    await expect(holder).rejects.toThrow('released');
  });
});
