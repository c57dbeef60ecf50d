import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenHandlerConfigError } from '../errors.js';
import { createMemoryBudget, nextSlot, readUpstreamLimit, spacingMs } from './upstream-budget.js';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** The most calls that fall in any half-open window [t, t + intervalMs) of the sorted times. */
function busiestWindow(times: readonly number[], intervalMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= intervalMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('given the sliding log', () => {
  it('should allow a call at once while fewer than `requests` calls are in the window', () => {
    expect(nextSlot([0, 100], 500, { requests: 3, intervalMs: 1000 })).toBe(500);
  });

  it('should put the next call one interval after the requests-th latest call', () => {
    expect(nextSlot([0, 100, 200], 500, { requests: 3, intervalMs: 1000 })).toBe(1000);
  });

  it('should never place a call before a pause ends or before an earlier reservation', () => {
    expect(nextSlot([], 500, { requests: 3, intervalMs: 1000 }, 4000)).toBe(4000);
    expect(nextSlot([700], 500, { requests: 3, intervalMs: 1000 })).toBe(700);
  });
});

describe('given a memory budget of 3 per second', () => {
  it('should grant 3 calls at once and make the 4th wait for the first to leave the window', async () => {
    const { now, advance } = clock();
    const budget = createMemoryBudget({ requests: 3, intervalMs: 1000 }, now);
    for (let i = 0; i < 3; i++) {
      expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
      advance(100);
    }
    // Calls at 0, 100, 200 ms; now 300 ms: the next slot is one spacing (1 s + 250 ms) after 0.
    expect(await budget.reserve(5_000)).toEqual({ granted: true, waitMs: 950 });
    expect(await budget.reserve(100)).toEqual({ granted: false, retryAfterMs: 1050 });
  });

  it('should refuse without reserving when the slot does not fit the wait allowed', async () => {
    const { now, advance } = clock();
    const budget = createMemoryBudget({ requests: 1, intervalMs: 1000 }, now);
    await budget.reserve(0);
    expect(await budget.reserve(500)).toEqual({ granted: false, retryAfterMs: 1250 });
    advance(1250);
    // The refusal took no slot: the budget is free again one interval after the only call.
    expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('should make every call wait while paused by a Zipteams 429', async () => {
    const { now, advance } = clock();
    const budget = createMemoryBudget({ requests: 3, intervalMs: 1000 }, now);
    await budget.pause(30_000);
    expect(await budget.reserve(10_000)).toEqual({ granted: false, retryAfterMs: 30_000 });
    advance(30_000);
    expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('should keep any window at or under the limit, whatever the arrival times', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ gap: fc.nat(700), maxWait: fc.nat(3_000) }), { maxLength: 60 }),
        async (requests, arrivals) => {
          const { now, advance } = clock();
          const budget = createMemoryBudget({ requests, intervalMs: 1000 }, now);
          const calls: number[] = [];
          for (const { gap, maxWait } of arrivals) {
            advance(gap);
            const decision = await budget.reserve(maxWait);
            if (decision.granted) {
              expect(decision.waitMs).toBeLessThanOrEqual(maxWait);
              calls.push(now() + decision.waitMs);
            }
          }
          calls.sort((a, b) => a - b);
          expect(busiestWindow(calls, 1000)).toBeLessThanOrEqual(requests);
        },
      ),
    );
  });
});

describe('given the spacing between calls one limit apart', () => {
  it('should add 2 % of the interval for jitter, within [250 ms, 1 s]', () => {
    expect(spacingMs({ requests: 5, intervalMs: 1000 })).toBe(1250);
    expect(spacingMs({ requests: 120, intervalMs: 60_000 })).toBe(61_000);
    expect(spacingMs({ requests: 5, intervalMs: 3_600_000 })).toBe(3_601_000);
  });
});

describe('given an upstreamLimit option', () => {
  it('should default to the documented 120 requests per 60 s', () => {
    expect(readUpstreamLimit(undefined)).toEqual({ requests: 120, intervalMs: 60_000 });
  });

  it.each([
    ['a zero request count', { requests: 0, intervalMs: 60_000 }],
    ['a fractional request count', { requests: 1.5, intervalMs: 60_000 }],
    ['a zero interval', { requests: 10, intervalMs: 0 }],
    ['a missing interval', { requests: 10 }],
    ['a number', 120],
  ])('should reject %s with a config error', (_, value) => {
    expect(() => readUpstreamLimit(value)).toThrow(TokenHandlerConfigError);
  });
});
