// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { HttpError, NetworkError, RateLimitedError } from '@zipteams/embed-core';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZipteamsCallDetails } from './zipteams-call-details.js';
import { ZipteamsDashboard } from './zipteams-dashboard.js';
import { Wrapper, scriptedSource, testClient, tokenNumber } from '../test-utils/harness.js';

const SECOND = 1_000;

/** Advances fake time, then lets TanStack Query's batched notifications (a 0 ms timer) through. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
    for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(0);
  });
}

const frames = (container: HTMLElement) => [...container.querySelectorAll('iframe')];
const activeFrame = (container: HTMLElement) =>
  container.querySelector<HTMLIFrameElement>('iframe[data-zipteams-frame="active"]');
const pendingFrame = (container: HTMLElement) =>
  container.querySelector<HTMLIFrameElement>('iframe[data-zipteams-frame="pending"]');
const root = (container: HTMLElement) => container.firstElementChild as HTMLElement;

/** The message a mock page posts to its parent once it has rendered. */
function postReady(source: MessageEventSource | null, origin = 'https://mock.zipteams.test') {
  window.dispatchEvent(
    new MessageEvent('message', { data: { type: 'zipteams:ready' }, origin, source }),
  );
}

async function loadFrame(frame: HTMLIFrameElement | null) {
  expect(frame).not.toBeNull();
  await act(async () => {
    fireEvent.load(frame!);
  });
}

/** Every prop but the token source, which each test's scripted source supplies. */
type EmbedTestProps = Partial<
  Omit<
    Parameters<typeof ZipteamsDashboard>[0],
    'fetchToken' | 'tokenKey' | 'tokenUrl' | 'tokenRequestInit'
  >
>;

/** The reachability check after a load timeout: the host answers unless a test says otherwise. */
const probe = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null));

