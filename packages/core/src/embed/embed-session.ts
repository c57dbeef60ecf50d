import { initialEmbedState, type EmbedInput } from './embed-transition.js';
import { browserCspViolations, originOf } from '../errors/csp-violations.js';
import { embedReport } from './embed-report.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import { listenToFrames } from './frame-events.js';
import {
  defaultProbe,
  embedRules,
  frameRunner,
  snapshotOf,
  startingWith,
  type ShownFrame,
} from './frame-runner.js';
import { knownRefusal } from './known-refusal.js';
import type {
  EmbedFrameElement,
  EmbedSession,
  EmbedSessionEnvironment,
  EmbedSessionOptions,
  EmbedSnapshot,
} from './embed-session-types.js';
import { globalTimers, systemClock } from '../timing/environment.js';
import { InvalidArgumentError, type ZipteamsError } from '../errors/errors.js';
import { details } from '../errors/details.js';
import { listInspectable, type Listed } from '../page-registry.js';
import { readInitialToken } from '../token/initial-token.js';
import { takeInitialToken } from '../token/take-initial-token.js';
import { resolveTokenSource } from '../token/token-key.js';
import { sourceStore } from '../token/shared-token-store.js';
import type { TokenStore } from '../token/token-store-types.js';
import type { DashboardToken } from '../token/token.js';

/** The same error again (a new object with the same code and message) is the one already shown. */
const keep = <E extends ZipteamsError | undefined>(seen: E, next: E): E =>
  seen && next && seen.code + seen.message === next.code + next.message ? seen : next;

