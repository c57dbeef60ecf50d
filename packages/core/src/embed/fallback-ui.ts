/**
 * The look and words of the default loading and error UIs, defined once for `@zipteams/react`
 * (inline styles) and `@zipteams/element` (its shadow root's style sheet). The dark accent is
 * the light blue: the darker one had too little contrast on the dark background.
 */
export const FALLBACK_UI = {
  light: { bg: '#f6f7f9', fg: '#1f2430', muted: '#5b6475', accent: '#2456d6', onAccent: '#ffffff' },
  dark: { bg: '#161a22', fg: '#e8ebf1', muted: '#a4adbd', accent: '#7aa2ff', onAccent: '#0b0e14' },
  /** The loading UI's status text. */
  loading: 'Loading dashboard…',
  /** The error UI's button. */
  retry: 'Retry',
  /** The loading UI appears only after this long, so a fast load never flashes it (ms). */
  delayMs: 200,
} as const;
