import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { clearMockFaults, fetchMockState, setMockFault, type MockFault } from './api.ts';
import type { EventKind } from './EventLog.tsx';

interface FaultPanelProps {
  mockUrl: string;
  /** Makes the kit ask for a new token now, so the fault shows at once. */
  onFault: () => Promise<void>;
  push: (kind: EventKind, text: string) => void;
}

const FAULTS: readonly { label: string; fault: MockFault; text: string }[] = [
  {
    label: '3 × HTTP 500',
    fault: { status: 500, count: 3 },
    text: 'the next 3 token calls answer 500',
  },
  {
    label: '1 × HTTP 429',
    fault: { status: 429, count: 1, retryAfterSeconds: 3 },
    text: 'the next token call answers 429 (Retry-After 3 s)',
  },
  {
    label: '1 × hang',
    fault: { hang: true, count: 1 },
    text: 'the next token call hangs (the backend times out after 5 s)',
  },
  {
    label: '403 until cleared',
    fault: { status: 403, sticky: true },
    text: 'every token call answers 403 (bad credentials) until cleared',
  },
];

/** Buttons that make the mock platform's token API fail, to watch the kit recover. */
export function FaultPanel({ mockUrl, onFault, push }: FaultPanelProps) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const mock = useQuery({
    queryKey: ['mock-state', mockUrl],
    queryFn: () => fetchMockState(mockUrl),
    refetchInterval: 1500,
    retry: false,
  });

  const run = async (action: () => Promise<void>, text: string, thenRefresh: boolean) => {
    setBusy(true);
    try {
      await action();
      push('warn', text);
      void queryClient.invalidateQueries({ queryKey: ['mock-state', mockUrl] });
      if (thenRefresh) await onFault();
    } catch (error) {
      push(
        'error',
        `Mock control failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  const fault = mock.data?.fault;
  const stats = mock.data?.stats;
  return (
    <section className="card" aria-labelledby="faults-heading">
      <h2 id="faults-heading">Break the platform</h2>
      <p className="muted small">
        Makes the mock Zipteams token API fail, then asks for a new token, so you can watch the kit
        retry and recover while the current dashboard stays on screen.
      </p>
      <div className="button-grid">
        {FAULTS.map(({ label, fault: f, text }) => (
          <button
            key={label}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run(() => setMockFault(mockUrl, f), `Mock: ${text}`, true)}
          >
            {label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="button ghost wide"
        disabled={busy}
        onClick={() => void run(() => clearMockFaults(mockUrl), 'Mock: faults cleared', false)}
      >
        Clear faults
      </button>
      <dl className="facts compact">
        <dt>Active fault</dt>
        <dd data-testid="mock-fault">
          {mock.isError
            ? 'mock unreachable'
            : !fault
              ? 'none'
              : `${fault.hang ? 'hang' : `HTTP ${fault.status ?? 200}`}, ${
                  fault.sticky ? 'until cleared' : `${fault.remaining ?? 0} left`
                }`}
        </dd>
        <dt>Tokens minted</dt>
        <dd data-testid="mock-minted">{stats?.tokensMinted ?? '—'}</dd>
        <dt>Token API answers</dt>
        <dd>
          {stats
            ? Object.entries(stats.byStatus)
                .map(([status, count]) => `${status} × ${count}`)
                .join(', ') || 'none yet'
            : '—'}
        </dd>
      </dl>
    </section>
  );
}
