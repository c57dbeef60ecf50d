import {
  createEmbedController,
  isReadyMessage,
  type EmbedController,
  type EmbedControllerOptions,
  type EmbedSnapshot,
  type ReachabilityProbe,
} from './embed-controller.js';
import type { EmbedInput, EmbedStatus, ReadySignal } from './embed-transition.js';
import {
  browserCspViolations,
  type CspViolation,
  type CspViolationSource,
} from './csp-violations.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import {
  globalTimers,
  type Clock,
  type Timers,
  type WakeEventSource,
} from '../timing/environment.js';
import {
  InvalidArgumentError,
  NetworkError,
  details,
  type CspRefusal,
  type ZipteamsError,
} from '../errors/errors.js';
import type { TokenFunctionSource, TokenUrlSource } from '../token/fetch-token.js';
import { readInitialToken } from '../token/initial-token.js';
import { knownRefusal, originOf } from './known-refusal.js';
import type { RefreshMargin } from '../timing/refresh.js';
import type { RetryOptions } from '../timing/retry.js';
import type { TabEnvironment } from '../tabs/tab-environment.js';
import { takeInitialToken } from '../token/take-initial-token.js';
import type { TokenSlot } from '../token/token-slot.js';
import { resolveTokenSource } from '../token/token-key.js';
import { sourceStore } from '../token/shared-token-store.js';
import type { TokenStore } from '../token/token-store-types.js';
import type { DashboardToken } from '../token/token.js';

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
  /** Origin (and path prefix) of the Zipteams pages. Default {@link DEFAULT_APP_URL}. */
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
  readonly tokenSlots?: ((key: readonly unknown[]) => TokenSlot) | undefined;
  /** The first frame is already in the page (server rendered) and may have loaded unheard. */
  readonly hydrating?: boolean;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly wakeEvents?: WakeEventSource;
  /** Tabs to share rotations with (default the browser's; `null` alone). */
  readonly tabs?: TabEnvironment | null;
  readonly probe?: ReachabilityProbe;
  /** This page's Content-Security-Policy violations (default: the browser's). */
  readonly violations?: CspViolationSource;
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

/** The same error again (a new object with the same code and message) is the one already shown. */
const keep = <E extends ZipteamsError | undefined>(seen: E, next: E): E =>
  seen && next && seen.code + seen.message === next.code + next.message ? seen : next;

