import { FALLBACK_UI, describeError, type EmbedSnapshot } from '@zipteams/embed-core';

const { light, dark } = FALLBACK_UI;
// Core's palette and words, as React's default UI has them. Hidden frames keep their layout
// (visibility, not display), so a successor loads at full size behind the shown one and swaps in
// at once. The loading UI fades in after core's delay by CSS alone, so a fast load never flashes.
const STYLE = `:host{display:block;position:relative;width:100%;overflow:hidden}
.f,iframe{position:absolute;inset:0;width:100%;height:100%;border:0}
iframe:not([data-shown]){visibility:hidden;pointer-events:none}
[hidden]{display:none!important}
.f{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:12px;padding:24px;box-sizing:border-box;text-align:center;font:14px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--a:${light.accent};--o:${light.onAccent};background:${light.bg};color:${light.fg}}
:host([theme=dark]) .f{--a:${dark.accent};--o:${dark.onAccent};background:${dark.bg};color:${dark.fg}}
.f span{color:${light.muted}}
:host([theme=dark]) .f span{color:${dark.muted}}
.l{opacity:0;animation:i 0s ${FALLBACK_UI.delayMs}ms forwards}
@keyframes i{to{opacity:1}}
.s{width:24px;height:24px;border:4px solid ${light.muted}4d;border-top-color:var(--a);border-radius:50%;animation:r .9s linear infinite}
@keyframes r{to{transform:rotate(1turn)}}
strong{font-size:16px}
button{font:inherit;padding:8px 18px;border-radius:6px;border:0;cursor:pointer;background:var(--a);color:var(--o)}`;

const TEMPLATE = `<style>${STYLE}</style><style></style><div part="frames"></div>
<div class="f l" part="loading" role="status" aria-live="polite"><slot name="loading"><div class="s"></div><span>${FALLBACK_UI.loading}</span></slot></div>
<div class="f" part="error" role="alert" hidden><slot name="error"><strong></strong><span></span><button type="button">${FALLBACK_UI.retry}</button></slot></div>`;

/** What the view needs from its element. */
export interface ViewHost {
  readonly title: string;
  /** A frame element was made (or, with `null`, removed). */
  attach(id: number, frame: HTMLIFrameElement | null): void;
  frameLoaded(id: number): void;
  retry(): void;
}

/**
 * The shadow DOM of one embed: its frames (one iframe element per frame id, so a re-render never
 * reloads a frame), the default loading and error UI (replaceable through the `loading` and
 * `error` slots) and the height. Knows nothing of tokens: it draws an {@link EmbedSnapshot}.
 */
export class ShadowView {
  readonly frames = new Map<number, HTMLIFrameElement>();
  readonly #root: ShadowRoot;
  readonly #box: HTMLElement;
  readonly #loading: HTMLElement;
  readonly #error: HTMLElement;
  readonly #size: HTMLStyleElement;
  readonly #errorTitle: HTMLElement;
  readonly #errorDetail: HTMLElement;
  readonly #host: ViewHost;

  constructor(element: HTMLElement, host: ViewHost) {
    this.#host = host;
    this.#root = element.attachShadow({ mode: 'open' });
    this.#root.innerHTML = TEMPLATE;
    const pick = <T extends Element = HTMLElement>(selector: string) =>
      this.#root.querySelector(selector) as T;
    this.#size = pick<HTMLStyleElement>('style + style');
    this.#box = pick('[part=frames]');
    this.#loading = pick('[part=loading]');
    this.#error = pick('[part=error]');
    this.#errorTitle = pick('strong');
    this.#errorDetail = pick('strong + span');
    pick('button').addEventListener('click', () => host.retry());
  }

  /** A number is pixels; else any CSS height. Default (and for anything invalid) 800 px, as the Zipteams docs. */
  setHeight(value: string | null): void {
    const wanted = value && /^\d+(\.\d+)?$/.test(value) ? `${value}px` : (value ?? '');
    // Only a value CSS itself accepts as a height reaches the style sheet.
    const height =
      wanted && !/[{};]/.test(wanted) && CSS.supports('height', wanted) ? wanted : '800px';
    this.#size.textContent = `:host{height:${height}}`;
  }

  render(snapshot: EmbedSnapshot): void {
    const { active, pending, status, error } = snapshot;
    const keep = new Set<number>();
    for (const frame of [active, pending]) {
      if (!frame) continue;
      keep.add(frame.id);
      let element = this.frames.get(frame.id);
      if (!element) {
        element = document.createElement('iframe');
        element.src = frame.src;
        element.title = this.#host.title;
        element.allow = 'autoplay; encrypted-media';
        element.allowFullscreen = true;
        const { id } = frame;
        element.addEventListener('load', () => this.#host.frameLoaded(id));
        this.frames.set(id, element);
        this.#host.attach(id, element);
        this.#box.append(element);
      }
      const shown = frame === active && frame.ready;
      element.dataset.zipteamsFrame = frame === active ? 'active' : 'pending';
      element.toggleAttribute('data-shown', shown);
      if (shown) {
        element.removeAttribute('aria-hidden');
        element.removeAttribute('tabindex');
      } else {
        element.setAttribute('aria-hidden', 'true');
        element.tabIndex = -1;
      }
    }
    for (const [id, element] of this.frames) {
      if (keep.has(id)) continue;
      element.remove();
      this.frames.delete(id);
      this.#host.attach(id, null);
    }
    const failed = (status === 'error' || status === 'expired') && error !== undefined;
    this.#loading.hidden = status !== 'loading';
    this.#error.hidden = !failed;
    if (failed) {
      const { title, detail } = describeError(error);
      this.#errorTitle.textContent = title;
      this.#errorDetail.textContent = detail;
    }
  }

  /** Removes every frame (the element left the page). */
  clear(): void {
    for (const element of this.frames.values()) element.remove();
    this.frames.clear();
  }
}
