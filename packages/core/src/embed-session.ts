import {
  createEmbedController,
  isReadyMessage,
  type EmbedController,
  type EmbedSnapshot,
  type ReachabilityProbe,
} from './embed-controller.js';
import type { EmbedInput, EmbedStatus, ReadySignal } from './embed-transition.js';
import { DEFAULT_BASE_URL } from './embed-url.js';
import { globalTimers, type Clock, type Timers, type WakeEventSource } from './environment.js';
import { InvalidArgumentError, type ZipteamsError } from './errors.js';
import type { TokenFunctionSource, TokenUrlSource } from './fetch-token.js';
import { readInitialToken } from './initial-token.js';
import { knownRefusal, originOf } from './known-refusal.js';
import { registerEmbed } from './page-registry.js';
import type { RefreshMargin } from './refresh.js';
import type { RetryOptions } from './retry.js';
import type { TabEnvironment } from './tab-environment.js';
import { takeInitialToken } from './take-initial-token.js';
import type { TokenCache } from './token-cache.js';
import { resolveTokenSource } from './token-key.js';
import { sharedTokenStore, type TokenStore } from './token-store.js';
import type { DashboardToken } from './token.js';

/** What an embed shows, and how (see {@link createEmbedSession}); adapters pass their props. */
export interface EmbedSessionOptions {
  /** Your token endpoint (GET; a path-relative URL resolves against the page). */
  readonly tokenUrl?: string | undefined;
  /** Extra fetch options for `tokenUrl`. */
  readonly tokenRequestInit?: TokenUrlSource['init'];
  /** Your own token function, instead of `tokenUrl`; needs `tokenKey`. */
  readonly fetchToken?: TokenFunctionSource['fetchToken'] | undefined;
  /** Names the source: same key, same token. */
  readonly tokenKey?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retry?: RetryOptions | undefined;
  readonly refreshMargin?: RefreshMargin | undefined;
  /** Share rotations with this origin's other tabs of the same tenant. Default true. */
  readonly shareAcrossTabs?: boolean | undefined;
  /** A server-minted token body, taken once per body (see `takeInitialToken`). */
  readonly initialToken?: unknown;
  /** Origin (and path prefix) of the Zipteams pages. Default {@link DEFAULT_BASE_URL}. */
  readonly baseUrl?: string | undefined;
  /** The page URL for a token; throws `InvalidArgumentError` for a bad id or theme. */
  readonly page: (token: string, baseUrl: string) => string;
  /** Default: `load` for the real platform, `message` for any other base URL. */
  readonly readySignal?: ReadySignal | undefined;
  readonly loadTimeout?: number | undefined;
  /** How the adapter names the token source in the no-source error. Default `tokenUrl`. */
  readonly sourceName?: string;
  readonly onStatusChange?: ((status: EmbedStatus) => unknown) | undefined;
  readonly onError?: ((error: ZipteamsError) => unknown) | undefined;
  readonly onLoad?: (() => unknown) | undefined;
  readonly onTokenRefresh?: ((token: DashboardToken) => unknown) | undefined;
}

/** An iframe of the embed, as the session reads it: its window and where focus is. */
export interface EmbedFrameElement {
  readonly contentWindow: unknown;
  getRootNode(): unknown;
}

/** The browser events a session listens to, injected so tests can use their own targets. */
export interface EmbedDom {
  /** Where `message`, `focus` and `blur` arrive: the window. */
  readonly window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Where `focusin` and `focusout` arrive: the document. */
  readonly document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** This page's origin (`location.origin`), for the refusal known in advance. */
  readonly origin: string;
}

