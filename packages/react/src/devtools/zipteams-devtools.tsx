'use client';
import { describeError } from '@zipteams/embed-core';
import type { EmbedInspection, SourceInspection } from '@zipteams/embed-core/internal';
import { useState, type CSSProperties } from 'react';
import { usePageInspection } from './use-page-inspection.js';

/** Props of {@link ZipteamsDevtools}. */
export interface ZipteamsDevtoolsProps {
  /** Start with the panel open. Default false: a small toggle in the corner. */
  readonly initialIsOpen?: boolean;
  /** The corner of the toggle and the panel. Default `bottom-right`. */
  readonly position?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
}

const FONT = '12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace';
const dim: CSSProperties = { color: '#8a93a6' };
const button: CSSProperties = {
  font: FONT,
  border: '1px solid #3b4254',
  borderRadius: 4,
  background: '#232838',
  color: '#e8ebf1',
  padding: '1px 8px',
  cursor: 'pointer',
};

/** "in 1 m 20 s" / "3 s ago" for a local epoch ms, from `now`. */
function relative(at: number | undefined, now: number): string {
  if (at === undefined) return '—';
  const seconds = Math.round((at - now) / 1000);
  const size = Math.abs(seconds);
  const text = size >= 60 ? `${Math.floor(size / 60)} m ${size % 60} s` : `${size} s`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

const tenant = (view: EmbedInspection | SourceInspection) =>
  view.tenantId === undefined && view.subTenantId === undefined
    ? '—'
    : `${view.tenantId ?? '—'} / ${view.subTenantId ?? '—'}`;

function EmbedRow({ view, act, now }: { view: EmbedInspection; act: () => void; now: number }) {
  const last = view.errors.at(-1);
  const words = last && describeError(last.error);
  return (
    <li data-kind="embed" data-status={view.status} style={{ padding: '6px 0' }}>
      <strong>embed</strong> <span data-field="status">{view.status}</span> · tenant{' '}
      <span data-field="tenant">{tenant(view)}</span>
      <div style={dim}>
        frames:{' '}
        {view.frames.length
          ? view.frames
              .map(
                (f) =>
                  `#${f.id} ${f.role} ${f.ready ? 'ready' : f.timedOut ? 'timed out' : 'loading'}`,
              )
              .join(', ')
          : 'none'}
      </div>
      {last && words && (
        <div data-field="error" style={{ color: '#ff8a8a' }}>
          {relative(last.at, now)}: {last.error.code} — {words.title}. {words.detail}
        </div>
      )}
      {view.status === 'error' && (
        <button type="button" style={button} onClick={act}>
          Retry
        </button>
      )}
    </li>
  );
}

function SourceRow({ view, act, now }: { view: SourceInspection; act: () => void; now: number }) {
  return (
    <li data-kind="source" data-status={view.status} style={{ padding: '6px 0' }}>
      <strong>source</strong> {view.source} · <span data-field="status">{view.status}</span> ·
      tenant <span data-field="tenant">{tenant(view)}</span>
      <div style={dim}>
        token {view.via ? `${view.via} ${relative(view.receivedAt, now)}` : 'none'} · expires{' '}
        {relative(view.expiresAt, now)} · next refresh {relative(view.refreshAt, now)} ·{' '}
        {view.refreshes} refresh{view.refreshes === 1 ? '' : 'es'}
      </div>
      {view.error && (
        <div data-field="error" style={{ color: '#ff8a8a' }}>
          {view.error.code}: {describeError(view.error).detail}
        </div>
      )}
      <button type="button" style={button} onClick={act}>
        Refresh now
      </button>
    </li>
  );
}

/**
 * A panel of every Zipteams embed and token source on the page, live (TanStack Query Devtools'
 * conventions: a corner toggle, `initialIsOpen`, `position`). It shows status, tenant and
 * subtenant (from the token's claims, never the token), token age, deadline, next refresh,
 * refresh count, whether this tab fetched or adopted the token, frame states and recent errors;
 * it can refresh a token now and retry a failed frame.
 */
export function ZipteamsDevtoolsPanel({
  initialIsOpen = false,
  position = 'bottom-right',
}: ZipteamsDevtoolsProps) {
  const [open, setOpen] = useState(initialIsOpen);
  const { rows, now } = usePageInspection(open);
  const [vertical, horizontal] = position.split('-') as ['top' | 'bottom', 'left' | 'right'];
  const corner: CSSProperties = {
    position: 'fixed',
    [vertical]: 12,
    [horizontal]: 12,
    zIndex: 2147483000,
  };
  if (!open) {
    return (
      <button type="button" style={{ ...button, ...corner }} onClick={() => setOpen(true)}>
        Zipteams
      </button>
    );
  }
  return (
    <section
      aria-label="Zipteams devtools"
      style={{
        ...corner,
        font: FONT,
        color: '#e8ebf1',
        background: '#161a22ee',
        border: '1px solid #3b4254',
        borderRadius: 8,
        padding: 12,
        width: 'min(560px, calc(100vw - 24px))',
        maxHeight: '60vh',
        overflow: 'auto',
      }}
    >
      <header style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 4 }}>
        <strong>Zipteams embeds</strong>
        <button type="button" style={button} onClick={() => setOpen(false)}>
          Close
        </button>
      </header>
      {rows.length === 0 && <p style={dim}>No embed or token source on this page.</p>}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map(({ key, view, act }) =>
          view.kind === 'embed' ? (
            <EmbedRow key={key} view={view} act={act} now={now} />
          ) : (
            <SourceRow key={key} view={view} act={act} now={now} />
          ),
        )}
      </ul>
    </section>
  );
}
