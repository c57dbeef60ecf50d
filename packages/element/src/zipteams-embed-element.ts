import {
  createEmbedSession,
  type DashboardTheme,
  type InitialTokenBody,
  type EmbedSession,
  type EmbedSessionOptions,
  type EmbedStatus,
  type ReadySignal,
  type TokenFunctionSource,
  type TokenUrlSource,
  type ZipteamsError,
} from '@zipteams/embed-core';
import { ATTRIBUTES, REFLECTED, reflectAttributes } from './reflect-attributes.js';
import { ShadowView } from './shadow-view.js';
import type { ZipteamsEventDetail } from './zipteams-event-detail.js';

// On the server (or in Node) there is no HTMLElement: the classes still import, and do nothing.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the stand-in base without a DOM
const Base = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

export type { ZipteamsEventDetail };
// What a property may be set to before the element is upgraded (it then hides the accessor).
const PROPERTIES = ['fetchToken', 'tokenRequestInit', 'initialToken', ...Object.keys(REFLECTED)];

/**
 * What `<zipteams-dashboard>` and `<zipteams-call-details>` share: the attributes, properties and
 * events, and the shadow DOM view of core's embed session (`createEmbedSession`: the token, shared
 * per source and across tabs, the frames, ready messages, focus, retries). Connecting starts a
 * session; removing the element from the DOM stops every timer, listener and request.
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
  #initialToken: unknown;
  #initialPending = false; // assigned, not yet handed to a session
  #view: ShadowView | undefined;
  #session: EmbedSession | undefined;
  #stop: (() => void) | undefined;
  #queued = false;

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
  get initialToken(): InitialTokenBody | undefined {
    return this.#initialToken as InitialTokenBody | undefined;
  }
  set initialToken(value) {
    this.#initialToken = value;
    this.#initialPending = value !== undefined;
    this.#invalidate();
  }
  /** The current status (also `data-state`). */
  get status(): EmbedStatus {
    return this.#session?.getSnapshot().status ?? 'loading';
  }
  /** The current error, if any. */
  get error(): ZipteamsError | undefined {
    return this.#session?.getSnapshot().error;
  }

  /** Tries again at once: reopens a failed page, and asks for a token when there is none. */
  retry(): void {
    this.#session?.retry();
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
    const view = (this.#view ??= new ShadowView(this, {
      title: this.frameTitle,
      attach: (id, frame) => this.#session?.attachFrame(id, frame),
      frameLoaded: (id) => this.#session?.frameLoaded(id),
      retry: () => this.retry(),
    }));
    view.setHeight(this.getAttribute('height'));
    const session = (this.#session = createEmbedSession(this.#options()));
    const render = () => {
      const snapshot = session.getSnapshot();
      this.dataset.state = snapshot.status;
      view.render(snapshot);
    };
    this.#stop = session.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#stop?.();
    this.#session?.dispose();
    this.#session = this.#stop = undefined;
    this.#view?.clear();
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
      this.#session?.update(this.#options());
    });
  }

  #emit<K extends keyof ZipteamsEventDetail>(type: K, detail: ZipteamsEventDetail[K]) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The session's options, from the attributes and properties as they are now. */
  #options(): EmbedSessionOptions {
    const readySignal = this.readySignal;
    // An initial token is taken once per assignment, not again on each reconnection.
    const initialToken = this.#initialPending ? this.#initialToken : undefined;
    this.#initialPending = false;
    return {
      tokenUrl: this.tokenUrl,
      tokenRequestInit: this.#tokenRequestInit,
      fetchToken: this.#fetchToken,
      tokenKey: this.tokenKey,
      shareAcrossTabs: this.shareAcrossTabs,
      initialToken,
      baseUrl: this.baseUrl,
      page: (token, baseUrl) => this.buildUrl(token, baseUrl),
      readySignal: readySignal === 'load' || readySignal === 'message' ? readySignal : undefined,
      loadTimeout: this.loadTimeout,
      sourceName: 'token-url',
      onStatusChange: (status) => this.#emit('zipteams-status', { status }),
      onError: (error) => this.#emit('zipteams-error', { error }),
      onLoad: () => this.#emit('zipteams-load', {}),
      onTokenRefresh: (token) => this.#emit('zipteams-token', { token }),
    };
  }
}

reflectAttributes(ZipteamsEmbedElement.prototype);
