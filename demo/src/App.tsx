import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DefaultError,
  HttpError,
  ZipteamsCallDetails,
  ZipteamsDashboard,
  useDashboardToken,
  type DashboardToken,
  type EmbedProps,
  type EmbedStatus,
  type ErrorFallbackProps,
  type ZipteamsError,
} from '@zipteams/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { dropCachedToken, fetchOrStartSession, type DemoConfig } from './api.ts';
import { EventLog, useEventLog } from './EventLog.tsx';
import { FaultPanel } from './FaultPanel.tsx';
import { readUrlSettings, writeUrlSettings } from './params.ts';
import { SessionPicker } from './SessionPicker.tsx';
import { TokenPanel } from './TokenPanel.tsx';

type Theme = 'light' | 'dark';
type View = 'insights' | 'call';

function describeFailure(error: ZipteamsError): string {
  const serverCode = error instanceof HttpError && error.serverCode ? ` ${error.serverCode}` : '';
  return `${error.code}${serverCode}: ${error.message}`;
}

function SignInFallback({ retry }: { retry: () => void }) {
  return (
    <div className="embed-fallback" role="alert" data-testid="signin-required">
      <strong>Sign in to see the dashboard</strong>
      <span>
        The partner backend answered <code>401</code>: there is no session. Pick a tenant above. The
        backend takes the tenant from its own session cookie, never from the browser.
      </span>
      <button type="button" className="button primary" onClick={retry}>
        Retry
      </button>
    </div>
  );
}

