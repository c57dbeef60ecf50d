'use client';
import { embedCss } from '@zipteams/embed-core/internal';
import { useEffect, useLayoutEffect, type RefObject } from 'react';

/** Core's embed sheet, for React's light DOM: the box and the default fallbacks. */
export const EMBED_CSS = embedCss(
  // No specificity of its own: a partner's class on the embed (`display`, `width`, …) still wins.
  ':where([data-zipteams-embed])',
  '[data-zipteams-fallback][data-theme=dark]',
);

// Each root (document or shadow root) the embed sheet reached: true once it holds a constructable
// sheet or a `<style>` with a nonce, false for a `<style>` without one (a later nonce adds one).
const styled = new WeakMap<Node, boolean>();

/**
 * Puts the embed sheet in `root` once, as a constructable sheet (`adoptedStyleSheets`): it is
 * CSSOM, so a strict Content-Security-Policy needs no `'unsafe-inline'` and no nonce for it. The
 * root is the embed's own (a shadow root, or a popup's document through a portal, gets its own
 * sheet, made by that document's window). Where the browser lacks constructable sheets, a
 * `<style>` with the page's `nonce`.
 */
function adoptEmbedStyle(root: Document | ShadowRoot, nonce: string | undefined): void {
  if (styled.get(root)) return;
  const doc = root.nodeType === 9 ? (root as Document) : (root.ownerDocument as Document);
  try {
    const sheet = new (doc.defaultView as typeof window).CSSStyleSheet();
    sheet.replaceSync(EMBED_CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    styled.set(root, true);
  } catch {
    if (styled.has(root) && !nonce) return;
    const style = doc.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = EMBED_CSS;
    (root.nodeType === 9 ? (root as Document).head : root).append(style);
    styled.set(root, Boolean(nonce));
  }
}

// Layout effects do nothing on the server (and React 18 warns there).
export const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Styles the root `box` is rendered in (the page, or a shadow root) for the embeds, before the
 * first client-rendered one paints.
 */
export function useEmbedStyle(box: RefObject<Element | null>, nonce: string | undefined): void {
  useClientLayoutEffect(() => {
    const root = box.current?.getRootNode();
    // A document (9) or a shadow root (11); a box not yet in either is styled once it is.
    if (root?.nodeType === 9 || root?.nodeType === 11) {
      adoptEmbedStyle(root as Document | ShadowRoot, nonce);
    }
  });
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
  return id.replace(/[^\w\u00a0-\uffff-]/g, (c) => `\\${c}`).replace(/^\d/, (c) => `\\3${c} `);
}
