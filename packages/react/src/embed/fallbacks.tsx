'use client';
import { FALLBACK_UI, type ZipteamsError } from '@zipteams/embed-core';
import type { CSSProperties } from 'react';
import { describeError } from '../describe-error.js';

/** Colour scheme of the default loading and error UI. */
export type FallbackTheme = 'light' | 'dark';

// Core's palette and words, shared with the custom elements' default UI.
type Colors = (typeof FALLBACK_UI)[FallbackTheme];

const overlay = (colors: Colors): CSSProperties => ({
  position: 'absolute',
  inset: 0,
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'center',
  justifyContent: 'center',
  gap: 12,
  padding: 24,
  boxSizing: 'border-box',
  textAlign: 'center',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  background: colors.bg,
  color: colors.fg,
});

/** The muted text of both fallbacks. */
const mutedText = (colors: Colors): CSSProperties => ({
  fontSize: 14,
  color: colors.muted,
  maxWidth: 560,
});

/** The default loading UI: a spinner with an accessible status message. */
export function DefaultLoading({
  theme = 'light',
  label = FALLBACK_UI.loading,
}: {
  theme?: FallbackTheme;
  label?: string;
}) {
  const colors = FALLBACK_UI[theme];
  return (
    <div role="status" aria-live="polite" style={overlay(colors)} data-zipteams-fallback="loading">
      <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true">
        <circle
          cx="16"
          cy="16"
          r="13"
          fill="none"
          stroke={colors.muted}
          strokeOpacity="0.3"
          strokeWidth="4"
        />
        <path
          d="M16 3a13 13 0 0 1 13 13"
          fill="none"
          stroke={colors.accent}
          strokeWidth="4"
          strokeLinecap="round"
        >
          <animateTransform
            attributeName="transform"
            type="rotate"
            from="0 16 16"
            to="360 16 16"
            dur="0.9s"
            repeatCount="indefinite"
          />
        </path>
      </svg>
      <span style={mutedText(colors)}>{label}</span>
    </div>
  );
}

/** Props given to the default error UI and to a custom `errorFallback`. */
export interface ErrorFallbackProps {
  /** What went wrong, typed; its message never holds a token. */
  readonly error: ZipteamsError | Error;
  /** Tries again at once (a new token request, or reloading the frame). */
  readonly retry: () => void;
}

/** The default error UI: what went wrong in plain words, and a Retry button. */
export function DefaultError({
  error,
  retry,
  theme = 'light',
}: ErrorFallbackProps & { theme?: FallbackTheme }) {
  const colors = FALLBACK_UI[theme];
  const { title, detail } = describeError(error);
  return (
    <div role="alert" style={overlay(colors)} data-zipteams-fallback="error">
      <strong style={{ fontSize: 16 }}>{title}</strong>
      <span style={mutedText(colors)}>{detail}</span>
      <button
        type="button"
        onClick={retry}
        style={{
          font: 'inherit',
          fontSize: 14,
          padding: '8px 18px',
          borderRadius: 6,
          border: 0,
          cursor: 'pointer',
          background: colors.accent,
          color: colors.onAccent,
        }}
      >
        {FALLBACK_UI.retry}
      </button>
    </div>
  );
}
