import { describe, expect, it } from 'vitest';
import type { CachedToken } from './cache.js';
import { createMemoryCache } from './cache.js';
import { TokenHandlerConfigError } from './errors.js';

const entry = (token: string): CachedToken => ({ token, expiresAt: 2_000, refreshAt: 1_000 });

function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('given a memory cache', () => {
  it('should return what was set until its TTL passes', async () => {
    const { now, advance } = clock();
    const cache = createMemoryCache({ now });
    await cache.set('k', entry('a'), 10);
    advance(9_999);
    expect(await cache.get('k')).toEqual(entry('a'));
    advance(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('should forget a deleted key', async () => {
    const cache = createMemoryCache();
    await cache.set('k', entry('a'), 10);
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
  });

  it('should replace the value of a key that is set again', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('k', entry('a'), 10);
    await cache.set('k', entry('b'), 10);
    await cache.set('other', entry('c'), 10);
    expect(await cache.get('k')).toEqual(entry('b'));
    expect(await cache.get('other')).toEqual(entry('c'));
  });
});

describe('given a memory cache at its bound', () => {
  it('should evict the least recently used entry', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.set(key, entry(key), 60);
    await cache.get('a'); // a is now the most recently used
    await cache.set('d', entry('d'), 60);
    expect(await cache.get('b')).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(await cache.get(key)).toEqual(entry(key));
  });

  it('should hold no more than 1000 entries by default', async () => {
    const cache = createMemoryCache();
    for (let i = 0; i < 1_500; i += 1) await cache.set(`k${i}`, entry(`t${i}`), 60);
    let kept = 0;
    for (let i = 0; i < 1_500; i += 1) if (await cache.get(`k${i}`)) kept += 1;
    expect(kept).toBe(1_000);
    expect(await cache.get('k499')).toBeUndefined();
    expect(await cache.get('k500')).toEqual(entry('t500'));
  });

  it.each([0, -1, 1.5, Number.NaN])('should reject maxEntries %s', (maxEntries) => {
    expect(() => createMemoryCache({ maxEntries })).toThrow(TokenHandlerConfigError);
  });
});
