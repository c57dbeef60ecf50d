import {
  DEFAULT_BASE_URL,
  InvalidArgumentError,
  createEmbedController,
  knownRefusal,
  originOf,
  resolveTokenSource,
  sharedTokenStore,
  type DashboardToken,
  type EmbedController,
  type EmbedStatus,
  type InitialTokenBody,
  type DashboardTheme,
  type ReadySignal,
  type TokenFunctionSource,
  type TokenStore,
  type TokenUrlSource,
  type ZipteamsError,
} from '@zipteams/embed-core';
import { ShadowView } from './shadow-view.js';
import { takeInitialToken } from './take-initial-token.js';

// On the server (or in Node) there is no HTMLElement: the classes still import, and do nothing.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the stand-in base without a DOM
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/** `detail` of the elements' DOM events (all bubble and cross shadow roots). */
export interface ZipteamsEventDetail {
  /** `zipteams-status`: the new status, as in `data-state`. */
  'zipteams-status': { readonly status: EmbedStatus };
  /** `zipteams-error`: a new failure, typed (`error.code`); its message never holds a token. */
  'zipteams-error': { readonly error: ZipteamsError };
  /** `zipteams-load`: a page became visible (the first, and each one swapped in). */
  'zipteams-load': Record<string, never>;
  /** `zipteams-token`: a new token arrived (its claims, local deadline; never log `token.token`). */
  'zipteams-token': { readonly token: DashboardToken };
}

interface Session {
  readonly signature: string;
  readonly controller: EmbedController;
  readonly sync: () => void;
  readonly store: TokenStore | undefined;
  readonly cleanups: Array<() => void>;
}

/**
 * Every attribute and the camelCase property that reflects it, read and written as the attribute:
 * `el.tokenUrl = '/api/…'` from Vue, Svelte, Angular or a script works before or after connecting.
 */
const REFLECTED = {
  tokenUrl: 'token-url',
  tokenKey: 'token-key',
  baseUrl: 'base-url',
  theme: 'theme',
  agentId: 'agent-id',
  callId: 'call-id',
  height: 'height',
  shareAcrossTabs: 'share-across-tabs',
  loadTimeout: 'load-timeout',
  readySignal: 'ready-signal',
} as const;
type Reflected = keyof typeof REFLECTED;
const ATTRIBUTES = Object.values(REFLECTED);
// What a property may be set to before the element is upgraded (it then hides the accessor).
const PROPERTIES = ['fetchToken', 'tokenRequestInit', 'initialToken', ...Object.keys(REFLECTED)];

/**
 * What `<zipteams-dashboard>` and `<zipteams-call-details>` share: the token from core's page-wide
 * token store (one request per source, shared across tabs), the frames from core's embed
 * controller, the shadow DOM view, attributes, properties and events. Connecting starts it;
 * removing it from the DOM stops every timer, listener and request.
 */
export abstract class ZipteamsEmbedElement extends Base {
  static readonly observedAttributes: readonly string[] = ATTRIBUTES;
  /** `token-url`: your token endpoint (GET, same-origin credentials). Relative URLs resolve against the page. */
  declare tokenUrl: string | undefined;
  /** `token-key`: names the token source (required with `fetchToken`): same key, same token. */
  declare tokenKey: string | undefined;
  /** `base-url`: origin of the Zipteams pages; default `https://app.zipteams.com`. */
  declare baseUrl: string;
  /** `theme` (`<zipteams-dashboard>`): `light` or `dark`. */
  declare theme: DashboardTheme | undefined;
  /** `agent-id` (`<zipteams-dashboard>`): one agent's dashboard. */
  declare agentId: string | undefined;
  /** `call-id` (`<zipteams-call-details>`): the call whose details are shown. */
  declare callId: string | undefined;
  /** `height`: the frame's height, CSS length or px number; default 600 px. */
  declare height: string | undefined;
  /** `share-across-tabs`: `false` makes this source fetch every token itself in every tab. */
  declare shareAcrossTabs: boolean;
  /** `load-timeout`: ms a page may take to load before it counts as failed. */
  declare loadTimeout: number | undefined;
  /** `ready-signal`: `load` or `message` (default: `message` for a non-Zipteams `base-url`). */
  declare readySignal: ReadySignal | undefined;
  #fetchToken: TokenFunctionSource['fetchToken'] | undefined;
  #tokenRequestInit: TokenUrlSource['init'] | undefined;
  #initialToken: InitialTokenBody | undefined;
  #initialPending = false; // assigned, not yet handed to a token store
  #view: ShadowView | undefined;
  #session: Session | undefined;
  #queued = false;
  #sourceLooked = false; // a missing source was seen once: the next look reports it

