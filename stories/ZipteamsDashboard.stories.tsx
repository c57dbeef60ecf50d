import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  ZipteamsDashboard,
  describeError,
  isZipteamsError,
  type InitialTokenBody,
  type ZipteamsDashboardProps,
} from '@zipteams/react';
import { expect, fn, waitFor } from 'storybook/test';
import {
  SLOW,
  activeFrame,
  embedRoot,
  expectPageUrl,
  expiringTokenSource,
  frameUrl,
  scenario,
  scenarioOf,
  tokenUrl,
  waitForState,
  embedArgTypes,
} from './support.ts';

const meta = {
  title: 'Components/ZipteamsDashboard',
  component: ZipteamsDashboard,
  args: {
    height: 420,
    onLoad: fn(),
    onError: fn(),
    onTokenRefresh: fn(),
    onStatusChange: fn(),
  },
  argTypes: {
    ...embedArgTypes,
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
} satisfies Meta<typeof ZipteamsDashboard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Token fetched, page loaded and visible. */
export const Ready: Story = {
  parameters: scenario('ready'),
  play: async (context) => {
    const { canvasElement, args } = context;
    await waitForState(canvasElement, 'ready');
    const frame = activeFrame(canvasElement);
    expect(frame).toHaveAttribute('title', 'Zipteams Insights Dashboard');
    expect(frame).not.toHaveAttribute('aria-hidden');
    const url = expectPageUrl(
      frameUrl(canvasElement),
      scenarioOf(context).baseUrl,
      '/view-insights',
    );
    expect(url.searchParams.has('theme')).toBe(false);
    expect(url.searchParams.has('agent-id')).toBe(false);
    // Callbacks run in effects, just after the commit that set data-state.
    await waitFor(() => {
      expect(args.onLoad).toHaveBeenCalledTimes(1);
      expect(args.onStatusChange).toHaveBeenLastCalledWith('ready');
    });
    expect(args.onTokenRefresh).toHaveBeenCalledWith(
      expect.objectContaining({ token: url.searchParams.get('token') }),
    );
    expect(args.onError).not.toHaveBeenCalled();
  },
};

/** The token request is under way (here it never ends): a spinner with a polite status message. */
export const Loading: Story = {
  parameters: scenario('hang'),
  args: { timeoutMs: 600_000 },
  play: async ({ canvasElement, canvas }) => {
    await waitForState(canvasElement, 'loading');
    await expect(await canvas.findByRole('status', {}, SLOW)).toHaveTextContent(
      'Loading dashboard…',
    );
    expect(canvasElement.querySelector('iframe')).toBeNull();
  },
};

/**
 * 12-second tokens: about every 6 s the next token is fetched (800 ms here) and its page loads
 * hidden behind the current one, then swaps in. The view never blanks: `data-state` goes
 * `ready` → `refreshing` → `ready`, never back to `loading`.
 */
export const TokenRotation: Story = {
  parameters: scenario('rotating'),
  play: async ({ canvasElement }) => {
    const root = await waitForState(canvasElement, 'ready');
    const firstToken = frameUrl(canvasElement).searchParams.get('token');

    const states = new Set<string | null>();
    const blanks: string[] = [];
    let twoFrames = false;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.attributeName === 'data-state') states.add(record.oldValue);
      }
      states.add(root.getAttribute('data-state'));
      if (root.querySelectorAll('iframe').length > 1) twoFrames = true;
      if (!root.querySelector('iframe:not([aria-hidden])')) blanks.push(String(states.size));
    });
    observer.observe(root, {
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['data-state'],
      childList: true,
      subtree: true,
    });
    try {
      await waitFor(
        () => {
          expect(root).toHaveAttribute('data-state', 'ready');
          expect(frameUrl(canvasElement).searchParams.get('token')).not.toBe(firstToken);
        },
        { timeout: 45_000 },
      );
    } finally {
      observer.disconnect();
    }
    expect([...states]).toContain('refreshing');
    expect([...states]).not.toContain('loading');
    expect([...states]).not.toContain('error');
    expect([...states]).not.toContain('expired');
    expect(twoFrames).toBe(true);
    expect(blanks).toEqual([]);
    expect(activeFrame(canvasElement)).not.toHaveAttribute('aria-hidden');
  },
};

