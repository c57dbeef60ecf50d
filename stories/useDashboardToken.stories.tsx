import type { Meta, StoryObj } from '@storybook/react-vite';
import { useDashboardToken, type UseDashboardTokenOptions } from '@zipteams/react';
import { useEffect, useState } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { SLOW, expiringTokenSource, scenario, tokenUrl } from './support.ts';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(handle);
  }, [intervalMs]);
  return now;
}

/** Never the token itself on screen: its last eight characters are enough to tell two apart. */
const fingerprint = (token: string | undefined) => (token ? `…${token.slice(-8)}` : '—');

const inSeconds = (at: number | undefined, now: number) =>
  at === undefined ? '—' : `${Math.max(0, Math.round((at - now) / 1000))} s`;

const cell = { margin: 0, padding: '4px 0' } as const;

/**
 * Shows what `useDashboardToken(options)` returns: the token of a source, kept fresh, fetched
 * once per source (shared by every embed and hook with the same source), refreshed ahead of its
 * deadline, retried with backoff, and never returned once expired. Build your own embed or
 * status UI on it; `ZipteamsDashboard` does.
 *
 * ```tsx
 * const { token, status, error, expiresAt, refreshAt, refresh } = useDashboardToken({
 *   tokenUrl: '/api/zipteams/token',
 * });
 * ```
 */
function TokenInspector(props: UseDashboardTokenOptions) {
  const { token, status, error, expiresAt, refreshAt, refresh } = useDashboardToken(props);
  const now = useNow(1_000);
  const rows: [string, string, string][] = [
    ['status', 'status', status],
    ['token', 'token', fingerprint(token)],
    ['expires in', 'expires', inSeconds(expiresAt, now)],
    ['next refresh in', 'refresh', inSeconds(refreshAt, now)],
    [
      'error',
      'error',
      error
        ? `${error.code}${error.retryable ? ' (retrying)' : ' (final)'}: ${error.message}`
        : '—',
    ],
  ];
  return (
    <section
      aria-label="Dashboard token"
      data-status={status}
      style={{ fontFamily: 'system-ui, sans-serif', fontSize: 14, maxWidth: 640 }}
    >
      <dl style={{ display: 'grid', gridTemplateColumns: '9rem 1fr', margin: '0 0 12px' }}>
        {rows.map(([label, id, value]) => (
          <div key={id} style={{ display: 'contents' }}>
            <dt style={{ ...cell, color: '#4a5263' }}>{label}</dt>
            <dd style={cell} data-testid={id}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={() => void refresh()}>
        Refresh now
      </button>
    </section>
  );
}

const meta = {
  title: 'Hooks/useDashboardToken',
  component: TokenInspector,
} satisfies Meta<typeof TokenInspector>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A 24-hour token from the partner endpoint (`tokenUrl` from the provider). */
export const Ready: Story = {
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'), SLOW);
    expect(canvas.getByTestId('token')).toHaveTextContent(/^…[\w-]{8}$/);
    // The partner caches a token until 15 min before its deadline.
    const expiresIn = Number.parseInt(canvas.getByTestId('expires').textContent ?? '', 10);
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