/**
 * Creates the session of one embed, the one object both adapters render: it resolves the token
 * source and the refusal known in advance, runs core's token store (cache from `environment`),
 * takes the `initialToken`, builds the page URL, drives `createEmbedController`, hears ready
 * messages and focus for the frames the adapter attaches, retries, calls the callbacks safely, and
 * writes the development diagnostics. While it runs, its controller and its token store are listed
 * in the page registry for the devtools (`registerInspectable`).
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
  const { clock, wakeEvents, tabs, probe, tokenSlots } = environment;
  const timers = environment.timers ?? globalTimers;
  const dom =
    environment.dom === undefined
      ? typeof window === 'undefined'
        ? null
        : { window, document, origin: location.origin }
      : environment.dom;
  const listeners = new Set<() => void>();
  // Watchers (tools reading the page registry) hear changes without starting the session.
  const watchers = new Set<() => void>();
  const frames = new Map<number, EmbedFrameElement>();
  let options = initial;
  let baseUrl: string | undefined;
  let origin: string | undefined;
  let refusal: ZipteamsError | undefined;
  // Known failures, kept while they last so each is reported once.
  let sourceError: ZipteamsError | undefined;
  let failure: ZipteamsError | undefined;
  let hasSource = false;
  let store: TokenStore | undefined;
  let taken: unknown;
  let controller!: EmbedController;
  let rules = '';
  let fed: EmbedInput = {};
  let stops: Array<(() => void) | undefined> = [];
  let grace: unknown;
  let noSource: InvalidArgumentError | undefined;
  let server: { body: unknown; snapshot: EmbedSnapshot | undefined } | undefined;
  // The page's own connect-src refusing the token endpoint's origin: its network errors say so.
  let tokenOrigin: string | undefined;
  let tokenRefused: CspRefusal | undefined;
  let named: [ZipteamsError, NetworkError] | undefined;

  /** The page URL for `token`, or the error building it (a bad id or theme). */
  const pageOf = (token: DashboardToken | undefined): [string?, ZipteamsError?] => {
    try {
      return [token && options.page(token.token, baseUrl as string)];
    } catch (thrown) {
      return [undefined, thrown as ZipteamsError];
    }
  };

  /**
   * A server-rendered frame of `token`, shown: it may have fired `load` and posted its ready
   * message before any listener existed, so it counts as loaded and announced, never hidden from
   * a user seeing it. Undefined without a token or a page URL (a bad id shows once the session runs).
   */
  const shownFrame = (token: DashboardToken | undefined): EmbedControllerOptions['initial'] => {
    const [src] = pageOf(token);
    return src && token
      ? { src, token, tokenStatus: 'ready', loaded: true, announced: true }
      : undefined;
  };

  const emit = () => {
    for (const listener of [...listeners, ...watchers]) listener();
  };

  /** Feeds the controller what the token side looks like now (only when something changed). */
  const sync = () => {
    const { token, status, error: stored } = store?.getSnapshot() ?? {};
    let error = stored;
    if (stored?.code === 'network' && tokenRefused) {
      if (named?.[0] !== stored) {
        named = [stored, new NetworkError({ cause: stored.cause, refusedBy: tokenRefused })];
      }
      error = named[1];
    }
    const [src, urlError] = pageOf(token);
    failure = keep(failure, refusal ?? noSource ?? sourceError ?? urlError);
    const input: EmbedInput = {
      src,
      token,
      tokenStatus: status,
      tokenError: error,
      error: failure,
      tokenUrl: options.tokenUrl,
    };
    if ((Object.keys(input) as (keyof EmbedInput)[]).some((key) => input[key] !== fed[key])) {
      controller.update((fed = input));
    }
  };

  // One focus rule: focus is inside when the frame on screen is its root's active element, read
  // on every focus event and once more a task later (a frame gets focus just after the blur).
  let focusTimer: unknown;
  const readFocus = () => {
    const id = controller.getSnapshot().active?.id;
    const frame = id === undefined ? undefined : frames.get(id);
    const root = frame?.getRootNode() as { activeElement?: unknown } | undefined;
    controller.focus(frame !== undefined && root?.activeElement === frame);
  };
  const onMessage = (event: Event) => {
    const message = event as MessageEvent;
    if (!origin || !isReadyMessage(message, origin)) return;
    for (const [id, frame] of frames) {
      if (frame.contentWindow === message.source) controller.frameAnnounced(id);
    }
  };
  const onViolation = ({ directive, refusedBy, origin: blocked }: CspViolation) => {
    if (directive !== 'connect-src' || !blocked || blocked !== tokenOrigin) return;
    tokenRefused = { directive: refusedBy, origin: blocked };
    sync();
  };
  const onFocus = () => {
    readFocus();
    timers.clearTimeout(focusTimer);
    focusTimer = timers.setTimeout(readFocus, 0);
  };

  const start = () => {
    stops = [controller.subscribe(emit), store?.subscribe(sync)];
    if (dom) {
      for (const [target, type, handler] of [
        [dom.window, 'message', onMessage],
        [dom.window, 'focus', onFocus],
        [dom.window, 'blur', onFocus],
        [dom.document, 'focusin', onFocus],
        [dom.document, 'focusout', onFocus],
      ] as const) {
        target.addEventListener(type, handler);
        stops.push(() => target.removeEventListener(type, handler));
      }
    }
    if (dom) stops.push((environment.violations ?? browserCspViolations)(onViolation));
    stops.push(() => timers.clearTimeout(focusTimer));
    armGrace();
  };

  // No source at all is an error, never an endless spinner; a framework may set the source just
  // after connecting, so the session waits one task before saying so.
  const armGrace = () => {
    timers.clearTimeout(grace);
    if (!listeners.size || hasSource || refusal) return;
    grace = timers.setTimeout(() => {
      noSource = new InvalidArgumentError(
        options.sourceName ?? 'tokenUrl',
        `no token source${details(17 /* noSource */) || '.'}`,
      );
      sync();
    }, 0);
  };

  const stop = () => {
    for (const off of stops) off?.();
    stops = [];
    timers.clearTimeout(grace);
    noSource = undefined;
  };

  const session: EmbedSession = {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) start();
      sync();
      return () => {
        if (listeners.delete(listener) && !listeners.size) stop();
      };
    },
    getSnapshot: () => controller.getSnapshot(),
    getServerSnapshot() {
      const body = options.initialToken;
      if (body === undefined) return controller.getSnapshot();
      if (server?.body !== body) server = { body, snapshot: serverSnapshot(body) };
      return server.snapshot ?? controller.getSnapshot();
    },
    update(next) {
      options = next;
      if (next.baseUrl !== baseUrl || !rules) {
        baseUrl = next.baseUrl ?? DEFAULT_APP_URL;
        origin = originOf(baseUrl);
        refusal = dom ? knownRefusal(baseUrl, dom.origin) : undefined;
      }
      const resolved = refusal ? undefined : resolveTokenSource(next);
      hasSource = resolved !== undefined;
      if (hasSource) noSource = undefined;
      sourceError = keep(sourceError, resolved?.error);
      const url = resolved?.source && 'tokenUrl' in resolved.source && resolved.source.tokenUrl;
      const nextOrigin = url && dom ? originOf(String(url), dom.origin) : undefined;
      if (nextOrigin !== tokenOrigin) tokenRefused = undefined;
      tokenOrigin = nextOrigin;
      const nextStore = sourceStore(
        { ...next, tabs, clock, timers: environment.timers, wakeEvents },
        resolved,
        tokenSlots,
      );
      if (nextStore !== store) {
        stops[1]?.();
        store = nextStore;
        if (listeners.size) stops[1] = store?.subscribe(sync);
      }
      if (store && next.initialToken !== undefined && next.initialToken !== taken) {
        takeInitialToken(store, (taken = next.initialToken));
      }
      const nextRules = JSON.stringify([origin, next.readySignal, next.loadTimeout]);
      if (nextRules !== rules) replaceController(nextRules);
      armGrace();
      sync();
    },
    attachFrame(id, element) {
      if (element) frames.set(id, element);
      else frames.delete(id);
    },
    frameLoaded: (id) => controller.frameLoaded(id),
    retry() {
      controller.retry();
      if (!store?.getSnapshot().token) void store?.refresh();
    },
    dispose() {
      listeners.clear();
      stop();
      controller.dispose();
    },
  };

  function replaceController(nextRules: string) {
    const first = !rules;
    rules = nextRules;
    fed = {};
    stops[0]?.();
    controller?.dispose();
    controller = controllerFor(
      first && environment.hydrating ? shownFrame(store?.getSnapshot().token) : undefined,
      clock,
    );
    if (listeners.size) stops[0] = controller.subscribe(emit);
  }

  function controllerFor(start: EmbedControllerOptions['initial'], at: Clock | undefined) {
    return createEmbedController({
      origin,
      readySignal: options.readySignal,
      loadTimeout: options.loadTimeout,
      initial: start,
      probe,
      violations: environment.violations,
      clock: at,
      timers: environment.timers,
      wakeEvents,
      onStatusChange: (status) => options.onStatusChange?.(status),
      onError: (error) => options.onError?.(error),
      onLoad: () => options.onLoad?.(),
      onTokenRefresh: (token) => options.onTokenRefresh?.(token),
    });
  }

  /**
   * The server's markup, which hydration must repeat exactly: from the body alone (no clock, no
   * page age), the frame shown as loaded. Undefined without a usable body.
   */
  function serverSnapshot(body: unknown): EmbedSnapshot | undefined {
    const read = readInitialToken(body, { now: 0, ageBoundMs: 0 });
    const start = shownFrame(read.ok ? read.token : undefined);
    return start && controllerFor(start, { now: () => 0 }).getSnapshot();
  }

  session.update(initial);
  return session;
}
