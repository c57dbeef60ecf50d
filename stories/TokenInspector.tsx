import { useDashboardToken, type UseDashboardTokenOptions } from '@zipteams/react';
import { useEffect, useState } from 'react';

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

const secondsUntil = (at: number | undefined, now: number) =>
  at === undefined ? undefined : Math.max(0, Math.round((at - now) / 1000));

/** `h:mm:ss`, or `m:ss` under an hour. */
function countdown(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

interface Row {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly seconds?: number | undefined;
}

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
export function TokenInspector(props: UseDashboardTokenOptions) {
  const { token, status, error, expiresAt, refreshAt, refresh } = useDashboardToken(props);
  const now = useNow(1_000);
  const expiresIn = secondsUntil(expiresAt, now);
  const refreshIn = secondsUntil(refreshAt, now);
  const rows: Row[] = [
    { id: 'status', label: 'status', value: status },
    { id: 'token', label: 'token', value: fingerprint(token) },
    { id: 'expires', label: 'expires in', value: countdown(expiresIn), seconds: expiresIn },
    { id: 'refresh', label: 'next refresh in', value: countdown(refreshIn), seconds: refreshIn },
    {
      id: 'error',
      label: 'error',
      value: error
        ? `${error.code}${error.retryable ? ' (retrying)' : ' (final)'}: ${error.message}`
        : '—',
    },
  ];
  return (
    <section
      aria-label="Dashboard token"
      data-status={status}
      style={{ fontFamily: 'system-ui, sans-serif', fontSize: 14, maxWidth: 640 }}
    >
      <dl style={{ display: 'grid', gridTemplateColumns: '9rem 1fr', margin: '0 0 12px' }}>
        {rows.map(({ id, label, value, seconds }) => (
          <div key={id} style={{ display: 'contents' }}>
            <dt style={{ ...cell, color: '#4a5263' }}>{label}</dt>
            <dd style={cell} data-testid={id} data-seconds={seconds}>
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
