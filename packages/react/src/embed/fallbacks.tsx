'use client';
import type { ZipteamsError } from '@zipteams/embed-core';
import { FALLBACK_UI } from '@zipteams/embed-core/internal';
import { describeError } from '../describe-error.js';
import { useRef } from 'react';
import { useZipteamsDefaults } from '../context.js';
import { useEmbedStyle } from './embed-style.js';

/** Colour scheme of the default loading and error UI. */
export type FallbackTheme = 'light' | 'dark';

// Core's palette and words (the custom elements' default UI has the same), drawn by core's sheet
// (see embed-style.ts): no `style` attribute, so a strict Content-Security-Policy blocks nothing.

/** The default loading UI: a spinner with an accessible status message. */
export function DefaultLoading({
  theme = 'light',
  label = FALLBACK_UI.loading,
}: {
  theme?: FallbackTheme;
  label?: string;
}) {
  const box = useRef<HTMLDivElement | null>(null);
  useEmbedStyle(box, useZipteamsDefaults().nonce);
  return (
    <div
      ref={box}
      role="status"
      aria-live="polite"
      data-zipteams-fallback="loading"
      data-theme={theme}
    >
      <div data-zipteams-spinner="" aria-hidden="true" />
      <span>{label}</span>
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
  const box = useRef<HTMLDivElement | null>(null);
  useEmbedStyle(box, useZipteamsDefaults().nonce);
  const { title, detail } = describeError(error);
  return (
    <div ref={box} role="alert" data-zipteams-fallback="error" data-theme={theme}>
      <strong>{title}</strong>
      <span>{detail}</span>
      <button type="button" onClick={retry}>
        {FALLBACK_UI.retry}
      </button>
    </div>
  );
}