const expiring = expiringTokenSource();

/**
 * The shown token reached its deadline and no successor could be fetched: the page is taken
 * down (an expired token is never on screen) and the kit keeps trying. Here the first token is
 * real but lives 6 s, and every later request fails.
 */
export const Expired: Story = {
  parameters: scenario('shortlived'),
  args: { fetchToken: expiring.fetchToken, tokenKey: 'expiring' },
  beforeEach: expiring.reset,
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'expired');
    // It was on screen first (`refreshing` if the page loaded after the refresh had started).
    expect(args.onStatusChange).toHaveBeenCalledWith(expect.stringMatching(/^(ready|refreshing)$/));
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('The dashboard session expired');
    expect(alert).toHaveTextContent('Reconnecting…');
    expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'token_expired' }));
  },
};

/**
 * Zipteams rejected the partner's API credentials (403); the partner endpoint answers 502
 * `upstream_forbidden`. Retrying cannot fix that: a final error.
 */
export const Forbidden: Story = {
  parameters: scenario('forbidden'),
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('The dashboard could not be shown');
    expect(alert).toHaveTextContent('not available right now');
    expect(alert).not.toHaveTextContent('keep trying');
    expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({
        code: 'http',
        status: 502,
        serverCode: 'upstream_forbidden',
        retryable: false,
      }),
    );
  },
};

/** Zipteams fails (500, the partner answers 502): the error shows while the kit keeps retrying. */
export const Unavailable: Story = {
  parameters: scenario('unavailable'),
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    expect(await canvas.findByRole('alert')).toHaveTextContent(
      'The dashboard service is having trouble. We will keep trying.',
    );
    expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'http', status: 502, retryable: true }),
    );
  },
};

/** Rate limited (429 with `Retry-After: 30`): the kit waits as long as it was asked to. */
export const RateLimited: Story = {
  parameters: scenario('ratelimited'),
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Too many requests just now. We will try again shortly.',
    );
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'rate_limited', retryAfterMs: 30_000 }),
    );
  },
};

/** A token source that answers 2xx with something that is not a token. */
const junkToken: NonNullable<ZipteamsDashboardProps['fetchToken']> = async () => ({
  token: 'this-is-not-a-jwt',
});

/** The token source answered, but not with a usable token: a final error. */
export const BadResponse: Story = {
  args: { fetchToken: junkToken, tokenKey: 'junk' },
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    expect(await canvas.findByRole('alert')).toHaveTextContent(
      'The server sent an answer we could not use. Please try again later.',
    );
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'bad_response', retryable: false }),
    );
  },
};

/** The token request takes longer than `timeoutMs` (1.5 s here); the kit keeps retrying. */
export const Timeout: Story = {
  parameters: scenario('hang'),
  args: { timeoutMs: 1_500 },
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    expect(await canvas.findByRole('alert')).toHaveTextContent(
      'The server took too long to answer. We will keep trying.',
    );
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'timeout', timeoutMs: 1_500 }),
    );
  },
};

/**
 * The mock sends `Content-Security-Policy: frame-ancestors https://partner.example.com`, so
 * Chromium really refuses the frame. The page never signals it loaded; after `loadTimeout`
 * (3 s here) the embed reports a blocked frame.
 */