/** What a session runs on; fixed for its life. Everything has a browser default. */
export interface EmbedSessionEnvironment {
  /** Where token stores keep a source's token (React: its QueryClient). Default: memory. */
  readonly caches?: ((key: readonly unknown[]) => TokenCache) | undefined;
  /** The first frame is already in the page (server rendered) and may have loaded unheard. */
  readonly hydrating?: boolean;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly wakeEvents?: WakeEventSource;
  /** Tabs to share rotations with (default the browser's; `null` alone). */
  readonly tabs?: TabEnvironment | null;
  readonly probe?: ReachabilityProbe;
  /** Default the page's window and document; `null` where there is none (server rendering). */
  readonly dom?: EmbedDom | null;
}

/** One embed's whole life; adapters render {@link EmbedSession.getSnapshot} and report DOM events. */
export interface EmbedSession {
  /** Runs while anyone listens: token, frames, timers, DOM listeners. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** What to render: the same object until something changes. */
  getSnapshot(): EmbedSnapshot;
  /** What server rendering shows, and hydration with it: from the `initialToken` body alone. */
  getServerSnapshot(): EmbedSnapshot;
  /** New options (props, attributes): a new source, base URL or ready signal takes effect. */
  update(options: EmbedSessionOptions): void;
  /** The iframe element of frame `id` (or `null` once it is gone): ready messages and focus. */
  attachFrame(id: number, element: EmbedFrameElement | null): void;
  /** The iframe of frame `id` fired `load`. */
  frameLoaded(id: number): void;
  /** Tries again now: reopens a failed page, and asks for a token when there is none. */
  retry(): void;
  /** Stops everything for good. */
  dispose(): void;
}

const sameInput = (a: EmbedInput | undefined, b: EmbedInput) =>
  !!a && (Object.keys(b) as (keyof EmbedInput)[]).every((key) => a[key] === b[key]);

/**
 * Creates the session of one embed, the one object both adapters render: it resolves the token
 * source and the refusal known in advance, runs core's token store (cache from `environment`),
 * takes the `initialToken`, builds the page URL, drives {@link createEmbedController}, hears ready
 * messages and focus for the frames the adapter attaches, retries, calls the callbacks safely,
 * writes the development diagnostics, and lists itself in the page registry while it runs.
 *
 * @example
 * ```ts
 * const session = createEmbedSession({ tokenUrl: '/api/zipteams/token', page: (token, baseUrl) =>
 *   buildInsightsUrl({ token, baseUrl }) });
 * session.subscribe(() => render(session.getSnapshot()));
 * ```
 */
