import { describe, expect, it, vi } from 'vitest';
import {
  createEmbedController,
  isReadyMessage,
  type EmbedControllerOptions,
} from './embed-controller.js';
import type { DashboardToken } from '../token/token.js';
import { fakeTime } from '../test-utils/fake-time.js';

const SECOND = 1_000;
const ORIGIN = 'https://z.test';

function setup(options: EmbedControllerOptions = {}) {
  const time = fakeTime();
  let reachable = true;
  const probes: string[] = [];
  const embed = createEmbedController({
    origin: ORIGIN,
    loadTimeout: 5 * SECOND,
    retry: { baseDelayMs: 1_000, maxDelayMs: 8_000, random: () => 1 },
    probe: async (origin) => {
      probes.push(origin);
      return reachable;
    },
    clock: time.clock,
    timers: time.timers,
    wakeEvents: time.wakeEvents,
    ...options,
  });
  const seen: string[] = [];
  const unsubscribe = embed.subscribe(() => seen.push(embed.getSnapshot().status));
  let n = 0;
  /** A new token, living `ttl` ms from now, in a new page URL. */
  const token = (ttl = 120 * SECOND) => {
    n++;
    const data = { token: `t${n}`, claims: {}, expiresAt: time.now() + ttl } as DashboardToken;
    embed.update({ src: `${ORIGIN}/view?token=t${n}`, token: data, tokenStatus: 'ready' });
  };
  const ready = (id: number) => {
    embed.frameLoaded(id);
    embed.frameAnnounced(id);
  };
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    time,
    embed,
    token,
    ready,
    flush,
    unsubscribe,
    probes,
    seen,
    setReachable: (value: boolean) => (reachable = value),
    snap: () => embed.getSnapshot(),
  };
}