/**
 * Creates the session of one embed, the one object both adapters render. It resolves the token
 * source and the refusal known in advance, runs core's token store (cache from `environment`),
 * takes the `initialToken` and builds the page URL; then it runs the embed's frames through the
 * pure `embedTransition` (the active frame and its hidden successor, the load timeout, the ready
 * signal, the swap that waits while the user works in the frame but never past the deadline, the
 * deadline that takes an expired token off screen, failed frames probed and retried hidden with
 * backoff), hears ready messages, focus and the page's CSP violations, retries, calls the
 * callbacks safely and writes the development diagnostics. While it runs, it and its token store
 * are listed in the page registry for the devtools.
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
  const { wakeEvents, tabs, tokenSlots } = environment;
  const clock = environment.clock ?? systemClock;
  const timers = environment.timers ?? globalTimers;
  const probe = environment.probe ?? defaultProbe;
  const watchViolations = environment.violations ?? browserCspViolations;
  const dom =
    environment.dom === undefined
      ? typeof window === 'undefined'
        ? null
        : { window, document, origin: location.origin }
      : environment.dom;
  const listeners = new Set<() => void>();
  const frames = new Map<number, EmbedFrameElement>();
  let options = initial;
  let baseUrl: string | undefined;
  let origin: string | undefined;
  let refusal: ZipteamsError | undefined;
  // Known failures, kept while they last so each is reported once.
  let sourceError: ZipteamsError | undefined;
  let failure: ZipteamsError | undefined;
  let noSource: InvalidArgumentError | undefined;
  let hasSource = false;
  let store: TokenStore | undefined;
  let taken: unknown;
  let rulesKey = '';
  let fed: EmbedInput = {};
  let stops: Array<(() => void) | undefined> = [];
  let grace: unknown;
  let disposed = false;
  let server: { body: unknown; snapshot: EmbedSnapshot | undefined } | undefined;
  const reporter = embedReport(
    () => options,
    () => origin,
    clock,
  );
  const runner = frameRunner({
    clock,
    timers,
    wakeEvents,
    probe,
    violations: environment.violations,
    origin: () => origin,
    live: () => listeners.size > 0,
    // A change is reported (callbacks, console, timeline, devtools), then rendered.
    changed() {
      if (listeners.size) reporter.report(current());
      emit();
    },
  });
  const { dispatch, current } = runner;
  // What the devtools read when they look (worded by `inspection.ts`, never bundled here).
  const listed: Listed = {
    embed: () => [current(), reporter.errors],
    act: () => dispatch({ type: 'retry' }),
  };

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
  const shownFrame = (token: DashboardToken | undefined): ShownFrame | undefined => {
    const [src] = pageOf(token);
    return src ? { src, token, tokenStatus: 'ready' } : undefined;
  };

  const emit = () => {
    for (const listener of [...listeners]) listener();
  };

  /** Feeds the transition what the token side looks like now (only when something changed). */
  const sync = () => {
    const { token, status, error: tokenError } = store?.getSnapshot() ?? {};
    const [src, urlError] = pageOf(token);
    failure = keep(failure, refusal ?? noSource ?? sourceError ?? urlError);
    const input: EmbedInput = {
      src,
      token,
      tokenStatus: status,
      tokenError,
      error: failure,
      tokenUrl: options.tokenUrl,
    };
    if ((Object.keys(input) as (keyof EmbedInput)[]).some((key) => input[key] !== fed[key])) {
      dispatch({ type: 'input', input: (fed = input) });
    }
  };

  const start = () => {
    stops = [store?.subscribe(sync), listInspectable(listed), watchViolations(runner.onViolation)];
    if (dom) {
      stops.push(
        listenToFrames(dom, timers, frames, {
          origin: () => origin,
          active: () => runner.state().active?.id,
          announced: (id) => dispatch({ type: 'announced', id }),
          focus: (inside) => inside !== runner.state().focus && dispatch({ type: 'focus', inside }),
        }),
      );
    }
    // The clock may have moved while nobody listened (a remount, a slept tab).
    dispatch({ type: 'tick' });
    runner.arm();
    if (!reporter.has(current())) reporter.report(current());
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
    runner.stop();
    timers.clearTimeout(grace);
    noSource = undefined;
  };

  /**
   * New rules (the origin, the ready signal, the load timeout): the frames start over, since a
   * frame of the old origin or rules proves nothing. The first rules start with the server's
   * frame when hydrating. Frame ids keep counting, so an adapter never mistakes a new frame for
   * an old one.
   */
  const setRules = (next: EmbedSessionOptions) => {
    const first = !rulesKey;
    const rules = embedRules(next, origin, () => options.retry);
    fed = {};
    runner.reset(
      rules,
      first && environment.hydrating
        ? startingWith(shownFrame(store?.getSnapshot().token), clock.now(), rules)
        : { ...initialEmbedState, nextId: runner.state().nextId },
    );
  };

  const session: EmbedSession = {
    subscribe(listener) {
      if (disposed) return () => {};
      listeners.add(listener);
      if (listeners.size === 1) start();
      sync();
      return () => {
        if (listeners.delete(listener) && !listeners.size) stop();
      };
    },
    getSnapshot: current,
    getServerSnapshot() {
      const body = options.initialToken;
      if (body === undefined) return current();
      if (server?.body !== body) {
        // The server's markup, which hydration must repeat exactly: from the body alone (no
        // clock, no page age), the frame shown as loaded.
        const read = readInitialToken(body, { now: 0, ageBoundMs: 0 });
        const shown = shownFrame(read.ok ? read.token : undefined);
        server = { body, snapshot: shown && snapshotOf(startingWith(shown, 0, runner.rules())) };
      }
      return server.snapshot ?? current();
    },
    update(next) {
      options = next;
      if (next.baseUrl !== baseUrl || !rulesKey) {
        baseUrl = next.baseUrl ?? DEFAULT_APP_URL;
        origin = originOf(baseUrl);
        refusal = dom ? knownRefusal(baseUrl, dom.origin) : undefined;
      }
      const resolved = refusal ? undefined : resolveTokenSource(next);
      hasSource = resolved !== undefined;
      if (hasSource) noSource = undefined;
      sourceError = keep(sourceError, resolved?.error);
      const nextStore = sourceStore(
        {
          ...next,
          tabs,
          clock: environment.clock,
          timers: environment.timers,
          wakeEvents,
          violations: environment.violations,
        },
        resolved,
        tokenSlots,
      );
      if (nextStore !== store) {
        stops[0]?.();
        store = nextStore;
        if (listeners.size) stops[0] = store?.subscribe(sync);
      }
      if (store && next.initialToken !== undefined && next.initialToken !== taken) {
        takeInitialToken(store, (taken = next.initialToken));
      }
      const nextRules = JSON.stringify([origin, next.readySignal, next.loadTimeout]);
      if (nextRules !== rulesKey) {
        setRules(next);
        rulesKey = nextRules;
      }
      armGrace();
      sync();
    },
    attachFrame(id, element) {
      if (element) frames.set(id, element);
      else frames.delete(id);
    },
    frameLoaded: (id) => dispatch({ type: 'loaded', id }),
    retry() {
      dispatch({ type: 'retry' });
      if (!store?.getSnapshot().token) void store?.refresh();
    },
    dispose() {
      disposed = true;
      listeners.clear();
      stop();
      runner.dispose();
    },
  };

  session.update(initial);
  return session;
}
