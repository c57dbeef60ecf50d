import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CachedToken } from './token-cache.js';
import { createMemoryCache } from './memory-cache.js';
import { TokenHandlerConfigError } from '../errors.js';

const entry = (token: string): CachedToken => ({
  token,
  expiresAt: 2_000,
  refreshAt: 1_000,
  staleUntil: 1_500,
});

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

describe('given any sequence of reads, writes, deletes and clock steps', () => {
  /** The reference: an array from least to most recently used, scanned in full each time. */
  function referenceLru(maxEntries: number) {
    let order: { key: string; value: CachedToken; expiresAt: number }[] = [];
    return {
      get(key: string, time: number) {
        const found = order.find((item) => item.key === key);
        order = order.filter((item) => item.key !== key);
        if (!found || found.expiresAt <= time) return undefined;
        order.push(found);
        return found.value;
      },
      set(key: string, value: CachedToken, ttl: number, time: number) {
        order = order.filter((item) => item.key !== key);
        order.push({ key, value, expiresAt: time + ttl * 1000 });
        while (order.length > maxEntries) order.shift();
      },
      delete(key: string) {
        order = order.filter((item) => item.key !== key);
      },
    };
  }

  it('should behave as a plain LRU with TTLs', async () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const command = fc.oneof(
      fc.record({ op: fc.constant('get' as const), key }),
      fc.record({ op: fc.constant('set' as const), key, ttl: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ op: fc.constant('delete' as const), key }),
      fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(command, { maxLength: 60 }),
        async (maxEntries, commands) => {
          let time = 0;
          const cache = createMemoryCache({ maxEntries, now: () => time });
          const reference = referenceLru(maxEntries);
          for (const [index, step] of commands.entries()) {
            if (step.op === 'tick') time += step.ms;
            else if (step.op === 'delete') {
              await cache.delete(step.key);
              reference.delete(step.key);
            } else if (step.op === 'set') {
              await cache.set(step.key, entry(`${step.key}${index}`), step.ttl);
              reference.set(step.key, entry(`${step.key}${index}`), step.ttl, time);
            } else {
              expect(await cache.get(step.key)).toEqual(reference.get(step.key, time));
            }
          }
          for (const name of ['a', 'b', 'c', 'd', 'e']) {
            expect(await cache.get(name)).toEqual(reference.get(name, time));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
