import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  BadResponseError,
  HttpError,
  NetworkError,
  RateLimitedError,
  TimeoutError,
} from '../errors/errors.js';
import { backoffDelay, createRetryPolicy, isRetryableError, sleep, withRetry } from './retry.js';

describe('isRetryableError', () => {
  it.each([
    [new NetworkError(), true],
    [new TimeoutError(15_000), true],
    [new HttpError(408), true],
    [new RateLimitedError(60_000), true],
    [new HttpError(500), true],
    [new HttpError(502), true],
    [new HttpError(503), true],
    [new HttpError(400), false],
    [new HttpError(401), false],
    [new HttpError(403), false],
    [new HttpError(404), false],
    [new BadResponseError('html_body', 'x'), false],
    [new AbortedError(), false],
    [new HttpError(502, { serverCode: 'upstream_forbidden' }), false],
    [new HttpError(500, { serverCode: 'invalid_tenant' }), false],
    [new HttpError(502, { serverCode: 'upstream_error' }), true],
    [new Error('plain'), false],
  ])('should classify %s as retryable=%s', (error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('should grow exponentially within equal-jitter bounds and stay capped', () => {
    for (const [n, ceiling] of [
      [0, 1_000],
      [1, 2_000],
      [2, 4_000],
      [5, 32_000],
      [6, 60_000],
      [50, 60_000],
    ] as const) {
      expect(backoffDelay(n, { random: () => 0 })).toBe(ceiling / 2);
      expect(backoffDelay(n, { random: () => 0.999999 })).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(n, { random: () => 0.999999 })).toBeGreaterThan(ceiling * 0.99);
    }
  });
});

describe('createRetryPolicy', () => {
  it('should retry retryable errors up to the count and never final ones', () => {
    const policy = createRetryPolicy({ retries: 2 });
    expect(policy.shouldRetry(0, new HttpError(503))).toBe(true);
    expect(policy.shouldRetry(1, new HttpError(503))).toBe(true);
    expect(policy.shouldRetry(2, new HttpError(503))).toBe(false);
    expect(policy.shouldRetry(0, new HttpError(403))).toBe(false);
  });

  it('should wait at least what Retry-After asked', () => {
    const policy = createRetryPolicy({ random: () => 0 });
    expect(policy.delayMs(0, new RateLimitedError(60_000))).toBe(60_000);
    expect(policy.delayMs(0, new RateLimitedError(undefined))).toBe(500);
  });

  it('should cap an absurd Retry-After', () => {
    const policy = createRetryPolicy({ maxRetryAfterMs: 120_000, random: () => 0 });
    expect(policy.delayMs(0, new RateLimitedError(86_400_000))).toBe(120_000);
  });
});

describe('withRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should retry a network failure with backoff and return the eventual success', async () => {
    const task = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new NetworkError())
      .mockRejectedValueOnce(new HttpError(503))
      .mockResolvedValue('ok');
    const onRetry = vi.fn();
    const result = withRetry(task, { policy: createRetryPolicy({ random: () => 0 }), onRetry });
    await vi.advanceTimersByTimeAsync(499);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe('ok');
    expect(onRetry.mock.calls.map((c) => c[2])).toEqual([500, 1_000]);
  });

  it('should not retry a final error (403)', async () => {
    const task = vi.fn().mockRejectedValue(new HttpError(403));
    await expect(withRetry(task)).rejects.toMatchObject({ status: 403 });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('should wait out a 429 Retry-After before trying again', async () => {
    const task = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new RateLimitedError(60_000))
      .mockResolvedValue('ok');
    const result = withRetry(task);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
  });

  it('should stop waiting and reject with AbortedError when aborted between attempts', async () => {
    const controller = new AbortController();
    const task = vi.fn().mockRejectedValue(new NetworkError());
    const result = withRetry(task, { signal: controller.signal });
    const assertion = expect(result).rejects.toBeInstanceOf(AbortedError);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await assertion;
    expect(task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should give up after the retry count with the last error', async () => {
    const task = vi.fn().mockRejectedValue(new HttpError(500));
    const result = withRetry(task, { policy: createRetryPolicy({ retries: 3 }) });
    const assertion = expect(result).rejects.toMatchObject({ status: 500 });
    await vi.runAllTimersAsync();
    await assertion;
    expect(task).toHaveBeenCalledTimes(4);
  });
});

describe('sleep', () => {
  it('should reject at once when the signal is already aborted', async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });
});
