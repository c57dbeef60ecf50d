import { describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  FrameBlockedError,
  HttpError,
  RateLimitedError,
  TimeoutError,
  buildCallDetailsUrl,
  buildInsightsUrl,
  fetchDashboardToken,
} from '@zipteams/embed-core';
// Not exported by the package: the browser checks of core's own parts.
import { devLog } from './errors/dev-log.js';
import { browserWakeEvents } from './timing/environment.js';
import { decodeJwt } from './token/jwt.js';

describe('embed-core in a real Chromium', () => {
  it('should fetch a token over real HTTP and decode its UTF-8 claims', async () => {
    const token = await fetchDashboardToken({ tokenUrl: '/__test/token?ttl=120' });
    expect(token.claims).toMatchObject({ tenantId: 'Zürich', subTenantId: 'sales' });
    expect(token.lifetimeMs).toBe(120_000);
    expect(decodeJwt(token.token).tenantId).toBe('Zürich');
  });

  it('should type real HTTP errors, reading Retry-After', async () => {
    await expect(fetchDashboardToken({ tokenUrl: '/__test/status/403' })).rejects.toBeInstanceOf(
      HttpError,
    );
    const limited = await fetchDashboardToken({ tokenUrl: '/__test/status/429' }).catch(
      (e: unknown) => e,
    );
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7_000);
  });

  it('should time out a hanging request', async () => {
    await expect(
      fetchDashboardToken({ tokenUrl: '/__test/hang' }, { timeoutMs: 200 }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it('should abort a hanging request on demand', async () => {
    const controller = new AbortController();
    const pending = fetchDashboardToken(
      { tokenUrl: '/__test/hang' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('should build embed URLs that the browser parses back to the same values', () => {
    const callId = 'a/b?c=d&e#f ü';
    const url = new URL(buildCallDetailsUrl({ token: 'x.y.z', callId }));
    expect(decodeURIComponent(url.pathname.split('/')[2]!)).toBe(callId);
    const insights = new URL(buildInsightsUrl({ token: 'x.y.z', agentId: 'a&b=c', theme: 'dark' }));
    expect(insights.searchParams.get('agent-id')).toBe('a&b=c');
  });

  it('should hear real focus, online and pageshow events, and stop after unsubscribe', () => {
    let wakes = 0;
    const unsubscribe = browserWakeEvents(() => wakes++);
    for (const type of ['focus', 'online', 'pageshow']) window.dispatchEvent(new Event(type));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes).toBe(4);
    unsubscribe();
    window.dispatchEvent(new Event('focus'));
    expect(wakes).toBe(4);
  });

  // Vite (like webpack) replaces `process.env.NODE_ENV` in a development build but defines no
  // `process`: the development-only diagnostics must still run there.
  it('should log and give advice in a development build whose page has no `process`', () => {
    expect(typeof (globalThis as { process?: unknown }).process).toBe('undefined');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const error = new FrameBlockedError(2_000);
      expect(error.message).toContain('Likely causes');
      devLog(error, 'https://z.test');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^\[zipteams\] frame_blocked: .*Check: /);
    } finally {
      warn.mockRestore();
    }
  });
});