export function createEmbedSession(
  initial: EmbedSessionOptions,
  environment: EmbedSessionEnvironment = {},
): EmbedSession {
  const { clock, wakeEvents, tabs, probe } = environment;
  const timers = environment.timers ?? globalTimers;
  const dom =
    environment.dom === undefined
      ? typeof window === 'undefined'
        ? null
        : { window, document, origin: location.origin }
      : environment.dom;
  const listeners = new Set<() => void>();
  const frames = new Map<number, EmbedFrameElement>();
  let options = initial;
  let baseUrl = '';
  let refusal: ZipteamsError | undefined;
  let sourceError: ZipteamsError | undefined;
  let noSource: InvalidArgumentError | undefined;
  let urlError: ZipteamsError | undefined;
  let hasSource = false;
  let store: TokenStore | undefined;
  let taken: unknown;
  let controller: EmbedController | undefined;
  let controllerId = '';
  let fed: EmbedInput | undefined;
  let stops: Array<() => void> = [];
  let stopController: (() => void) | undefined;
  let stopStore: (() => void) | undefined;
  let grace: unknown;
  let focusTimer: unknown;
  let server: { key: unknown; snapshot: EmbedSnapshot | undefined } | undefined;
  let disposed = false;

  // Watchers (the devtools, through the page registry) hear changes without starting the session.
  const watchers = new Set<() => void>();
  const emit = () => {
    for (const listener of [...listeners, ...watchers]) listener();
  };

  /** The page URL for the token; a failure to build it is kept (the same object while it lasts). */
  const urlFor = (token: DashboardToken | undefined): string | undefined => {
    let failure: ZipteamsError | undefined;
    let src: string | undefined;
    try {
      if (token) src = options.page(token.token, baseUrl);
    } catch (error) {
      failure = error as ZipteamsError;
    }
    if (failure?.message !== urlError?.message) urlError = failure;
    return src;
  };

  /** Feeds the controller what the token side looks like now (only when something changed). */
  const sync = () => {
    if (!controller) return;
    const snapshot = store?.getSnapshot();
    const input: EmbedInput = {
      src: urlFor(snapshot?.token),
      token: snapshot?.token,
      tokenStatus: snapshot?.status,
      tokenError: snapshot?.error,
      error: refusal ?? noSource ?? sourceError ?? urlError,
      tokenUrl: options.tokenUrl,
    };
    if (sameInput(fed, input)) return;
    fed = input;
    controller.update(input);
  };

  // No source at all is an error, never an endless spinner; a framework may set the source just
  // after connecting, so the session waits one task before saying so.
  const armGrace = () => {
    timers.clearTimeout(grace);
    grace = undefined;
    if (hasSource || refusal || noSource || !listeners.size) return;
    grace = timers.setTimeout(() => {
      noSource = new InvalidArgumentError(
        options.sourceName ?? 'tokenUrl',
        'no token source: set tokenUrl, or fetchToken with tokenKey.',
      );
      sync();
    }, 0);
  };

  const onMessage = (event: Event) => {
    const origin = originOf(baseUrl);
    if (!origin || !isReadyMessage(event as MessageEvent, origin)) return;
    for (const [id, frame] of frames) {
      if (frame.contentWindow === (event as MessageEvent).source) controller?.frameAnnounced(id);
    }
  };
  // One focus rule: focus is inside when the frame on screen is its root's active element, read
  // on every focus event and once more a task later (a frame gets focus just after the blur).
  const readFocus = () => {
    const id = controller?.getSnapshot().active?.id;
    const frame = id === undefined ? undefined : frames.get(id);
    const root = frame?.getRootNode() as { activeElement?: unknown } | undefined;
    controller?.focus(frame !== undefined && root?.activeElement === frame);
  };
  const onFocus = () => {
    readFocus();
    timers.clearTimeout(focusTimer);
    focusTimer = timers.setTimeout(readFocus, 0);
  };

  const start = () => {
    stopController = controller?.subscribe(emit);
    if (store) stopStore = store.subscribe(sync);
    if (dom) {
      const on = (target: EmbedDom['window'], type: string, listener: (event: Event) => void) => {
        target.addEventListener(type, listener);
        stops.push(() => target.removeEventListener(type, listener));
      };
      on(dom.window, 'message', onMessage);
      for (const type of ['focus', 'blur']) on(dom.window, type, onFocus);
      for (const type of ['focusin', 'focusout']) on(dom.document, type, onFocus);
    }
    stops.push(
      registerEmbed({
        subscribe(watcher) {
          watchers.add(watcher);
          return () => void watchers.delete(watcher);
        },
        getSnapshot: () => session.getSnapshot(),
      }),
    );
    armGrace();
    sync();
  };

  const stop = () => {
    for (const off of stops) off();
    stops = [];
    stopController?.();
    stopController = undefined;
    stopStore?.();
    stopStore = undefined;
    timers.clearTimeout(grace);
    timers.clearTimeout(focusTimer);
    grace = undefined;
    noSource = undefined;
  };

  const session: EmbedSession = {
    subscribe(listener) {
      if (disposed) return () => {};
      listeners.add(listener);
      if (listeners.size === 1) start();
      return () => {
        if (listeners.delete(listener) && !listeners.size) stop();
      };
    },
    // The first `update`, below, creates the controller.
    getSnapshot: () => (controller as EmbedController).getSnapshot(),
    getServerSnapshot() {
      const body = options.initialToken;
      if (body !== undefined && server?.key !== body)
        server = { key: body, snapshot: serverSnapshot(body) };
      return (body !== undefined && server?.snapshot) || session.getSnapshot();
    },
    update(next) {
      if (disposed) return;
      options = next;
      const nextBase = next.baseUrl ?? DEFAULT_BASE_URL;
      if (nextBase !== baseUrl) {
        baseUrl = nextBase;
        refusal = dom ? knownRefusal(baseUrl, dom.origin) : undefined;
      }
      const resolved = refusal ? undefined : resolveTokenSource(next);
      hasSource = resolved !== undefined;
      if (hasSource) noSource = undefined;
      if (resolved?.error?.message !== sourceError?.message) sourceError = resolved?.error;
      const nextStore =
        resolved?.source &&
        sharedTokenStore({
          key: JSON.stringify(resolved.key),
          source: resolved.source,
          refreshMargin: next.refreshMargin,
          retry: next.retry,
          timeoutMs: next.timeoutMs,
          shareAcrossTabs: next.shareAcrossTabs,
          cache: environment.caches?.(resolved.key),
          tabs,
          clock,
          timers: environment.timers,
          wakeEvents,
        });
      if (nextStore !== store) {
        stopStore?.();
        stopStore = undefined;
        store = nextStore;
        if (store && listeners.size) stopStore = store.subscribe(sync);
      }
      if (store && next.initialToken !== undefined && next.initialToken !== taken) {
        taken = next.initialToken;
        takeInitialToken(store, taken);
      }
      const origin = originOf(baseUrl);
      const id = JSON.stringify([origin, next.readySignal, next.loadTimeout]);
      if (id !== controllerId) replaceController(origin, id);
      armGrace();
      sync();
    },
    attachFrame(id, element) {
      if (element) frames.set(id, element);
      else frames.delete(id);
    },
    frameLoaded: (id) => controller?.frameLoaded(id),
    retry() {
      controller?.retry();
      if (!store?.getSnapshot().token) void store?.refresh();
    },
    dispose() {
      disposed = true;
      listeners.clear();
      stop();
      controller?.dispose();
    },
  };

  function replaceController(origin: string | undefined, id: string) {
    const first = controller === undefined;
    stopController?.();
    controller?.dispose();
    controllerId = id;
    fed = undefined;
    const token = store?.getSnapshot().token;
    const src = urlFor(token);
    controller = createEmbedController({
      origin,
      readySignal: options.readySignal,
      loadTimeout: options.loadTimeout,
      // A server-rendered frame may have fired `load` and posted its ready message before any
      // listener existed: it counts as loaded and announced, never hidden from a user seeing it.
      initial:
        first && environment.hydrating && token && src
          ? { src, token, tokenStatus: 'ready', loaded: true, announced: true }
          : undefined,
      probe,
      clock,
      timers: environment.timers,
      wakeEvents,
      onStatusChange: (status) => options.onStatusChange?.(status),
      onError: (error) => options.onError?.(error),
      onLoad: () => options.onLoad?.(),
      onTokenRefresh: (token) => options.onTokenRefresh?.(token),
    });
    stopController = listeners.size ? controller.subscribe(emit) : undefined;
  }

  /**
   * The server's markup, which hydration must repeat exactly: from the body alone (no clock, no
   * page age), the frame shown as loaded. Undefined without a usable body.
   */
  function serverSnapshot(body: unknown): EmbedSnapshot | undefined {
    const read = readInitialToken(body, { now: 0, ageBoundMs: 0 });
    let src: string | undefined;
    try {
      if (read.ok) src = options.page(read.token.token, baseUrl);
    } catch {
      // A bad id: the error shows once the session runs.
    }
    if (!read.ok || src === undefined) return undefined;
    return createEmbedController({
      origin: originOf(baseUrl),
      readySignal: options.readySignal,
      clock: { now: () => 0 },
      initial: { src, token: read.token, tokenStatus: 'ready', loaded: true, announced: true },
    }).getSnapshot();
  }

  session.update(initial);
  return session;
}
