import { afterEach, describe, expect, it, vi } from 'vitest';
import { devLog, safeCall } from './dev-log.js';
import { HttpError } from './errors.js';
import { FrameBlockedError, FrameUnreachableError } from './frame-errors.js';
import { knownRefusal } from '../embed/known-refusal.js';
import { resolveTokenSource } from '../token/token-key.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImFjbWUifQ.c2lnbmF0dXJlLXZhbHVl';

describe('devLog', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('should log a new error once with its code, HTTP status, the URL (token redacted) and a hint', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    devLog(new HttpError(403), `https://partner.test/api/token?token=${TOKEN}`);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]![0]);
    expect(line).toMatch(/^\[zipteams\] http \(HTTP 403\):/);
    expect(line).toContain('https://partner.test/api/token?token=[redacted]');
    expect(line).toMatch(/Check: .*session/);
    expect(line).not.toContain(TOKEN);
  });

  it('should say nothing in production builds', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    devLog(new FrameUnreachableError('https://z.test'), 'https://z.test');
    expect(warn).not.toHaveBeenCalled();
  });

  it('should neither crash nor log on a page without a bundler (no `process` at all)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const saved = globalThis.process;
    // @ts-expect-error -- a browser page without a bundler has no `process`
    delete globalThis.process;
    try {
      expect(() => devLog(new HttpError(500))).not.toThrow();
    } finally {
      globalThis.process = saved;
    }
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('safeCall', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should ignore returned values and promises, and report a throw once per callback', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const values: number[] = [];
    safeCall((n: number) => values.push(n), 1); // returns a number
    safeCall(async () => Promise.reject(new Error('async bug')), 2);
    const onLoad = () => {
      throw new Error('bug');
    };
    safeCall(onLoad, undefined);
    safeCall(onLoad, undefined);
    expect(values).toEqual([1]);
    expect(error.mock.calls.filter(([m]) => String(m).includes('onLoad threw'))).toHaveLength(1);
    await vi.waitFor(() => expect(error).toHaveBeenCalledTimes(2)); // the async one too
  });
});

describe("the developer's advice in messages", () => {
  afterEach(() => vi.unstubAllEnvs());

  /** The messages that carry advice: a blocked frame, a known refusal, a missing tokenKey. */
  const messages = () => [
    new FrameBlockedError(2_000).message,
    knownRefusal('https://app.zipteams.com', 'http://localhost:3000')?.message,
    resolveTokenSource({ fetchToken: async () => '', tokenKey: '' })?.error?.message,
  ];

  it('should be in development builds', () => {
    expect(messages()).toEqual([
      expect.stringMatching(/^The Zipteams page did not load within 2 s\. Likely causes: .*HTTPS/),
      expect.stringMatching(
        /refuse to render on localhost: .*whitelisted\. For local .*zipteams-mock/,
      ),
      'Invalid tokenKey: a fetchToken source needs a tokenKey naming it, so two sources never share a token.',
    ]);
  });

  it('should be left out of production builds, keeping what went wrong', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(messages()).toEqual([
      'The Zipteams page did not load within 2 s.',
      'The real Zipteams pages refuse to render on localhost: they need an HTTPS page on a domain Zipteams has whitelisted.',
      'Invalid tokenKey: a fetchToken source needs a tokenKey naming it.',
    ]);
  });

  it('should be left out on a page without a bundler (no `process`), without a crash', () => {
    const saved = globalThis.process;
    // @ts-expect-error -- a browser page without a bundler has no `process`
    delete globalThis.process;
    let seen: unknown[];
    try {
      seen = messages();
    } finally {
      globalThis.process = saved;
    }
    expect(seen).toEqual([
      'The Zipteams page did not load within 2 s.',
      expect.not.stringContaining('zipteams-mock'),
      'Invalid tokenKey: a fetchToken source needs a tokenKey naming it.',
    ]);
  });
});