  /** The page URL for a token (throws `InvalidArgumentError` for a bad attribute). */
  protected abstract buildUrl(token: string, baseUrl: string): string;
  /** Accessible title of the iframe. */
  protected abstract readonly frameTitle: string;

  /** Your own token function, instead of `token-url`; needs `tokenKey` (or `token-key`). */
  get fetchToken() {
    return this.#fetchToken;
  }
  set fetchToken(value) {
    this.#fetchToken = value;
    this.#invalidate();
  }
  /** Extra fetch options for `token-url` (headers, credentials, …). */
  get tokenRequestInit() {
    return this.#tokenRequestInit;
  }
  set tokenRequestInit(value) {
    this.#tokenRequestInit = value;
    this.#invalidate();
  }
  /**
   * A server-minted token: the token endpoint's body `{ token, expiresIn, expiresAt }` (e.g.
   * `createTokenService().getToken(tenant)` of `@zipteams/server`). Set before connecting, it is
   * used at once with no request, seeding the source's shared store; refreshes go to the source.
   * Malformed, expired or for another tenant: ignored (a development warning), fetched as usual.
   */
  get initialToken() {
    return this.#initialToken;
  }
  set initialToken(value) {
    this.#initialToken = value;
    this.#initialPending = value !== undefined;
    this.#invalidate();
  }
  /** The current status (also `data-state`). */
  get status(): EmbedStatus {
    return this.#session?.controller.getSnapshot().status ?? 'loading';
  }
  /** The current error, if any. */
  get error(): ZipteamsError | undefined {
    return this.#session?.controller.getSnapshot().error;
  }

  /** Tries again at once: reopens a failed page, and asks for a token when there is none. */
  retry(): void {
    const session = this.#session;
    if (!session) return;
    session.controller.retry();
    if (!session.controller.getSnapshot().state.input.token) void session.store?.refresh();
  }

