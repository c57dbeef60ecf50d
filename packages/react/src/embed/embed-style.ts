'use client';
import { embedCss } from '@zipteams/embed-core/internal';
import { useEffect, useLayoutEffect } from 'react';

/** Core's embed sheet, for React's light DOM: the box and the default fallbacks. */
export const EMBED_CSS = embedCss(
  '[data-zipteams-embed]',
  '[data-zipteams-fallback][data-theme=dark]',
);

const styled = new WeakSet<Document>();

/**
 * Puts the embed sheet in the page once, as a constructable sheet (`document.adoptedStyleSheets`):
 * it is CSSOM, so a strict Content-Security-Policy needs no `'unsafe-inline'` and no nonce for it.
 * Where the browser lacks constructable sheets, a `<style>` with the page's `nonce`.
 */
function adoptEmbedStyle(nonce: string | undefined): void {
  if (styled.has(document)) return;
  styled.add(document);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(EMBED_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = EMBED_CSS;
    document.head.append(style);
  }
}

// Layout effects do nothing on the server (and React 18 warns there).
export const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/** Styles the page for the embeds before the first client-rendered one paints. */
export function useEmbedStyle(nonce: string | undefined): void {
  useClientLayoutEffect(() => adoptEmbedStyle(nonce), []);
}

/**
 * A CSS length from a prop: a number is px; a string that could break out of a rule, or that
 * React 18 would entity-escape in a server-rendered `<style>`, is ignored.
 */
export function cssLength(value: number | string | undefined, fallback: string): string {
  if (typeof value === 'number') return `${value}px`;
  return value && !/[;{}<>\\"'&]/.test(value) ? value : fallback;
}

/**
 * `useId`'s id as a CSS identifier, unquoted (quotes are entity-escaped by React 18's server
 * renderer): React 18's `:R1:` and React 19's `«r1»` or `_r_1_` with punctuation escaped.
 */
export function cssIdent(id: string): string {
  return id.replace(/[^\w\u00a0-\uffff-]/g, (c) => `\\${c}`);
}
