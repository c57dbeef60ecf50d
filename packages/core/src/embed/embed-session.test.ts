import { zipteamsJwt } from '@zipteams/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbedSession } from './embed-session.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import { HttpError, NetworkError } from '../errors/errors.js';
import { inspectPage } from '../inspection.js';
import { createFakeBrowser } from '../test-utils/fake-tabs.js';
import { fakeTime } from '../test-utils/fake-time.js';
import {
  BASE,
  SECOND,
  TTL_S,
  countingSource as source,
  embedHarness as setup,
  fakePage as page,
  fakeViolations,
  uniqueKey,
} from '../test-utils/embed-harness.js';

// The tab code loads lazily (`loadTabs`); loaded once here, the stores get it within microtasks.
beforeAll(() => import('../tabs/tab-link.js'));

describe('createEmbedSession', () => {
  it('should load the page with a fetched token and show it once loaded and announced', async () => {
    const t = setup();
    expect(t.snap().status).toBe('loading');
    await t.flush();
    expect(t.src.state.calls).toBe(1);
    const active = t.snap().active!;
    expect(active.src).toMatch(`${BASE}/view-insights?token=ey`);
    expect(t.snap().status).toBe('loading');
    t.ready(active.id);
    expect(t.snap().status).toBe('ready');
    expect(t.calls).toMatchObject({ status: ['loading', 'ready'], loads: 1, tokens: 1 });
  });

  it('should take the ready message only from its own frame and the pages origin', async () => {
    const t = setup();
    await t.flush();
    const { id } = t.snap().active!;
    t.session.frameLoaded(id);
    t.dom.window.dispatchEvent(
      Object.assign(new Event('message'), {
        data: { type: 'zipteams:ready' },
        origin: BASE,
        source: {},
      }),
    );
    t.dom.window.dispatchEvent(
      Object.assign(new Event('message'), {
        data: { type: 'zipteams:ready' },
        origin: 'https://evil.test',
        source: t.frames.get(id)!.contentWindow,
      }),
    );
    expect(t.snap().status).toBe('loading');
    t.ready(id);
    expect(t.snap().status).toBe('ready');
  });

  it('should rotate ahead of the deadline with one request per lifetime and no blank moment', async () => {
    const t = setup();
    await t.flush();
    t.ready(t.snap().active!.id);
    for (let lifetime = 0; lifetime < 3; lifetime++) {
      const before = t.snap().active!;
      t.time.advance(45 * SECOND);
      await t.flush();
      const { active, pending, status } = t.snap();
      expect(active).toBe(before); // still on screen while the successor loads hidden
      expect(status).toBe('refreshing');
      t.ready(pending!.id);
      expect(t.snap().active?.id).toBe(pending!.id);
      expect(t.snap().status).toBe('ready');
    }
    expect(t.src.state.calls).toBe(4);
    expect(t.calls.tokens).toBe(4);
  });

  it('should wait to swap while focus is in the frame, and swap when it leaves', async () => {
    const t = setup();
    await t.flush();
    const first = t.snap().active!;
    t.ready(first.id);
    t.root.activeElement = t.frames.get(first.id);
    t.dom.document.dispatchEvent(new Event('focusin'));
    t.time.advance(45 * SECOND);
    await t.flush();
    t.ready(t.snap().pending!.id);
    expect(t.snap().active?.id).toBe(first.id);
    t.root.activeElement = undefined;
    t.dom.window.dispatchEvent(new Event('focus'));
    expect(t.snap().active?.id).not.toBe(first.id);
  });

  it('should read focus again a task after the window blurs (the frame gets it just after)', async () => {
    const t = setup();
    await t.flush();
    const first = t.snap().active!;
    t.ready(first.id);
    t.dom.window.dispatchEvent(new Event('blur'));
    t.root.activeElement = t.frames.get(first.id);
    t.time.advance(0);
    t.time.advance(45 * SECOND);
    await t.flush();
    t.ready(t.snap().pending!.id);
    expect(t.snap().active?.id).toBe(first.id);
  });

  it('should take an expired token off screen while refreshes fail, and come back', async () => {
    const t = setup();
    await t.flush();
    t.ready(t.snap().active!.id);
    t.src.state.fail.push(...Array.from({ length: 100 }, () => new NetworkError()));
    t.time.advance(TTL_S * SECOND);
    await t.flush();
    expect(t.snap()).toMatchObject({ status: 'expired', active: undefined });
    expect(t.calls.errors).toContain('token_expired');
    t.src.state.fail.length = 0;
    t.time.advance(60 * SECOND); // the backoff ends
    await t.flush();
    t.ready(t.snap().active!.id);
    expect(t.snap().status).toBe('ready');
  });

  it('should take an expired token off screen on waking after sleep, and fetch at once', async () => {
    const t = setup();
    await t.flush();
    t.ready(t.snap().active!.id);
    t.time.sleep(2 * TTL_S * SECOND); // the lid was closed: no timer ran
    t.time.wake();
    await t.flush();
    expect(t.src.state.calls).toBe(2);
    const { active } = t.snap();
    expect(active?.ready).toBe(false);
    expect(active!.deadline).toBeGreaterThan(t.time.now());
  });

  it('should open a server-minted initial token at once with no request', async () => {
    const time = fakeTime();
    const body = { token: zipteamsJwt(time.now(), TTL_S), expiresIn: TTL_S };
    const t = setup({ initialToken: body });
    await t.flush();
    expect(t.src.state.calls).toBe(0);
    expect(t.tokenIn(t.snap().active)).toBe(body.token);
  });

  it('should count a hydrated frame as loaded and announced, and serve the server its snapshot', () => {
    const time = fakeTime();
    const body = { token: zipteamsJwt(time.now(), TTL_S), expiresIn: TTL_S };
    const t = setup({ initialToken: body }, { hydrating: true });
    expect(t.snap().status).toBe('ready');
    const server = t.session.getServerSnapshot();
    expect(server).toBe(t.session.getServerSnapshot());
    expect(server).toMatchObject({ status: 'ready' });
    expect(t.tokenIn(server.active)).toBe(body.token);
    // Hydration repeats the server's markup: the same frame, shown, with no request and one load.
    const client = t.snap();
    expect(client.active).toMatchObject({ id: server.active!.id, src: server.active!.src });
    expect(client.active?.ready).toBe(true);
    expect(client.pending).toBeUndefined();
    expect(t.src.state.calls).toBe(0);
    expect(t.calls).toMatchObject({ status: ['ready'], loads: 1, errors: [] });
  });

  it('should refuse at once to point the real platform at a localhost page, with no request', async () => {
    const t = setup({ baseUrl: DEFAULT_APP_URL }, { origin: 'http://localhost:3000' });
    await t.flush();
    expect(t.snap()).toMatchObject({ status: 'error', error: { code: 'frame_blocked' } });
    expect(t.src.state.calls).toBe(0);
    expect(t.calls.errors).toEqual(['frame_blocked']);
  });

  it('should report no token source as a typed error within a task, and recover when given one', async () => {
    const t = setup({ fetchToken: undefined, tokenKey: undefined, sourceName: 'token-url' });
    expect(t.snap().status).toBe('loading');
    t.time.advance(0);
    expect(t.snap()).toMatchObject({
      status: 'error',
      error: { code: 'invalid_argument', argument: 'token-url' },
    });
    const other = source();
    t.session.update({
      baseUrl: BASE,
      tokenKey: other.tokenKey,
      fetchToken: other.fetchToken(t.time.now),
      page: (token, baseUrl) => `${baseUrl}/view-insights?token=${token}`,
    });
    await t.flush();
    expect(other.state.calls).toBe(1);
    expect(t.snap().error).toBeUndefined();
  });

  it('should show a final token error with no retry storm, and fetch again on retry', async () => {
    let calls = 0;
    const t = setup({
      tokenKey: uniqueKey('final'),
      fetchToken: () =>
        calls++ === 0
          ? Promise.reject(new HttpError(404))
          : Promise.resolve(zipteamsJwt(Date.now(), TTL_S)),
    });
    await t.flush();
    t.time.advance(600 * SECOND);
    await t.flush();
    expect(t.snap()).toMatchObject({ status: 'error', error: { status: 404 }, active: undefined });
    expect(calls).toBe(1);
    t.session.retry();
    await t.flush();
    expect(calls).toBe(2);
    expect(t.snap().active).toBeDefined();
  });

  it('should keep working when callbacks throw, return values or reject', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const t = setup({
      onStatusChange: () => {
        throw new Error('partner bug');
      },
      onLoad: () => Promise.reject(new Error('async partner bug')),
      onTokenRefresh: () => 42,
    });
    await t.flush();
    t.ready(t.snap().active!.id);
    await t.flush();
    expect(t.snap().status).toBe('ready');
    errors.mockRestore();
  });

  it('should share rotations with another tab of the same tenant: one request for both', async () => {
    const browser = createFakeBrowser();
    const a = setup({}, { tabs: browser.tab() });
    await a.flush();
    // The second tab: the same source (key), its own first request.
    const time = a.time;
    const b = createEmbedSession(
      {
        baseUrl: BASE,
        tokenKey: a.src.tokenKey,
        fetchToken: a.src.fetchToken(time.now),
        page: (token, baseUrl) => `${baseUrl}/view-insights?token=${token}`,
      },
      {
        clock: time.clock,
        timers: time.timers,
        wakeEvents: time.wakeEvents,
        tabs: browser.tab(),
        dom: page().dom,
        // Another tab is another page: its own cache.
        tokenSlots: () => ({ get: () => undefined, set: () => {}, subscribe: () => () => {} }),
      },
    );
    b.subscribe(() => {});
    await a.flush();
    expect(a.src.state.calls).toBe(2); // each tab's first token is its own
    for (let i = 0; i < 60; i++) {
      time.advance(SECOND);
      await a.flush();
    }
    expect(a.src.state.calls).toBe(3); // one rotation for both
    b.dispose();
  });

  it('should list its embed and source in the page registry while it runs, and leave nothing behind', async () => {
    const t = setup();
    await t.flush();
    const kinds = () => inspectPage().map((item) => item.inspect().kind);
    const before = kinds();
    expect(before).toEqual(expect.arrayContaining(['embed', 'source']));
    t.off();
    await t.flush();
    expect(kinds().length).toBe(before.length - 2);
    expect(t.time.live()).toEqual({ timers: 0, wakeListeners: 0 });
    t.session.dispose();
  });
});

