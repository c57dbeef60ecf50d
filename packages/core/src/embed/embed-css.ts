import { FALLBACK_UI } from './fallback-ui.js';

/**
 * The style sheet of an embed, one text for both adapters, as a sheet rather than `style`
 * attributes: a strict Content-Security-Policy (no `'unsafe-inline'`) blocks `style` attributes
 * in server-rendered HTML, while a constructable sheet (`adoptedStyleSheets`) needs no nonce and a
 * server-rendered `<style>` takes the page's. `host` selects the embed's box (React's
 * `[data-zipteams-embed]`, the element's `:host`), `dark` its dark-themed fallbacks.
 *
 * The text holds none of `& < > " '`: React 18 entity-escapes them when it server-renders a
 * `<style>`'s text, which the browser then reads literally, and hydration sees a mismatch.
 *
 * Hidden frames keep their layout (visibility, not display), so a successor loads at full size
 * behind the shown one and swaps in at once; they are the ones marked `aria-hidden`.
 */
export function embedCss(host: string, dark: string): string {
  const { light: l, dark: d } = FALLBACK_UI;
  const fallback = '[data-zipteams-fallback]';
  return (
    `${host}{display:block;position:relative;width:100%;height:800px;overflow:hidden}` +
    `${host} iframe[data-zipteams-frame],${host} [data-zipteams-box],${fallback}` +
    `{position:absolute;inset:0;width:100%;height:100%;border:0;box-sizing:border-box}` +
    `iframe[data-zipteams-frame][aria-hidden=true]{visibility:hidden;pointer-events:none}` +
    `${fallback}{display:flex;flex-direction:column;align-items:center;justify-content:center;` +
    `gap:12px;padding:24px;text-align:center;` +
    `font:14px system-ui,-apple-system,Segoe UI,Roboto,sans-serif;` +
    `--zipteams-accent:${l.accent};--zipteams-on-accent:${l.onAccent};--zipteams-muted:${l.muted};` +
    `background:${l.bg};color:${l.fg}}` +
    `${dark}{--zipteams-accent:${d.accent};--zipteams-on-accent:${d.onAccent};` +
    `--zipteams-muted:${d.muted};background:${d.bg};color:${d.fg}}` +
    `${fallback}[hidden]{display:none}` +
    `${fallback} span{color:var(--zipteams-muted);max-width:560px}` +
    `${fallback} strong{font-size:16px}` +
    `[data-zipteams-spinner]{width:24px;height:24px;border:4px solid #8885;` +
    `border-top-color:var(--zipteams-accent);border-radius:50%;` +
    `animation:zipteams-spin .9s linear infinite}` +
    `@keyframes zipteams-spin{to{transform:rotate(1turn)}}` +
    `${fallback} button{font:inherit;padding:8px 18px;border-radius:6px;border:0;cursor:pointer;` +
    `background:var(--zipteams-accent);color:var(--zipteams-on-accent)}`
  );
}
