import { describe, expect, it } from 'vitest';
import { createEmbedController } from './embed-controller.js';
import { refusingDirective, type CspViolation } from './csp-violations.js';
import { FrameBlockedError } from '../errors/frame-errors.js';
import type { DashboardToken } from '../token/token.js';
import { fakeTime } from '../test-utils/fake-time.js';

const ORIGIN = 'https://z.test';
const HOUR = 3_600_000;

/** An embed whose page policy the test controls: `violate` is the browser reporting a refusal. */
function setup(reachable = true) {
  const time = fakeTime();
  const listeners = new Set<(violation: CspViolation) => void>();
  const errors: unknown[] = [];
  let probes = 0;
  const embed = createEmbedController({
    origin: ORIGIN,
    readySignal: 'load',
    // Far above the refusal: the error must come from the violation, not from a timer.
    loadTimeout: HOUR,
    probe: async () => {
      probes++;
      return reachable;
    },
    violations: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onError: (error) => errors.push(error),
    clock: time.clock,
    timers: time.timers,
    wakeEvents: time.wakeEvents,
  });
  const stop = embed.subscribe(() => {});
  let n = 0;
  const token = () => {
    n++;
    const data = { token: `t${n}`, claims: {}, expiresAt: time.now() + 2 * HOUR } as DashboardToken;
    embed.update({ src: `${ORIGIN}/view?token=t${n}`, token: data, tokenStatus: 'ready' });
  };
  const violate = (violation: Partial<CspViolation> = {}) => {
    for (const listener of [...listeners]) {
      listener({ directive: 'frame-src', refusedBy: 'frame-src', origin: ORIGIN, ...violation });
    }
  };
  return { time, embed, token, violate, errors, listeners, stop, probes: () => probes };
}

describe('a frame refused by the page’s own Content-Security-Policy', () => {
  it('should be frame_blocked at once, naming the directive and the origin, with no timer', () => {
    const t = setup();
    const start = t.time.now();
    t.token();
    // Chromium shows its error page in a refused frame and fires `load` there.
    t.embed.frameLoaded(1);
    t.violate({ refusedBy: 'default-src' });
    const { status, error, active, pending } = t.embed.getSnapshot();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(FrameBlockedError);
    expect((error as FrameBlockedError).refusedBy).toEqual({
      directive: 'default-src',
      origin: ORIGIN,
    });
    expect(error?.message).toMatch(/Content-Security-Policy \(default-src\).*https:\/\/z\.test/);
    expect(active).toBeUndefined();
    expect(pending).toBeUndefined();
    expect(t.errors).toHaveLength(1);
    expect(t.time.now()).toBe(start);
  });

  it('should not retry in hidden frames (the policy holds until the page reloads), but try each new token and the user’s retry', () => {
    const t = setup();
    t.token();
    t.violate();
    t.violate(); // the same violation again, from the buffered report: no news
    expect(t.errors).toHaveLength(1);
    t.time.advance(10 * 60_000);
    expect(t.embed.getSnapshot().pending).toBeUndefined();
    t.token(); // a rotation: tried hidden, the error stays
    expect(t.embed.getSnapshot().pending?.id).toBe(2);
    expect(t.embed.getSnapshot().status).toBe('error');
    t.violate();
    expect(t.embed.getSnapshot().pending).toBeUndefined();
    t.embed.retry();
    expect(t.embed.getSnapshot().status).toBe('loading');
    t.embed.frameLoaded(3);
    expect(t.embed.getSnapshot().status).toBe('ready'); // the policy was fixed (a reload)
  });

  it('should ignore violations for other origins, other directives and unrelated content', () => {
    const t = setup();
    t.token();
    t.violate({ origin: 'https://elsewhere.test' });
    t.violate({ directive: 'img-src', refusedBy: 'img-src' });
    t.violate({ directive: 'script-src-elem', refusedBy: 'script-src', origin: '' });
    expect(t.embed.getSnapshot().status).toBe('loading');
    expect(t.errors).toEqual([]);
  });

  it('should not call a probe refused by connect-src an outage', async () => {
    const t = setup(false);
    t.token();
    t.time.advance(HOUR); // the load timeout: the host is probed
    await Promise.resolve();
    t.violate({ directive: 'connect-src', refusedBy: 'connect-src' });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    t.time.advance(100);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(t.probes()).toBe(1);
    expect(t.embed.getSnapshot().error?.code).toBe('frame_blocked');
  });

  it('should listen only while subscribed', () => {
    const t = setup();
    expect(t.listeners.size).toBe(1);
    t.stop();
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
