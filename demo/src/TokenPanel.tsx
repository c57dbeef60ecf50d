import type { DashboardTokenState } from '@zipteams/react';
import { useEffect, useState } from 'react';
import { formatClock, formatDuration } from './format.ts';

interface TokenPanelProps {
  /** From `useDashboardToken` with the embeds' token source: the same token, the same request. */
  token: DashboardTokenState;
  refreshCount: number;
  onRotate: () => Promise<void>;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(handle);
  }, [intervalMs]);
  return now;
}

/** The live state of the dashboard token. The token itself is never shown. */
export function TokenPanel({ token, refreshCount, onRotate }: TokenPanelProps) {
  const now = useNow(250);
  const [rotating, setRotating] = useState(false);
  const { data, status, error, expiresAt, refreshAt } = token;
  // `now` ticks every 250 ms, so it can lag a token that just arrived: never show more than its lifetime.
  const left =
    expiresAt === undefined || !data ? undefined : Math.min(expiresAt - now, data.lifetimeMs);
  const share = data && left !== undefined ? Math.max(0, Math.min(1, left / data.lifetimeMs)) : 0;
  const untilRefresh = refreshAt === undefined ? undefined : refreshAt - now;

  return (
    <section className="card" aria-labelledby="token-heading" data-testid="token-panel">
      <div className="card-head">
        <h2 id="token-heading">Dashboard token</h2>
        <span className={`badge badge-${status}`} data-testid="token-status">
          {status}
        </span>
      </div>
      <div className="meter" aria-hidden="true">
        <div
          className={`meter-fill${share < 0.25 ? ' low' : ''}`}
          style={{ width: `${(share * 100).toFixed(1)}%` }}
        />
      </div>
      <dl className="facts">
        <dt>Tenant (from the token)</dt>
        <dd data-testid="token-tenant">
          {data ? `${String(data.claims.tenantId)} / ${String(data.claims.subTenantId)}` : '—'}
        </dd>
        <dt>Time left</dt>
        <dd data-testid="token-time-left">
          {left === undefined ? '—' : formatDuration(left)}
          {data && <span className="muted"> of {formatDuration(data.lifetimeMs)}</span>}
        </dd>
        <dt>Next refresh</dt>
        <dd data-testid="token-next-refresh">
          {status === 'refreshing' || status === 'loading'
            ? 'under way…'
            : refreshAt === undefined || untilRefresh === undefined
              ? '—'
              : `in ${formatDuration(untilRefresh)} (${formatClock(refreshAt)})`}
        </dd>
        <dt>Refreshes</dt>
        <dd data-testid="refresh-count">{refreshCount}</dd>
        <dt>Last error</dt>
        <dd data-testid="token-error" className={error ? 'error-text' : undefined}>
          {error ? `${error.code}${error.retryable ? ' (retrying)' : ' (final)'}` : 'none'}
        </dd>
      </dl>
      <button
        type="button"
        className="button"
        disabled={rotating}
        onClick={() => {
          setRotating(true);
          void onRotate().finally(() => setRotating(false));
        }}
      >
        Rotate token now
      </button>
    </section>
  );
}
