import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isReadyMessage } from './frame-events.js';
import {
  BASE,
  SECOND,
  embedHarness as setup,
  fakeViolations,
} from '../test-utils/embed-harness.js';
import { inspectPage } from '../inspection.js';

// The frames of a session: the swap and its focus guard, the load timeout, the reachability
// probe, hidden retries, and what is left after the last listener or `dispose`.

beforeAll(() => import('../tabs/tab-link.js'));

/** A session whose pages count as failed after 5 s (the default is 20 s). */
const quick = (options: Parameters<typeof setup>[0] = {}) =>
  setup({ loadTimeout: 5 * SECOND, ...options });

describe('the frames of an embed session', () => {
  it('should never go back to a blank view once a page was shown, through rotations', async () => {
    const t = setup();
    await t.flush();
    t.ready(t.snap().active!.id);
    for (let lifetime = 0; lifetime < 2; lifetime++) {
      t.time.advance(45 * SECOND);
      await t.flush();
      t.ready(t.snap().pending!.id);
    }
    expect(t.calls.status).toEqual([
      'loading',
      'ready',
      'refreshing',
      'ready',
      'refreshing',
      'ready',
    ]);
  });

  it('should wait to swap while focus is inside, and swap 1 s before the deadline at the latest', async () => {
    const t = setup();
    await t.flush();
    const first = t.snap().active!;
    t.ready(first.id);
    t.focus(first.id);
    t.time.advance(45 * SECOND);
    await t.flush();
    t.ready(t.snap().pending!.id);
    t.time.advance(first.deadline - SECOND - t.time.now() - 1);
    expect(t.snap().active?.id).toBe(first.id);
    t.time.advance(1);
    expect(t.snap().active?.id).not.toBe(first.id);
    expect(t.snap().active?.ready).toBe(true);
  });

  it('should time a page out and report frame_blocked when its host answers', async () => {
    const t = quick();
    await t.flush();
    t.time.advance(5 * SECOND - 1);
    expect(t.snap().status).toBe('loading');
    t.time.advance(1);
    await t.flush();
    expect(t.probe.probes).toEqual([BASE]);
    expect(t.snap()).toMatchObject({ status: 'error', error: { code: 'frame_blocked' } });
    expect(t.snap().active).toBeUndefined();
    expect(t.calls.errors).toEqual(['frame_blocked']);
  });

  it('should report frame_unreachable when the host is down, and recover by itself when it is back', async () => {
    const t = quick();
    t.probe.reachable = false;
    await t.flush();
    t.time.advance(5 * SECOND);
    await t.flush();
    expect(t.snap().status).toBe('loading'); // a failed probe waits for a connect-src violation
    t.time.advance(100);
    await t.flush();
    expect(t.snap().error?.code).toBe('frame_unreachable');
    expect(t.snap().error?.message).toMatch(/could not reach.*pages\.test/i);
    t.time.advance(500); // the first backoff (retry.random 0: half of 1 s): a hidden retry
    expect(t.snap().pending?.id).toBe(2);
    expect(t.snap().status).toBe('error');
    t.time.advance(5 * SECOND); // still down
    await t.flush();
    t.time.advance(100);
    await t.flush();
    expect(t.snap().pending).toBeUndefined();
    t.time.advance(SECOND); // the second backoff
    expect(t.snap().pending?.id).toBe(3);
    t.probe.reachable = true;
    t.render();
    t.ready(3); // the host is back
    expect(t.snap()).toMatchObject({ status: 'ready', error: undefined, active: { id: 3 } });
  });

  it('should log each new error once in development, not each failed retry alike', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const t = quick();
      t.probe.reachable = false;
      await t.flush();
      t.time.advance(5 * SECOND);
      await t.flush();
      t.time.advance(100);
      await t.flush();
      t.time.advance(500 + 5 * SECOND); // a hidden retry that fails the same way
      await t.flush();
      t.time.advance(100);
      await t.flush();
      expect(t.snap().state.failures).toBe(2);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /frame_unreachable.*URL: https:\/\/pages\.test/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('should reopen a failed page in view on retry', async () => {
    const t = quick();
    await t.flush();
    t.time.advance(5 * SECOND);
    await t.flush();
    expect(t.snap().status).toBe('error');
    t.session.retry();
    expect(t.snap()).toMatchObject({ status: 'loading', active: { id: 2 } });
    t.render();
    t.ready(2);
    expect(t.snap().status).toBe('ready');
  });

  it('should start over with new rules, counting frame ids on', async () => {
    const t = setup();
    await t.flush();
    t.ready(1);
    expect(t.snap().status).toBe('ready');
    t.session.update({
      ...t.options(),
      baseUrl: 'https://other.test',
    });
    expect(t.snap()).toMatchObject({ status: 'loading', active: { id: 2 } });
    expect(t.snap().active?.src).toMatch(/^https:\/\/other\.test\//);
  });

  it('should forget a probe refused on the old origin once the base URL changes', async () => {
    const violations = fakeViolations();
    const t = setup({ loadTimeout: 5 * SECOND }, { violations: violations.source });
    t.probe.reachable = false;
    await t.flush();
    violations.violate({ directive: 'connect-src', refusedBy: 'connect-src' }); // for BASE
    t.session.update({ ...t.options(), baseUrl: 'https://other.test' });
    await t.flush();
    t.time.advance(5 * SECOND);
    await t.flush();
    t.time.advance(100);
    await t.flush();
    expect(t.probe.probes).toEqual(['https://other.test']);
    expect(t.snap().error?.code).toBe('frame_unreachable'); // down, not "refused by this page"
  });

  it('should space hidden reopenings by the latest retry option', async () => {
    const t = quick();
    await t.flush();
    t.session.update({ ...t.options(), retry: { baseDelayMs: 10 * SECOND, random: () => 0 } });
    t.time.advance(5 * SECOND);
    await t.flush();
    expect(t.snap().error?.code).toBe('frame_blocked');
    t.time.advance(5 * SECOND - 1); // half of 10 s
    expect(t.snap().pending).toBeUndefined();
    t.time.advance(1);
    expect(t.snap().pending).toBeDefined();
  });

  it('should leave no timer behind when disposed while a failed probe waits for a violation', async () => {
    const t = quick();
    t.probe.reachable = false;
    await t.flush();
    t.time.advance(5 * SECOND);
    await t.flush(); // the probe failed: 100 ms wait for a connect-src violation
    t.session.dispose();
    await t.flush();
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
  });

  it('should stay out of the page registry when subscribed after dispose', async () => {
    const t = setup();
    await t.flush();
    t.session.dispose();
    await t.flush();
    const before = inspectPage().length;
    t.session.subscribe(() => {});
    await t.flush();
    expect(inspectPage()).toHaveLength(before);
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
  });

  it('should leave no timer, probe or listener after dispose, and ignore events after it', async () => {
    const t = quick();
    await t.flush();
    t.session.dispose();
    await t.flush();
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
    t.time.advance(10 * SECOND);
    await t.flush();
    t.session.frameLoaded(1);
    expect(t.probe.probes).toEqual([]);
    expect(t.snap().status).toBe('loading');
  });

  it('should stop its timers when the last listener leaves, and catch up on resubscribe', async () => {
    const t = setup();
    await t.flush();
    t.ready(1);
    t.off();
    await t.flush();
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
    t.time.sleep(130 * SECOND);
    t.session.subscribe(() => {});
    expect(t.snap().active?.id).not.toBe(1); // the deadline passed while nobody listened
  });
});

describe('isReadyMessage', () => {
  it('should accept only the ready message from the pages origin', () => {
    expect(isReadyMessage({ origin: BASE, data: { type: 'zipteams:ready' } }, BASE)).toBe(true);
    expect(
      isReadyMessage({ origin: 'https://evil.test', data: { type: 'zipteams:ready' } }, BASE),
    ).toBe(false);
    expect(isReadyMessage({ origin: BASE, data: null }, BASE)).toBe(false);
  });
});
