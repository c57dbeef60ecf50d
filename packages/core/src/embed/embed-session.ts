import {
  createEmbedController,
  type EmbedController,
  type EmbedControllerOptions,
  type EmbedSnapshot,
} from './embed-controller.js';
import type { EmbedInput } from './embed-transition.js';
import { browserCspViolations } from './csp-violations.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import { knownRefusal, originOf } from './known-refusal.js';
import { listenToFrames } from './frame-events.js';
import { tokenRefusal } from './token-refusal.js';
import type {
  EmbedDom,
  EmbedFrameElement,
  EmbedSession,
  EmbedSessionEnvironment,
  EmbedSessionOptions,
} from './embed-session-types.js';
import { globalTimers, type Clock } from '../timing/environment.js';
import { InvalidArgumentError, type ZipteamsError } from '../errors/errors.js';
import { details } from '../errors/details.js';
import { readInitialToken } from '../token/initial-token.js';
import { takeInitialToken } from '../token/take-initial-token.js';
import { resolveTokenSource } from '../token/token-key.js';
import { sourceStore } from '../token/shared-token-store.js';
import type { TokenStore } from '../token/token-store-types.js';
import type { DashboardToken } from '../token/token.js';

export type {
  EmbedSessionOptions,
  EmbedFrameElement,
  EmbedDom,
  EmbedSessionEnvironment,
  EmbedSession,
};

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
  const refusals = tokenRefusal(() => sync());

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
    const error = refusals.name(stored);
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

  const start = () => {
    stops = [controller.subscribe(emit), store?.subscribe(sync)];
    if (dom) {
      stops.push(
        listenToFrames(
          dom,
          timers,
          frames,
          () => controller,
          () => origin,
        ),
        (environment.violations ?? browserCspViolations)(refusals.onViolation),
      );
    }
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
      refusals.watch(url && dom ? originOf(String(url), dom.origin) : undefined);
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