describe('ZipteamsDashboard', () => {
  beforeEach(() => {
    vi.stubGlobal('fetch', probe);
    vi.useFakeTimers({
      now: Date.UTC(2026, 10, 28, 9),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    probe.mockReset(); // also drops a mockRejectedValueOnce a test did not consume
  });

  function renderDashboard(
    source = scriptedSource(),
    props: EmbedTestProps = {},
    client = testClient(),
  ) {
    const utils = render(
      <Wrapper client={client}>
        <ZipteamsDashboard
          fetchToken={source.fetchToken}
          tokenKey={source.tokenKey}
          readySignal="load"
          {...props}
        />
      </Wrapper>,
    );
    return { ...utils, source, client };
  }

  describe('given a working token source', () => {
    it('should load the Insights Dashboard URL with theme and agent, then show it', async () => {
      const { container } = renderDashboard(scriptedSource(), {
        theme: 'dark',
        agentId: 'agent/7',
      });
      expect(root(container).dataset.state).toBe('loading');
      await advance(0);
      const frame = activeFrame(container)!;
      const url = new URL(frame.src);
      expect(url.origin + url.pathname).toBe('https://mock.zipteams.test/view-insights');
      expect(url.searchParams.get('theme')).toBe('dark');
      expect(url.searchParams.get('agent-id')).toBe('agent/7');
      expect(frame.title).toBe('Zipteams Insights Dashboard');
      expect(frame.getAttribute('allow')).toBe('autoplay; encrypted-media');
      expect(getComputedStyle(frame).visibility).toBe('hidden');
      await loadFrame(frame);
      expect(root(container).dataset.state).toBe('ready');
      expect(getComputedStyle(frame).visibility).toBe('visible');
      expect(root(container).style.height).toBe('800px');
    });

    it('should show the loading UI only after a short delay', async () => {
      const { container } = renderDashboard();
      await advance(100);
      expect(screen.queryByRole('status')).toBeNull();
      await advance(150);
      expect(screen.getByRole('status').textContent).toContain('Loading');
      await loadFrame(activeFrame(container));
      expect(screen.queryByRole('status')).toBeNull();
    });

    it('should rotate the token ahead of its deadline without ever blanking the view', async () => {
      const { container, source } = renderDashboard(scriptedSource(120));
      await advance(0);
      const first = activeFrame(container)!;
      await loadFrame(first);
      await advance(89 * SECOND);
      expect(source.calls()).toBe(1);
      await advance(1 * SECOND); // 120 s token, 30 s margin: refresh at 90 s
      expect(source.calls()).toBe(2);
      const next = pendingFrame(container)!;
      expect(tokenNumber(next.src)).toBe(2);
      // While the successor loads, the old frame stays on screen, the new one hidden.
      expect(getComputedStyle(first).visibility).toBe('visible');
      expect(getComputedStyle(next).visibility).toBe('hidden');
      expect(next.getAttribute('aria-hidden')).toBe('true');
      expect(root(container).dataset.state).toBe('refreshing');
      await loadFrame(next);
      expect(frames(container)).toEqual([next]);
      expect(getComputedStyle(next).visibility).toBe('visible');
      expect(activeFrame(container)).toBe(next);
      expect(root(container).dataset.state).toBe('ready');
    });

    it('should make one request per lifetime over three lifetimes', async () => {
      const { container, source } = renderDashboard(scriptedSource(120));
      await advance(0);
      await loadFrame(activeFrame(container));
      for (let i = 0; i < 3; i++) {
        await advance(90 * SECOND);
        await loadFrame(pendingFrame(container));
      }
      expect(source.calls()).toBe(4);
      expect(tokenNumber(activeFrame(container)!.src)).toBe(4);
    });

    it('should wait to swap while the user works in the frame, then swap when focus leaves', async () => {
      const { container } = renderDashboard(scriptedSource(120));
      await advance(0);
      const first = activeFrame(container)!;
      await loadFrame(first);
      first.focus();
      expect(document.activeElement).toBe(first);
      await advance(90 * SECOND);
      await loadFrame(pendingFrame(container));
      expect(activeFrame(container)).toBe(first);
      const outside = document.createElement('button');
      document.body.append(outside);
      await act(async () => outside.focus());
      expect(activeFrame(container)).not.toBe(first);
      outside.remove();
    });

    it('should swap before the old token expires even if focus never leaves', async () => {
      const { container } = renderDashboard(scriptedSource(120));
      await advance(0);
      const first = activeFrame(container)!;
      await loadFrame(first);
      first.focus();
      await advance(90 * SECOND);
      await loadFrame(pendingFrame(container));
      await advance(28 * SECOND);
      expect(activeFrame(container)).toBe(first);
      await advance(1 * SECOND); // deadline (120 s) minus the 1 s guard
      expect(activeFrame(container)).not.toBe(first);
      expect(frames(container)).toHaveLength(1);
    });

    it('should reopen the current token in view when its hidden try failed and the old one expires', async () => {
      const { container } = renderDashboard(scriptedSource(120), { loadTimeout: 5_000 });
      await advance(0);
      await loadFrame(activeFrame(container));
      await advance(90 * SECOND); // token 2 arrives and loads hidden…
      expect(pendingFrame(container)).not.toBeNull();
      await advance(5 * SECOND); // …but never loads: the hidden try is dropped
      expect(pendingFrame(container)).toBeNull();
      await advance(25 * SECOND); // token 1's deadline
      const reopened = activeFrame(container)!;
      expect(tokenNumber(reopened.src)).toBe(2);
      expect(root(container).dataset.state).toBe('loading');
      await loadFrame(reopened);
      expect(root(container).dataset.state).toBe('ready');
    });

    it('should take an expired token off screen on wake after sleep, even with focus in the frame', async () => {
      const { container } = renderDashboard(scriptedSource(120));
      await advance(0);
      const first = activeFrame(container)!;
      await loadFrame(first);
      first.focus();
      await advance(90 * SECOND);
      await loadFrame(pendingFrame(container));
      expect(activeFrame(container)).toBe(first); // waiting for focus to leave
      vi.setSystemTime(Date.now() + 40 * SECOND); // slept past token 1's deadline; no timer ran
      await act(async () => {
        window.dispatchEvent(new Event('focus'));
      });
      expect(activeFrame(container)).not.toBe(first);
      expect(frames(container)).toHaveLength(1);
    });

    it('should never reload the frame on a parent re-render with new style and callbacks', async () => {
      const source = scriptedSource();
      const client = testClient();
      const { container, rerender } = render(
        <Wrapper client={client}>
          <ZipteamsDashboard
            fetchToken={source.fetchToken}
            tokenKey={source.tokenKey}
            readySignal="load"
            style={{ border: 0 }}
            onLoad={() => {}}
          />
        </Wrapper>,
      );
      await advance(0);
      const frame = activeFrame(container)!;
      const src = frame.src;
      await loadFrame(frame);
      for (let i = 0; i < 100; i++) {
        rerender(
          <Wrapper client={client}>
            <ZipteamsDashboard
              fetchToken={source.fetchToken}
              tokenKey={source.tokenKey}
              readySignal="load"
              style={{ border: i }}
              onLoad={() => {}}
            />
          </Wrapper>,
        );
      }
      expect(activeFrame(container)).toBe(frame);
      expect(frame.src).toBe(src);
      expect(frames(container)).toHaveLength(1);
      expect(source.calls()).toBe(1);
    });

    it('should load a theme change in a hidden frame and swap it in on load', async () => {
      const source = scriptedSource();
      const client = testClient();
      const view = (theme: 'light' | 'dark') => (
        <Wrapper client={client}>
          <ZipteamsDashboard
            fetchToken={source.fetchToken}
            tokenKey={source.tokenKey}
            readySignal="load"
            theme={theme}
          />
        </Wrapper>
      );
      const { container, rerender } = render(view('light'));
      await advance(0);
      const first = activeFrame(container)!;
      await loadFrame(first);
      rerender(view('dark'));
      const next = pendingFrame(container)!;
      expect(new URL(next.src).searchParams.get('theme')).toBe('dark');
      expect(getComputedStyle(first).visibility).toBe('visible');
      await loadFrame(next);
      expect(frames(container)).toEqual([next]);
      expect(source.calls()).toBe(1);
    });

    it('should share one request among ten dashboards under StrictMode', async () => {
      const source = scriptedSource();
      const client = testClient();
      const { container } = render(
        <StrictMode>
          <Wrapper client={client}>
            {Array.from({ length: 10 }, (_, i) => (
              <ZipteamsDashboard
                key={i}
                fetchToken={source.fetchToken}
                tokenKey={source.tokenKey}
                readySignal="load"
              />
            ))}
          </Wrapper>
        </StrictMode>,
      );
      await advance(0);
      expect(frames(container)).toHaveLength(10);
      expect(source.calls()).toBe(1);
    });

    it('should report status changes, loads and new tokens', async () => {
      const onStatusChange = vi.fn();
      const onLoad = vi.fn();
      const onTokenRefresh = vi.fn();
      const { container } = renderDashboard(scriptedSource(120), {
        onStatusChange,
        onLoad,
        onTokenRefresh,
      });
      await advance(0);
      await loadFrame(activeFrame(container));
      await advance(90 * SECOND);
      await loadFrame(pendingFrame(container));
      expect(onStatusChange.mock.calls.map((c) => c[0])).toEqual([
        'loading',
        'ready',
        'refreshing',
        'ready',
      ]);
      expect(onLoad).toHaveBeenCalledTimes(2);
      expect(onTokenRefresh).toHaveBeenCalledTimes(2);
      expect(onTokenRefresh.mock.calls[1]![0]).toMatchObject({ lifetimeMs: 120_000 });
    });
  });

  describe('given a token source that fails', () => {
    it('should show a final error (403) with Retry and not hammer the endpoint', async () => {
      const source = scriptedSource();
      source.failNext(new HttpError(403));
      const { container } = renderDashboard(source);
      await advance(0);
      expect(root(container).dataset.state).toBe('error');
      expect(screen.getByRole('alert').textContent).toMatch(/do not have access/);
      await advance(10 * 60 * SECOND);
      expect(source.calls()).toBe(1);
      expect(frames(container)).toHaveLength(0);
      await act(async () => screen.getByRole('button', { name: 'Retry' }).click());
      await advance(0);
      expect(source.calls()).toBe(2);
      await loadFrame(activeFrame(container));
      expect(root(container).dataset.state).toBe('ready');
    });

    it('should retry network failures with backoff and recover without a reload', async () => {
      const source = scriptedSource();
      source.failNext(new NetworkError(), new NetworkError());
      const { container } = renderDashboard(source, { retry: { random: () => 0 } });
      await advance(0);
      expect(root(container).dataset.state).toBe('error');
      expect(screen.getByRole('alert').textContent).toMatch(/could not reach the server/);
      await advance(499);
      expect(source.calls()).toBe(1);
      await advance(1);
      expect(source.calls()).toBe(2);
      await advance(1_000);
      expect(source.calls()).toBe(3);
      await loadFrame(activeFrame(container));
      expect(root(container).dataset.state).toBe('ready');
    });

    it('should honour Retry-After on 429', async () => {
      const source = scriptedSource();
      source.failNext(new RateLimitedError(5_000));
      renderDashboard(source);
      await advance(4_999);
      expect(source.calls()).toBe(1);
      await advance(1);
      expect(source.calls()).toBe(2);
    });

    it('should take an expired token off screen, keep retrying, and come back', async () => {
      const source = scriptedSource(120);
      const { container } = renderDashboard(source, {
        retry: { random: () => 0, maxDelayMs: 4_000 },
      });
      await advance(0);
      await loadFrame(activeFrame(container));
      source.failNext(...Array.from({ length: 40 }, () => new NetworkError()));
      await advance(120 * SECOND);
      expect(frames(container)).toHaveLength(0);
      expect(root(container).dataset.state).toBe('expired');
      expect(screen.getByRole('alert').textContent).toMatch(/session expired/);
      const callsWhileExpired = source.calls();
      await advance(8 * SECOND);
      expect(source.calls()).toBeGreaterThan(callsWhileExpired);
      source.clearFailures();
      await advance(4 * SECOND);
      await loadFrame(activeFrame(container));
      expect(root(container).dataset.state).toBe('ready');
    });
  });

  describe('given a page that never signals it loaded', () => {
    it('should name an unreachable host frame_unreachable and recover by itself once it is back', async () => {
      probe.mockRejectedValueOnce(new TypeError('Failed to fetch'));
      const onError = vi.fn();
      const { container } = renderDashboard(scriptedSource(), {
        readySignal: 'message',
        loadTimeout: 5_000,
        onError,
      });
      await advance(0); // the frame mounts (React 18's act runs its effects only at the end)
      await advance(5_000);
      expect(probe).toHaveBeenCalledWith(
        'https://mock.zipteams.test',
        expect.objectContaining({ mode: 'no-cors' }),
      );
      await advance(100); // a failed probe waits for a connect-src violation before saying so
      expect(root(container).dataset.state).toBe('error');
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'frame_unreachable' }));
      expect(screen.getByRole('alert').textContent).toMatch(/cannot be reached.*keep trying/s);
      await advance(2_000); // the backoff: a hidden retry, the error still on screen
      const hidden = pendingFrame(container)!;
      expect(getComputedStyle(hidden).visibility).toBe('hidden');
      expect(screen.getByRole('alert')).toBeTruthy();
      await loadFrame(hidden);
      await act(async () => {
        postReady(hidden.contentWindow);
      });
      expect(root(container).dataset.state).toBe('ready');
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('should turn into a blocked-frame error after the load timeout, and retry on demand', async () => {
      const onError = vi.fn();
      const { container } = renderDashboard(scriptedSource(), {
        readySignal: 'message',
        loadTimeout: 5_000,
        onError,
      });
      await advance(0); // the frame mounts (React 18's act runs its effects only at the end)
      await advance(4_999);
      expect(root(container).dataset.state).toBe('loading');
      await advance(1);
      expect(root(container).dataset.state).toBe('error');
      expect(screen.getByRole('alert').textContent).toMatch(
        /did not load within 5 s.*whitelisted/s,
      );
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'frame_blocked' }));
      expect(frames(container)).toHaveLength(0);
      await act(async () => screen.getByRole('button', { name: 'Retry' }).click());
      expect(frames(container)).toHaveLength(1);
      expect(root(container).dataset.state).toBe('loading');
    });

    it('should keep the blocked error on screen across token refreshes, trying each new token hidden', async () => {
      const { container } = renderDashboard(scriptedSource(120), {
        readySignal: 'message',
        loadTimeout: 5_000,
      });
      await advance(0); // the frame mounts (React 18's act runs its effects only at the end)
      await advance(5_000);
      expect(root(container).dataset.state).toBe('error');
      await advance(85 * SECOND); // the 90 s refresh brings a new token
      const hidden = pendingFrame(container)!;
      expect(getComputedStyle(hidden).visibility).toBe('hidden');
      expect(root(container).dataset.state).toBe('error');
      expect(screen.getByRole('alert')).toBeTruthy();
      await advance(5_000); // the hidden try times out too: the error never left the screen
      expect(frames(container)).toHaveLength(0);
      expect(screen.getByRole('alert')).toBeTruthy();
      await advance(87 * SECOND); // the 180 s refresh: another hidden try
      const next = pendingFrame(container)!;
      await loadFrame(next);
      expect(root(container).dataset.state).toBe('error');
      await act(async () => {
        postReady(next.contentWindow);
      });
      expect(root(container).dataset.state).toBe('ready');
      expect(activeFrame(container)).toBe(next);
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('should accept the ready message only from its own frame and origin', async () => {
      const { container } = renderDashboard(scriptedSource(), { readySignal: 'message' });
      await advance(0);
      const frame = activeFrame(container)!;
      await loadFrame(frame); // a refused frame fires load too: not enough on its own
      expect(root(container).dataset.state).toBe('loading');
      await act(async () => {
        postReady(frame.contentWindow, 'https://evil.test');
        postReady(window);
      });
      expect(root(container).dataset.state).toBe('loading');
      await act(async () => {
        postReady(frame.contentWindow);
      });
      expect(root(container).dataset.state).toBe('ready');
    });
  });

  it('should refuse at once to point the real platform at a localhost page, suggesting the mock', async () => {
    const source = scriptedSource();
    const { container } = render(
      <Wrapper client={testClient()} baseUrl={undefined}>
        <ZipteamsDashboard
          fetchToken={source.fetchToken}
          tokenKey={source.tokenKey}
          baseUrl="https://app.zipteams.com"
        />
      </Wrapper>,
    );
    await advance(0);
    expect(root(container).dataset.state).toBe('error');
    expect(screen.getByRole('alert').textContent).toMatch(
      /refuse to render on localhost.*zipteams-mock/s,
    );
    expect(frames(container)).toHaveLength(0);
    expect(source.calls()).toBe(0); // a refusal known in advance costs no token
  });

  it('should keep working with callbacks that return values, are async or throw', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log: string[] = [];
    const { container } = renderDashboard(scriptedSource(120), {
      onStatusChange: (status) => log.push(status), // returns a number
      onTokenRefresh: async () => {
        await Promise.resolve();
        throw new Error('async partner bug');
      },
      onLoad: () => {
        throw new Error('partner bug');
      },
    });
    await advance(0);
    await loadFrame(activeFrame(container));
    await advance(90 * SECOND);
    await loadFrame(pendingFrame(container));
    expect(root(container).dataset.state).toBe('ready');
    expect(log).toEqual(['loading', 'ready', 'refreshing', 'ready']);
    expect(errors.mock.calls.filter(([m]) => String(m).includes('onLoad threw'))).toHaveLength(1);
    errors.mockRestore();
  });

  it('should refuse a fetchToken without tokenKey with an invalid_argument error and no request', async () => {
    const source = scriptedSource();
    const onError = vi.fn();
    const { container } = render(
      <Wrapper client={testClient()}>
        {/* @ts-expect-error -- a fetchToken source must name itself */}
        <ZipteamsDashboard fetchToken={source.fetchToken} onError={onError} />
      </Wrapper>,
    );
    await advance(0);
    expect(root(container).dataset.state).toBe('error');
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'invalid_argument', argument: 'tokenKey' }),
    );
    expect(source.calls()).toBe(0);
  });

  it('should replace the loading and error UI with custom fallbacks', async () => {
    const source = scriptedSource();
    source.failNext(new HttpError(401));
    const { container } = renderDashboard(source, {
      loadingFallback: <p>Custom loading</p>,
      errorFallback: ({ error, retry }) => (
        <button type="button" onClick={retry}>
          Custom {error.name}
        </button>
      ),
    });
    await advance(0);
    expect(container.textContent).toContain('Custom HttpError');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('should stop everything on unmount: no request, timer callback or state update after it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const source = scriptedSource(120);
    const { container, unmount } = renderDashboard(source);
    await advance(0);
    await loadFrame(activeFrame(container));
    unmount();
    await advance(3 * 24 * 3600 * SECOND);
    expect(source.calls()).toBe(1);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('should forward its ref to the visible iframe', async () => {
    const ref = { current: null as HTMLIFrameElement | null };
    const { container } = renderDashboard(scriptedSource(), { ref });
    await advance(0);
    await loadFrame(activeFrame(container));
    expect(ref.current).toBe(activeFrame(container));
  });

  it('should move its ref to the frame swapped in by a rotation', async () => {
    const ref = { current: null as HTMLIFrameElement | null };
    const { container } = renderDashboard(scriptedSource(120), { ref });
    await advance(0);
    const first = activeFrame(container)!;
    await loadFrame(first);
    await advance(90 * SECOND); // 120 s token, 30 s margin: refresh at 90 s
    const next = pendingFrame(container)!;
    expect(ref.current).toBe(first);
    await loadFrame(next);
    expect(activeFrame(container)).toBe(next);
    expect(ref.current).toBe(next);
  });
});

describe('ZipteamsCallDetails', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should load /call-details/<callId> with the call id as one encoded segment', async () => {
    const source = scriptedSource();
    const { container } = render(
      <Wrapper client={testClient()}>
        <ZipteamsCallDetails
          fetchToken={source.fetchToken}
          tokenKey={source.tokenKey}
          readySignal="load"
          callId="a/b?c#d"
        />
      </Wrapper>,
    );
    await advance(0);
    const frame = activeFrame(container)!;
    expect(new URL(frame.src).pathname).toBe('/call-details/a%2Fb%3Fc%23d');
    expect(frame.title).toBe('Zipteams call details');
  });

  it('should show an error, not a frame, for an impossible call id', async () => {
    const source = scriptedSource();
    const { container } = render(
      <Wrapper client={testClient()}>
        <ZipteamsCallDetails
          fetchToken={source.fetchToken}
          tokenKey={source.tokenKey}
          callId=".."
        />
      </Wrapper>,
    );
    await advance(0);
    expect(root(container).dataset.state).toBe('error');
    expect(frames(container)).toHaveLength(0);
  });
});
