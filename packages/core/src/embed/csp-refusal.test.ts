import { beforeAll, describe, expect, it } from 'vitest';
import { refusingDirective } from '../errors/csp-violations.js';
import { FrameBlockedError } from '../errors/frame-errors.js';
import { BASE, SECOND, embedHarness, fakeViolations } from '../test-utils/embed-harness.js';

const HOUR = 3_600_000;

beforeAll(() => import('../tabs/tab-link.js'));

/** A session whose page policy the test controls: `violate` is the browser reporting a refusal. */
async function setup() {
  const violations = fakeViolations();
  // Far above the refusal: the error must come from the violation, not from a timer.
  const t = embedHarness(
    { readySignal: 'load', loadTimeout: HOUR },
    { violations: violations.source },
  );
  await t.flush();
  return { ...t, ...violations };
}

describe('a frame refused by the page’s own Content-Security-Policy', () => {
  it('should be frame_blocked at once, naming the directive and the origin, with no timer', async () => {
    const t = await setup();
    const start = t.time.now();
    // Chromium shows its error page in a refused frame and fires `load` there.
    t.session.frameLoaded(1);
    t.violate({ refusedBy: 'default-src' });
    const { status, error, active, pending } = t.snap();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(FrameBlockedError);
    expect((error as FrameBlockedError).refusedBy).toEqual({
      directive: 'default-src',
      origin: BASE,
    });
    expect(error?.message).toMatch(
      /Content-Security-Policy \(default-src\).*https:\/\/pages\.test/,
    );
    expect(active).toBeUndefined();
    expect(pending).toBeUndefined();
    expect(t.calls.errors).toEqual(['frame_blocked']);
    expect(t.time.now()).toBe(start);
  });

  it('should not retry in hidden frames (the policy holds until the page reloads), but try each new token and the user’s retry', async () => {
    const t = await setup();
    t.violate();
    t.violate(); // the same violation again, from the buffered report: no news
    expect(t.calls.errors).toHaveLength(1);
    t.time.advance(30 * SECOND);
    expect(t.snap().pending).toBeUndefined();
    t.time.advance(15 * SECOND); // a rotation: tried hidden, the error stays
    await t.flush();
    expect(t.snap().pending?.id).toBe(2);
    expect(t.snap().status).toBe('error');
    t.violate();
    expect(t.snap().pending).toBeUndefined();
    t.session.retry();
    expect(t.snap().status).toBe('loading');
    t.session.frameLoaded(3);
    expect(t.snap().status).toBe('ready'); // the policy was fixed (a reload)
  });

  it('should ignore violations for other origins, other directives and unrelated content', async () => {
    const t = await setup();
    t.violate({ origin: 'https://elsewhere.test' });
    t.violate({ directive: 'img-src', refusedBy: 'img-src' });
    t.violate({ directive: 'script-src-elem', refusedBy: 'script-src', origin: '' });
    expect(t.snap().status).toBe('loading');
    expect(t.calls.errors).toEqual([]);
  });

  it('should not call a probe refused by connect-src an outage', async () => {
    const violations = fakeViolations();
    const t = embedHarness({ loadTimeout: 5 * SECOND }, { violations: violations.source });
    t.probe.reachable = false;
    await t.flush();
    t.time.advance(5 * SECOND); // the load timeout: the host is probed
    await Promise.resolve();
    violations.violate({ directive: 'connect-src', refusedBy: 'connect-src' });
    await t.flush();
    t.time.advance(100);
    await t.flush();
    expect(t.probe.probes).toHaveLength(1);
    expect(t.snap().error?.code).toBe('frame_blocked');
  });

  it('should listen only while subscribed', async () => {
    const t = await setup();
    expect(t.listeners.size).toBe(1);
    t.off();
    expect(t.listeners.size).toBe(0);
  });
});

describe('refusingDirective', () => {
  it('should name the directive of the policy that applies to a frame or a request', () => {
    expect(refusingDirective('frame-src', "default-src 'self'; frame-src 'self'")).toBe(
      'frame-src',
    );
    expect(refusingDirective('frame-src', "default-src 'self'; child-src 'none'")).toBe(
      'child-src',
    );
    expect(refusingDirective('frame-src', "default-src 'self'; img-src *")).toBe('default-src');
    expect(refusingDirective('connect-src', "default-src 'self'")).toBe('default-src');
  });
});