export function App({ config }: { config: DemoConfig }) {
  const [initial] = useState(readUrlSettings);
  const [theme, setTheme] = useState<Theme>(initial.theme);
  const [view, setView] = useState<View>(initial.view);
  const [agentId, setAgentId] = useState(initial.agentId);
  const [callId, setCallId] = useState(initial.callId);
  const loadTimeout = initial.loadTimeout;

  const { tenants } = config;
  const session = useQuery({
    queryKey: ['demo-session'],
    queryFn: () => fetchOrStartSession(tenants),
  });
  const signedIn = session.data ?? null;
  // Each tenant gets its own entry in the token cache; every embed and hook with this key shares it.
  const tokenKey = signedIn ? `${signedIn.tenantId}/${signedIn.subTenantId}` : 'signed-out';

  const token = useDashboardToken({ tokenKey, enabled: !session.isPending });
  const [embedState, setEmbedState] = useState<EmbedStatus>('loading');
  const { events, push } = useEventLog();

  // Distinct tokens per tenant key: the first is the initial token, the rest are refreshes.
  const tokensByKey = useRef(new Map<string, Set<string>>());
  const [tokenCounts, setTokenCounts] = useState<Record<string, number>>({});
  const refreshCount = Math.max(0, (tokenCounts[tokenKey] ?? 0) - 1);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => {
    writeUrlSettings({ theme, view, agentId, callId, loadTimeout });
  }, [theme, view, agentId, callId, loadTimeout]);

  const queryClient = useQueryClient();
  const { refresh } = token;
  /** Asks for a new token now: the backend drops its cached one, then the kit refetches. */
  const rotate = useCallback(async () => {
    try {
      await dropCachedToken();
    } catch {
      // Signed out: the refetch below shows the 401 anyway.
    }
    await refresh();
  }, [refresh]);

  const onSessionChange = useCallback(
    (text: string) => {
      push('info', text);
      void queryClient.invalidateQueries({ queryKey: ['demo-session'] });
    },
    [push, queryClient],
  );

  const lastStatus = useRef<string>('');
  const embedEvents: Pick<
    EmbedProps,
    'onStatusChange' | 'onTokenRefresh' | 'onError' | 'onLoad' | 'errorFallback' | 'loadTimeout'
  > = {
    loadTimeout,
    onStatusChange: (status) => {
      setEmbedState(status);
      if (lastStatus.current === status) return;
      lastStatus.current = status;
      push(status === 'error' || status === 'expired' ? 'error' : 'info', `Embed is ${status}`);
    },
    onTokenRefresh: (next: DashboardToken) => {
      const seen = tokensByKey.current.get(tokenKey) ?? new Set<string>();
      if (seen.has(next.token)) return;
      seen.add(next.token);
      tokensByKey.current.set(tokenKey, seen);
      setTokenCounts((counts) => ({ ...counts, [tokenKey]: seen.size }));
      void queryClient.invalidateQueries({ queryKey: ['mock-state'] });
      const who = `${String(next.claims.tenantId)}/${String(next.claims.subTenantId)}`;
      push(
        'ok',
        `${seen.size === 1 ? 'Token' : 'New token'} for ${who}, valid ${Math.round(next.lifetimeMs / 1000)} s`,
      );
    },
    onError: (error) => {
      push(error.retryable ? 'warn' : 'error', describeFailure(error));
      void queryClient.invalidateQueries({ queryKey: ['mock-state'] });
    },
    onLoad: () => push('info', 'Zipteams page shown'),
    errorFallback: ({ error, retry }: ErrorFallbackProps) =>
      error instanceof HttpError && error.status === 401 ? (
        <SignInFallback retry={retry} />
      ) : (
        <DefaultError error={error} retry={retry} theme={theme} />
      ),
  };

  const embed = useMemo(() => ({ tokenKey, height: 760 }), [tokenKey]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            Z
          </span>
          <div>
            <h1>Zipteams embed demo</h1>
            <p className="muted">A partner app embedding Zipteams insights with @zipteams/react</p>
          </div>
        </div>
        <div className="topbar-controls">
          <SessionPicker
            tenants={config.tenants}
            session={signedIn}
            loading={session.isPending}
            onChange={onSessionChange}
          />
          <div className="segmented" role="group" aria-label="Theme">
            {(['light', 'dark'] as const).map((value) => (
              <button
                key={value}
                type="button"
                aria-pressed={theme === value}
                onClick={() => setTheme(value)}
              >
                {value === 'light' ? 'Light' : 'Dark'}
              </button>
            ))}
          </div>
        </div>
      </header>

      <main className="layout">
        <section className="card embed-card" aria-labelledby="embed-heading">
          <div className="toolbar">
            <h2 id="embed-heading" className="visually-hidden">
              Embedded Zipteams page
            </h2>
            <div className="segmented" role="group" aria-label="Zipteams page">
              <button
                type="button"
                aria-pressed={view === 'insights'}
                onClick={() => setView('insights')}
              >
                Insights dashboard
              </button>
              <button type="button" aria-pressed={view === 'call'} onClick={() => setView('call')}>
                Call details
              </button>
            </div>
            {view === 'insights' ? (
              <label className="field">
                <span>Agent</span>
                <select
                  value={agentId}
                  onChange={(event) => setAgentId(event.target.value)}
                  data-testid="agent-filter"
                >
                  <option value="">All agents</option>
                  {config.agents.map((agent) => (
                    <option key={agent.id} value={agent.id}>
                      {agent.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <label className="field">
                <span>Call</span>
                <select
                  value={callId}
                  onChange={(event) => setCallId(event.target.value)}
                  data-testid="call-picker"
                >
                  {config.calls.map((call) => (
                    <option key={call.id} value={call.id}>
                      {call.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <span className="spacer" />
            <span className="state-label">
              <span className="muted">data-state</span>{' '}
              <span className={`badge badge-${embedState}`} data-testid="embed-state">
                {embedState}
              </span>
            </span>
          </div>
          {!session.isPending && !signedIn && (
            <p className="notice" role="status">
              You are signed out. Pick a tenant and team at the top to sign in.
            </p>
          )}
          {session.isPending ? null : view === 'insights' ? (
            <ZipteamsDashboard
              {...embed}
              {...embedEvents}
              theme={theme}
              {...(agentId ? { agentId } : {})}
              className="embed"
              data-testid="embed"
            />
          ) : (
            <ZipteamsCallDetails
              {...embed}
              {...embedEvents}
              callId={callId}
              fallbackTheme={theme}
              className="embed"
              data-testid="embed"
            />
          )}
        </section>

        <aside className="side" aria-label="Demo controls">
          <TokenPanel token={token} refreshCount={refreshCount} onRotate={rotate} />
          <FaultPanel mockUrl={config.mockUrl} onFault={rotate} push={push} />
          <EventLog events={events} />
        </aside>
      </main>

      <footer className="footer muted">
        Token lifetime on the mock: {config.tokenTtlSeconds} s. Mock platform at{' '}
        <a href={config.mockUrl}>{config.mockUrl}</a>. The partner guide is in{' '}
        <code>docs/partner-guide.md</code>.
      </footer>
    </div>
  );
}
