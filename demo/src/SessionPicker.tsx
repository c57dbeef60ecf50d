import { useState } from 'react';
import { signIn, signOut, type DemoConfig, type DemoSession } from './api.ts';

interface SessionPickerProps {
  tenants: DemoConfig['tenants'];
  session: DemoSession | null;
  loading: boolean;
  /** Called after the backend accepted a change, with a line for the event log. */
  onChange: (text: string) => void;
}

/**
 * Stands in for the partner's own login: the visitor picks who they are, the backend checks the
 * pair against its directory and keeps it in a server-side session (httpOnly cookie).
 */
export function SessionPicker({ tenants, session, loading, onChange }: SessionPickerProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const tenant = tenants.find((t) => t.id === session?.tenantId);

  const choose = async (tenantId: string, subTenantId: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const next = await signIn(tenantId, subTenantId);
      const name = tenants.find((t) => t.id === next.tenantId);
      const sub = name?.subTenants.find((s) => s.id === next.subTenantId);
      onChange(`Signed in as ${name?.name ?? next.tenantId} / ${sub?.name ?? next.subTenantId}`);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    setBusy(true);
    try {
      await signOut();
      onChange('Signed out');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="session" data-testid="session-picker">
      <label className="field">
        <span>Tenant</span>
        <select
          value={session?.tenantId ?? ''}
          disabled={busy || loading}
          data-testid="tenant-select"
          onChange={(event) => {
            const next = tenants.find((t) => t.id === event.target.value);
            if (next?.subTenants[0]) void choose(next.id, next.subTenants[0].id);
          }}
        >
          {!session && <option value="">Pick a tenant…</option>}
          {tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Team</span>
        <select
          value={session?.subTenantId ?? ''}
          disabled={busy || loading || !tenant}
          data-testid="subtenant-select"
          onChange={(event) => {
            if (tenant) void choose(tenant.id, event.target.value);
          }}
        >
          {!tenant && <option value="">—</option>}
          {tenant?.subTenants.map((sub) => (
            <option key={sub.id} value={sub.id}>
              {sub.name}
            </option>
          ))}
        </select>
      </label>
      {session && (
        <button type="button" className="button ghost" onClick={() => void leave()} disabled={busy}>
          Sign out
        </button>
      )}
      {failure && (
        <span className="error-text" role="alert">
          {failure}
        </span>
      )}
    </div>
  );
}
