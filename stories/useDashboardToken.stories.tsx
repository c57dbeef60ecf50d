import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { SLOW, expiringTokenSource, scenario, tokenUrl } from './support.ts';
import { TokenInspector } from './TokenInspector.tsx';

const meta = {
  title: 'Hooks/useDashboardToken',
  component: TokenInspector,
  argTypes: {
    fetchToken: { control: false },
    tokenRequestInit: { control: false },
  },
} satisfies Meta<typeof TokenInspector>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A 24-hour token from the partner endpoint (`tokenUrl` from the provider). */
export const Ready: Story = {
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'), SLOW);
    expect(canvas.getByTestId('token')).toHaveTextContent(/^…[\w-]{8}$/);
    // The partner caches a token until 15 min before its deadline.
    const expires = canvas.getByTestId('expires');
    expect(expires).toHaveTextContent(/^\d{1,2}:\d{2}:\d{2}$/);
    const expiresIn = Number(expires.dataset.seconds);
    expect(expiresIn).toBeGreaterThan(15 * 60);
    expect(expiresIn).toBeLessThanOrEqual(24 * 60 * 60);
    expect(canvas.getByTestId('error')).toHaveTextContent('—');
  },
};

/** 12-second tokens: the next one is fetched ahead of the deadline, never falling back to loading. */
export const Rotation: Story = {
  parameters: scenario('rotating'),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'), SLOW);
    const first = canvas.getByTestId('token').textContent;
    const section = canvasElement.querySelector('[data-status]')!;
    const states = new Set<string | null>();
    const observer = new MutationObserver((records) => {
      for (const record of records) states.add(record.oldValue);
      states.add(section.getAttribute('data-status'));
    });
    observer.observe(section, {
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['data-status'],
    });
    try {
      await waitFor(
        () => {
          expect(canvas.getByTestId('status')).toHaveTextContent('ready');
          expect(canvas.getByTestId('token').textContent).not.toBe(first);
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
  },
};

/** A failure that may pass (HTTP 502 `upstream_error`): status `error`, retried with backoff. */
export const Retrying: Story = {
  parameters: scenario('unavailable'),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('error'), SLOW);
    expect(canvas.getByTestId('error')).toHaveTextContent(/^http \(retrying\)/);
    expect(canvas.getByTestId('token')).toHaveTextContent('—');
  },
};

/** A failure retrying cannot fix (HTTP 502 `upstream_forbidden`): no more requests. */
export const FinalError: Story = {
  parameters: scenario('forbidden'),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('error'), SLOW);
    expect(canvas.getByTestId('error')).toHaveTextContent(/^http \(final\)/);
  },
};

const expiring = expiringTokenSource();

/** The token passed its deadline with no successor: `token` is gone, status `expired`. */
export const Expired: Story = {
  args: { fetchToken: expiring.fetchToken, tokenKey: 'expiring' },
  beforeEach: expiring.reset,
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('expired'), SLOW);
    expect(canvas.getByTestId('token')).toHaveTextContent('—');
    expect(canvas.getByTestId('error')).toHaveTextContent(/^token_expired \(retrying\)/);
  },
};

/** `enabled: false` holds the request (e.g. until the user has signed in). */
export const Disabled: Story = {
  args: {
    enabled: false,
    tokenKey: 'disabled',
    fetchToken: fn(async (signal: AbortSignal) => fetch(tokenUrl('ready'), { signal })),
  },
  play: async ({ canvas, args }) => {
    expect(canvas.getByTestId('status')).toHaveTextContent('loading');
    expect(canvas.getByTestId('token')).toHaveTextContent('—');
    expect(args.fetchToken).not.toHaveBeenCalled();
  },
};

/** `refresh()` fetches a new token now; the current one keeps serving meanwhile. */
export const ManualRefresh: Story = {
  args: {
    tokenKey: 'manual',
    fetchToken: fn(async (signal: AbortSignal) => fetch(tokenUrl('ready'), { signal })),
  },
  play: async ({ canvas, userEvent, args }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'), SLOW);
    expect(args.fetchToken).toHaveBeenCalledTimes(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(args.fetchToken).toHaveBeenCalledTimes(2), SLOW);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'), SLOW);
  },
};