describe('createEmbedController', () => {
  it('should rotate with no blank moment: the old page stays on screen until the new one is ready', () => {
    const t = setup();
    t.token();
    t.ready(1);
    expect(t.snap().status).toBe('ready');
    t.time.advance(90 * SECOND);
    t.token();
    expect(t.snap().active?.id).toBe(1);
    expect(t.snap().pending?.id).toBe(2);
    expect(t.snap().status).toBe('refreshing');
    t.ready(2);
    expect(t.snap().active?.id).toBe(2);
    expect(t.snap().pending).toBeUndefined();
    // Never back to loading (a blank view) once the first page was shown.
    expect(t.seen.slice(t.seen.indexOf('ready'))).not.toContain('loading');
    expect(t.seen.at(-1)).toBe('ready');
  });

  it('should defer the swap while focus is inside, and swap at the deadline minus 1 s at the latest', () => {
    const t = setup();
    t.token();
    t.ready(1);
    t.embed.focus(true);
    t.time.advance(90 * SECOND);
    t.token();
    t.ready(2);
    t.time.advance(28 * SECOND);
    expect(t.snap().active?.id).toBe(1);
    t.time.advance(1 * SECOND);
    expect(t.snap().active?.id).toBe(2);
  });

  it('should swap as soon as focus leaves the frame', () => {
    const t = setup();
    t.token();
    t.ready(1);
    t.embed.focus(true);
    t.time.advance(90 * SECOND);
    t.token();
    t.ready(2);
    expect(t.snap().active?.id).toBe(1);
    t.embed.focus(false);
    expect(t.snap().active?.id).toBe(2);
  });

  it('should take an expired token off screen on the wake event after sleep (a late timer)', () => {
    const t = setup();
    t.token(120 * SECOND);
    t.ready(1);
    t.time.sleep(200 * SECOND); // no timer ran
    expect(t.snap().active?.id).toBe(1);
    t.time.wake();
    expect(t.snap().active).toBeUndefined();
  });

  it('should time a page out and report frame_blocked when its host answers', async () => {
    const onError = vi.fn();
    const t = setup({ onError });
    t.token();
    t.time.advance(5 * SECOND - 1);
    expect(t.snap().status).toBe('loading');
    t.time.advance(1);
    await t.flush();
    expect(t.probes).toEqual([ORIGIN]);
    expect(t.snap().status).toBe('error');
    expect(t.snap().error?.code).toBe('frame_blocked');
    expect(t.snap().active).toBeUndefined();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('should report frame_unreachable when the host is down, and recover by itself when it is back', async () => {
    const t = setup();
    t.setReachable(false);
    t.token();
    t.time.advance(5 * SECOND);
    await t.flush();
    expect(t.snap().status).toBe('loading'); // a failed probe waits for a connect-src violation
    t.time.advance(100);
    await t.flush();
    expect(t.snap().error?.code).toBe('frame_unreachable');
    expect(t.snap().error?.message).toMatch(/could not reach.*z\.test/i);
    t.time.advance(1 * SECOND); // backoff 1 s: a hidden retry
    expect(t.snap().pending?.id).toBe(2);
    expect(t.snap().status).toBe('error');
    t.time.advance(5 * SECOND); // still down
    await t.flush();
    t.time.advance(100);
    await t.flush();
    expect(t.snap().pending).toBeUndefined();
    t.time.advance(2 * SECOND); // backoff 2 s
    expect(t.snap().pending?.id).toBe(3);
    t.setReachable(true);
    t.ready(3); // the host is back
    expect(t.snap().status).toBe('ready');
    expect(t.snap().active?.id).toBe(3);
    expect(t.snap().error).toBeUndefined();
  });

  it('should log each new error once in development, not each failed retry alike', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = setup();
    t.setReachable(false);
    t.token();
    t.time.advance(5 * SECOND);
    await t.flush();
    t.time.advance(100);
    await t.flush();
    t.time.advance(1 * SECOND + 5 * SECOND); // a hidden retry that fails the same way
    await t.flush();
    t.time.advance(100);
    await t.flush();
    expect(t.snap().state.failures).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/frame_unreachable.*URL: https:\/\/z\.test/);
    warn.mockRestore();
  });

  it('should reopen a failed page in view on retry', async () => {
    const t = setup();
    t.token();
    t.time.advance(5 * SECOND);
    await t.flush();
    t.embed.retry();
    expect(t.snap().status).toBe('loading');
    expect(t.snap().active?.id).toBe(2);
    t.ready(2);
    expect(t.snap().status).toBe('ready');
  });

  it('should start from a frame already in the page that loaded before anyone listened', () => {
    const time = fakeTime();
    const embed = createEmbedController({
      readySignal: 'load',
      clock: time.clock,
      timers: time.timers,
      wakeEvents: time.wakeEvents,
      initial: {
        src: `${ORIGIN}/view?token=t1`,
        token: { token: 't1', claims: {}, expiresAt: time.now() + 60_000 } as DashboardToken,
        tokenStatus: 'ready',
        loaded: true,
      },
    });
    expect(embed.getSnapshot().status).toBe('ready');
    expect(embed.getSnapshot().active?.id).toBe(1);
  });

  it('should call back through callbacks that return values or throw without breaking', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const statuses: string[] = [];
    const t = setup({
      onStatusChange: (status) => statuses.push(status), // returns a number
      onLoad: () => {
        throw new Error('partner bug');
      },
      onTokenRefresh: async () => {
        throw new Error('async partner bug');
      },
    });
    t.token();
    t.ready(1);
    expect(t.snap().status).toBe('ready');
    t.time.advance(90 * SECOND);
    t.token();
    t.ready(2);
    expect(statuses).toEqual(['loading', 'ready', 'refreshing', 'ready']);
    expect(errors.mock.calls.filter((c) => String(c[0]).includes('onLoad'))).toHaveLength(1);
    errors.mockRestore();
  });

  it('should leave no timer, probe or listener after dispose, and ignore events after it', async () => {
    const t = setup();
    t.token();
    expect(t.time.live()).toEqual({ timers: 1, wakeListeners: 1 });
    t.embed.dispose();
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
    t.time.advance(10 * SECOND);
    await t.flush();
    t.token();
    expect(t.probes).toEqual([]);
    expect(t.snap().active?.id).toBe(1);
  });

  it('should stop its timers when the last listener leaves and resume on resubscribe', () => {
    const t = setup();
    t.token();
    t.unsubscribe();
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
    t.time.sleep(130 * SECOND);
    t.embed.subscribe(() => {});
    expect(t.snap().active).toBeUndefined(); // the deadline passed while nobody listened
  });
});

describe('isReadyMessage', () => {
  it('should accept only the ready message from the pages origin', () => {
    expect(isReadyMessage({ origin: ORIGIN, data: { type: 'zipteams:ready' } }, ORIGIN)).toBe(true);
    expect(
      isReadyMessage({ origin: 'https://evil.test', data: { type: 'zipteams:ready' } }, ORIGIN),
    ).toBe(false);
    expect(isReadyMessage({ origin: ORIGIN, data: null }, ORIGIN)).toBe(false);
  });
});