describe('a token request refused by the page’s own Content-Security-Policy', () => {
  // A URL of its own per test: stores are shared page-wide by source.
  let cases = 0;
  /** A page whose policy refuses `refused` origins: what a browser does with such a request. */
  function refusingPage(refused: (origin: string) => boolean) {
    const violations = fakeViolations();
    const page = { requests: 0 };
    vi.stubGlobal('fetch', (url: string) => {
      page.requests++;
      const origin = new URL(url).origin;
      if (refused(origin)) {
        violations.violate({ directive: 'connect-src', refusedBy: 'default-src', origin });
      }
      return Promise.reject(new TypeError('Failed to fetch'));
    });
    const t = setup(
      {
        fetchToken: undefined,
        tokenKey: undefined,
        tokenUrl: `https://tokens.partner.test/t?case=${cases++}`,
      },
      { violations: violations.source },
    );
    return { ...t, page, violations };
  }
  afterEach(() => void vi.unstubAllGlobals());

  it('should name the directive and the origin to add to connect-src, once, and not retry by itself', async () => {
    const t = refusingPage(() => true);
    await t.flush();
    const error = t.snap().error;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      code: 'network',
      retryable: false,
      refusedBy: { directive: 'default-src', origin: 'https://tokens.partner.test' },
    });
    expect(error?.message).toContain(
      "This page's Content-Security-Policy (default-src) blocks the token request to " +
        'https://tokens.partner.test: add it to connect-src.',
    );
    expect(t.snap().status).toBe('error');
    // The policy holds until the page reloads: no retries behind the user's back, one report.
    for (let i = 0; i < 6; i++) {
      t.time.advance(10 * SECOND);
      await t.flush();
    }
    expect(t.page.requests).toBe(1);
    expect(t.calls.errors).toEqual(['network']);
    t.session.retry(); // the user's retry asks again
    await t.flush();
    expect(t.page.requests).toBe(2);
    t.off();
    expect(t.violations.listeners.size).toBe(0);
  });

  it('should wait a moment for a violation that arrives just after the failure', async () => {
    const t = refusingPage(() => false);
    await t.flush();
    expect(t.snap().status).toBe('loading'); // failed, waiting up to 100 ms for its violation
    t.time.advance(50);
    t.violations.violate({
      directive: 'connect-src',
      refusedBy: 'connect-src',
      origin: 'https://tokens.partner.test',
    });
    await t.flush();
    expect(t.snap().error).toMatchObject({ code: 'network', retryable: false });
    expect(t.calls.errors).toEqual(['network']);
  });

  it('should call a failure with no violation of its own an unreachable endpoint, and retry it', async () => {
    const t = refusingPage((origin) => origin !== 'https://tokens.partner.test');
    await t.flush();
    t.time.advance(100); // no violation for the token origin within the wait
    await t.flush();
    expect(t.snap().error).toMatchObject({
      code: 'network',
      retryable: true,
      refusedBy: undefined,
    });
    expect(t.snap().error?.message).toBe('Could not reach the token endpoint.');
    t.time.advance(60 * SECOND);
    await t.flush();
    expect(t.page.requests).toBeGreaterThan(1);
  });
});