  connectedCallback(): void {
    // A property set before the element was upgraded (the script loaded after the markup) sits
    // on the instance and hides the accessor: hand it to the accessor.
    for (const name of PROPERTIES) {
      if (!Object.prototype.hasOwnProperty.call(this, name)) continue;
      const value: unknown = Reflect.get(this, name);
      Reflect.deleteProperty(this, name);
      Reflect.set(this, name, value);
    }
    this.#view ??= new ShadowView(this, {
      title: this.frameTitle,
      frameLoaded: (id) => this.#session?.controller.frameLoaded(id),
      retry: () => this.retry(),
    });
    this.#view.setHeight(this.getAttribute('height'));
    this.#apply();
  }

  disconnectedCallback(): void {
    this.#sourceLooked = false;
    this.#stop();
  }

  attributeChangedCallback(name: string): void {
    if (name === 'height') this.#view?.setHeight(this.getAttribute('height'));
    else this.#invalidate();
  }

  /** Several changes in a row (attributes, properties) are applied once, a microtask later. */
  #invalidate() {
    if (this.#queued || !this.#session) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#apply();
    });
  }

  #emit<K extends keyof ZipteamsEventDetail>(type: K, detail: ZipteamsEventDetail[K]) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** Starts, or restarts when the source or the pages' origin changed; else re-reads the URL. */
  #apply() {
    const baseUrl = this.baseUrl;
    const refusal = knownRefusal(baseUrl, location.origin);
    const resolved = refusal
      ? undefined
      : resolveTokenSource({
          tokenUrl: this.tokenUrl,
          tokenRequestInit: this.#tokenRequestInit,
          fetchToken: this.#fetchToken,
          tokenKey: this.tokenKey,
        });
    const origin = originOf(baseUrl);
    const readyAttribute = this.readySignal;
    const readySignal: ReadySignal =
      readyAttribute === 'load' || readyAttribute === 'message'
        ? readyAttribute
        : origin === DEFAULT_BASE_URL
          ? 'load'
          : 'message';
    const loadTimeout = this.loadTimeout;
    const share = this.shareAcrossTabs;
    // No source at all: a typed error, never an endless spinner. A framework may set the source
    // right after connecting, so the element looks again a microtask later before saying so.
    let noSource: InvalidArgumentError | undefined;
    if (!refusal && !resolved) {
      if (this.#sourceLooked) {
        noSource = new InvalidArgumentError(
          'token-url',
          'set token-url (the tokenUrl property), or fetchToken with token-key.',
        );
      } else {
        this.#sourceLooked = true;
        queueMicrotask(() => {
          if (this.isConnected) this.#apply();
        });
      }
    }
    const signature = JSON.stringify([
      resolved?.key,
      share,
      baseUrl,
      readySignal,
      loadTimeout,
      noSource !== undefined,
    ]);
    if (this.#session?.signature === signature) {
      this.#takeInitialToken(this.#session.store);
      return this.#session.sync();
    }
    this.#stop();

    const view = this.#view;
    if (!view) return;
    const controller = createEmbedController({
      origin,
      readySignal,
      loadTimeout,
      onStatusChange: (status) => this.#emit('zipteams-status', { status }),
      onError: (error) => this.#emit('zipteams-error', { error }),
      onLoad: () => this.#emit('zipteams-load', {}),
      onTokenRefresh: (token) => this.#emit('zipteams-token', { token }),
    });
    const store = resolved?.source
      ? sharedTokenStore({
          key: JSON.stringify(resolved.key),
          source: resolved.source,
          shareAcrossTabs: share,
        })
      : undefined;
    const sync = () => {
      const snapshot = store?.getSnapshot();
      let src: string | undefined;
      let urlError: ZipteamsError | undefined;
      if (snapshot?.token) {
        try {
          src = this.buildUrl(snapshot.token.token, baseUrl);
        } catch (error) {
          urlError = error as ZipteamsError;
        }
      }
      controller.update({
        src,
        token: snapshot?.token,
        tokenStatus: snapshot?.status,
        tokenError: snapshot?.error,
        error: refusal ?? noSource ?? resolved?.error ?? urlError,
        tokenUrl: this.tokenUrl,
      });
    };
    const render = () => {
      const snapshot = controller.getSnapshot();
      this.dataset.state = snapshot.status;
      view.render(snapshot);
    };
    // Ready messages count only from our own frames' windows and the pages' origin.
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin) return;
      if ((event.data as { type?: unknown } | null)?.type !== 'zipteams:ready') return;
      for (const [id, frame] of view.frames) {
        if (frame.contentWindow === event.source) controller.frameAnnounced(id);
      }
    };
    const onFocus = () => controller.focus(view.focusInside(controller.getSnapshot()));
    const cleanups = [controller.subscribe(render)];
    const listen = (target: EventTarget, type: string, listener: (event: never) => void) => {
      target.addEventListener(type, listener as EventListener);
      cleanups.push(() => target.removeEventListener(type, listener as EventListener));
    };
    listen(window, 'message', onMessage);
    for (const type of ['focus', 'blur']) listen(window, type, onFocus);
    for (const type of ['focusin', 'focusout']) listen(document, type, onFocus);
    // Seeded before the first subscription: a valid initial token means no request at all.
    this.#takeInitialToken(store);
    if (store) cleanups.push(store.subscribe(sync));
    this.#session = { signature, controller, sync, store, cleanups };
    sync();
    render();
  }

  #takeInitialToken(store: TokenStore | undefined) {
    if (!store || !this.#initialPending) return;
    this.#initialPending = false;
    takeInitialToken(store, this.#initialToken);
  }

  #stop() {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    for (const cleanup of session.cleanups) cleanup();
    session.controller.dispose();
    this.#view?.clear();
  }
}

// The reflected properties, defined once on the prototype: each reads and writes its attribute
// (`null`/`undefined` removes it), so the attribute stays the one source of truth.
for (const [property, attribute] of Object.entries(REFLECTED) as [Reflected, string][]) {
  Object.defineProperty(ZipteamsEmbedElement.prototype, property, {
    configurable: true,
    enumerable: true,
    get(this: HTMLElement) {
      const value = this.getAttribute(attribute);
      if (property === 'baseUrl') return value ?? DEFAULT_BASE_URL;
      if (property === 'shareAcrossTabs') return value !== 'false';
      if (property === 'loadTimeout') return Number(value) > 0 ? Number(value) : undefined;
      return value ?? undefined;
    },
    set(this: HTMLElement, value: unknown) {
      if (value === undefined || value === null) this.removeAttribute(attribute);
      else this.setAttribute(attribute, String(value));
    },
  });
}