export const BlockedFrame: Story = {
  parameters: scenario('blocked'),
  args: { loadTimeout: 3_000 },
  play: async (context) => {
    const { canvasElement, canvas, args } = context;
    // First the page is requested (hidden until it proves it rendered)...
    await waitFor(() => {
      expect(embedRoot(canvasElement)).toHaveAttribute('data-state', 'loading');
      expectPageUrl(frameUrl(canvasElement), scenarioOf(context).baseUrl, '/view-insights');
    }, SLOW);
    // ...then the refusal is reported.
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('The dashboard could not be displayed on this page');
    expect(alert).toHaveTextContent('did not load within 3 s');
    expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'frame_blocked', timeoutMs: 3_000 }),
    );
    expect(args.onLoad).not.toHaveBeenCalled();
    // The page is retried in a hidden frame with backoff, the error staying on screen.
    await waitFor(() => {
      expect(canvasElement.querySelector('iframe[data-zipteams-frame="pending"]')).not.toBeNull();
    }, SLOW);
    expect(embedRoot(canvasElement)).toHaveAttribute('data-state', 'error');
  },
};

/**
 * This page's own Content-Security-Policy refuses the Zipteams frame (its `frame-src` forgets the
 * origin): the embed says so at once, naming the directive and the origin to add, rather than
 * waiting for `loadTimeout` (set to an hour here). The browser's violation event is played by the
 * story (a real policy would refuse every later story's frame too); the real refusal is tested in
 * Chromium by the element's and the Next.js example's strict-page e2e tests.
 */
export const RefusedByPageCsp: Story = {
  args: { loadTimeout: 3_600_000 },
  play: async (context) => {
    const { canvasElement, canvas, args } = context;
    const { baseUrl } = scenarioOf(context);
    await waitFor(() => activeFrame(canvasElement), SLOW);
    document.dispatchEvent(
      new SecurityPolicyViolationEvent('securitypolicyviolation', {
        blockedURI: frameUrl(canvasElement).href,
        documentURI: location.href,
        effectiveDirective: 'frame-src',
        violatedDirective: 'default-src',
        originalPolicy: "default-src 'self'",
        disposition: 'enforce',
        statusCode: 200,
      }),
    );
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('Content-Security-Policy (default-src)');
    expect(alert).toHaveTextContent(`${new URL(baseUrl).origin}: add it to frame-src`);
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({
        code: 'frame_blocked',
        refusedBy: { directive: 'default-src', origin: new URL(baseUrl).origin },
      }),
    );
  },
};

/**
 * The partner's page policy refuses the token request (a token endpoint on an origin its
 * `connect-src` does not list): the error names the policy and the origin to add rather than
 * "could not reach the server", once, and nothing retries it by itself. The story plays what the
 * browser does with such a request (a violation event, then a failed fetch); the real one is tested
 * by the element's strict-page e2e.
 */
export const TokenRequestRefusedByPageCsp: Story = {
  args: { tokenUrl: 'http://127.0.0.1:59998/api/zipteams/token' },
  beforeEach: ({ args }) => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      if (String(input) !== args.tokenUrl) return realFetch(input, init);
      document.dispatchEvent(
        new SecurityPolicyViolationEvent('securitypolicyviolation', {
          blockedURI: String(input),
          documentURI: location.href,
          effectiveDirective: 'connect-src',
          violatedDirective: 'default-src',
          originalPolicy: "default-src 'self'",
          disposition: 'enforce',
          statusCode: 200,
        }),
      );
      return Promise.reject(new TypeError('Failed to fetch'));
    };
    return () => {
      globalThis.fetch = realFetch;
    };
  },
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent(
      "This page's Content-Security-Policy (default-src) blocks the token request to " +
        'http://127.0.0.1:59998: add it to connect-src.',
    );
    expect(args.onError).toHaveBeenCalledTimes(1);
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({
        code: 'network',
        retryable: false,
        refusedBy: { directive: 'default-src', origin: 'http://127.0.0.1:59998' },
      }),
    );
  },
};

/**
 * The Zipteams host does not answer at all (here a closed port on this machine): after
 * `loadTimeout` a reachability check fails, so the error says the service cannot be reached, not
 * that the page is refused. The embed keeps retrying hidden and comes back by itself.
 */
export const UnreachableHost: Story = {
  args: { baseUrl: 'http://127.0.0.1:59999', loadTimeout: 2_000 },
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('The dashboard service cannot be reached');
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'frame_unreachable', origin: 'http://127.0.0.1:59999' }),
    );
    expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** `theme="dark"` goes to the page URL. */
