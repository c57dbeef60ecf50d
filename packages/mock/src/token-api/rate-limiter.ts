/** What a rate limiter answers for one request. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window limiter: each key gets `limit` requests per window, the window starting
 * at the key's first request. Time comes from the injected clock only.
 */
export class FixedWindowRateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  hit(key: string): RateLimitDecision {
    const now = this.now();
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= this.windowMs || now < window.start) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.limit) {
      const waitMs = window.start + this.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    window.count += 1;
    return { allowed: true };
  }

  reset(): void {
    this.#windows.clear();
  }
}
