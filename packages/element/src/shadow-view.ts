import { describeError, type EmbedSnapshot } from '@zipteams/embed-core';
import { FALLBACK_UI, embedCss } from '@zipteams/embed-core/internal';

// Core's sheet, as React's embed has it, plus the element's own: the loading UI fades in after
// core's delay by CSS alone (so a fast load never flashes it), and `hidden` hides a fallback.
const STYLE =
  embedCss(':host', ':host([theme=dark]) [data-zipteams-fallback]') +
  `[data-zipteams-fallback=loading]{opacity:0;animation:zipteams-in 0s ${FALLBACK_UI.delayMs}ms forwards}` +
  '@keyframes zipteams-in{to{opacity:1}}';

let shared: CSSStyleSheet | undefined;

/**
 * Puts `texts` in `root` as constructable sheets: no `<style>` element, so a strict
 * Content-Security-Policy (`style-src` without `'unsafe-inline'`) has nothing to block and needs
 * no nonce. Where the browser lacks them, `<style>` elements with the element's own `nonce`.
 */
function adopt(root: ShadowRoot, nonce: string, texts: string[]): ((text: string) => void)[] {
  try {
    const sheets = texts.map((text, i) => {
      const sheet = i === 0 && shared ? shared : new CSSStyleSheet();
      if (sheet !== shared) sheet.replaceSync(text);
      return sheet;
    });
    shared = sheets[0];
    root.adoptedStyleSheets = sheets;
    return sheets.map((sheet) => (text: string) => sheet.replaceSync(text));
  } catch {
    return texts.map((text) => {
      const style = document.createElement('style');
      style.nonce = nonce;
      style.textContent = text;
      root.append(style);
      return (next: string) => (style.textContent = next);
    });
  }
}

/** A new element with attributes and children: the DOM API, never HTML strings (Trusted Types). */
function h(tag: string, attributes: Record<string, string>, ...children: Node[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
const text = (value: string) => document.createTextNode(value);

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
  readonly #size: (text: string) => void;
  readonly #errorTitle: HTMLElement;
  readonly #errorDetail: HTMLElement;
  readonly #host: ViewHost;

  constructor(element: HTMLElement, host: ViewHost) {
    this.#host = host;
    this.#root = element.attachShadow({ mode: 'open' });
    this.#size = adopt(this.#root, element.nonce ?? '', [STYLE, ''])[1] ?? (() => {});
    const fallback = (name: string, role: string, ...content: Node[]) =>
      h(
        'div',
        { part: name, 'data-zipteams-fallback': name, role },
        h('slot', { name }, ...content),
      );
    const button = h('button', { type: 'button' }, text(FALLBACK_UI.retry));
    button.addEventListener('click', () => host.retry());
    this.#root.append(
      (this.#box = h('div', { part: 'frames' })),
      (this.#loading = fallback(
        'loading',
        'status',
        h('div', { 'data-zipteams-spinner': '' }),
        h('span', {}, text(FALLBACK_UI.loading)),
      )),
      (this.#error = fallback(
        'error',
        'alert',
        (this.#errorTitle = h('strong', {})),
        (this.#errorDetail = h('span', {})),
        button,
      )),
    );
    this.#loading.setAttribute('aria-live', 'polite');
    this.#error.hidden = true;
  }

  /** A number is pixels; else any CSS height. Default (and for anything invalid) 800 px, as the Zipteams docs. */
  setHeight(value: string | null): void {
    const wanted = value && /^\d+(\.\d+)?$/.test(value) ? `${value}px` : (value ?? '');
    // Only a value CSS itself accepts as a height reaches the style sheet.
    const height =
      wanted && !/[{};]/.test(wanted) && CSS.supports('height', wanted) ? wanted : '800px';
    this.#size(`:host{height:${height}}`);
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