export const DarkTheme: Story = {
  args: { theme: 'dark' },
  play: async (context) => {
    await waitForState(context.canvasElement, 'ready');
    const url = frameUrl(context.canvasElement);
    expectPageUrl(url, scenarioOf(context).baseUrl, '/view-insights');
    expect(url.searchParams.get('theme')).toBe('dark');
  },
};

/** With `theme="dark"`, the kit's own loading and error UI are dark too. */
export const DarkThemeError: Story = {
  parameters: scenario('unavailable'),
  args: { theme: 'dark' },
  play: async ({ canvasElement, canvas }) => {
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveStyle({ backgroundColor: 'rgb(22, 26, 34)' });
  },
};

/** `agentId` shows one agent's data. */
export const AgentView: Story = {
  args: { agentId: 'agent-42' },
  play: async (context) => {
    await waitForState(context.canvasElement, 'ready');
    const url = frameUrl(context.canvasElement);
    expectPageUrl(url, scenarioOf(context).baseUrl, '/view-insights');
    expect(url.searchParams.get('agent-id')).toBe('agent-42');
  },
};

/** Your own loading UI instead of the spinner. */
export const CustomLoadingFallback: Story = {
  parameters: scenario('hang'),
  args: {
    timeoutMs: 600_000,
    loadingFallback: (
      <p role="status" style={{ margin: 24, fontFamily: 'system-ui, sans-serif' }}>
        Fetching your sales insights…
      </p>
    ),
  },
  play: async ({ canvasElement, canvas }) => {
    await waitForState(canvasElement, 'loading');
    expect(await canvas.findByRole('status', {}, SLOW)).toHaveTextContent(
      'Fetching your sales insights…',
    );
    expect(canvas.queryByText('Loading dashboard…')).toBeNull();
  },
};

/** Your own error UI: it gets the typed error and a `retry` function. */
export const CustomErrorFallback: Story = {
  parameters: scenario('forbidden'),
  args: {
    errorFallback: ({ error, retry }) => (
      <div role="alert" style={{ margin: 24, fontFamily: 'system-ui, sans-serif' }}>
        <h2 style={{ fontSize: 18 }}>Insights are unavailable</h2>
        <p>
          {describeError(error).detail} (code{' '}
          <code>{isZipteamsError(error) ? error.code : 'unknown'}</code>)
        </p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    ),
  },
  play: async ({ canvasElement, canvas, userEvent, args }) => {
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('Insights are unavailable');
    expect(alert).toHaveTextContent('code http');
    expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
    const errors = (args.onError as ReturnType<typeof fn>).mock.calls.length;
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    // A new request goes out and fails the same way.
    await waitFor(
      () =>
        expect((args.onError as ReturnType<typeof fn>).mock.calls.length).toBeGreaterThan(errors),
      SLOW,
    );
    await waitForState(canvasElement, 'error');
  },
};

/**
 * With a token minted while the page was rendered on the server (`initialToken`, here fetched by
 * the story's loader in its place): the frame opens at once, with no token request of its own.
 */
export const InitialToken: Story = {
  loaders: [
    async () => ({
      initialToken: (await (await fetch(tokenUrl('ready'))).json()) as InitialTokenBody,
    }),
  ],
  args: {
    tokenKey: 'story-initial-token',
    fetchToken: fn((signal: AbortSignal) => fetch(tokenUrl('ready'), { signal })),
  },
  render: (args, { loaded }) => (
    <ZipteamsDashboard {...args} initialToken={loaded.initialToken as InitialTokenBody} />
  ),
  play: async ({ canvasElement, args, loaded }) => {
    await waitForState(canvasElement, 'ready');
    const token = (loaded.initialToken as InitialTokenBody).token;
    expect(frameUrl(canvasElement).searchParams.get('token')).toBe(token);
    expect(args.fetchToken).not.toHaveBeenCalled();
  },
};
