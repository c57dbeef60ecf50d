import { devLog, safeCall } from '../errors/dev-log.js';
import { firstOnPage, listInspectable, notifyPage } from '../page-registry.js';
import type { Listed } from '../inspection.js';
import { timingMark, timingMeasure, timingNow } from '../timing/user-timing.js';
import {
  embedStatus,
  embedTransition,
  initialEmbedState,
  nextEmbedDue,
  type EmbedEvent,
  type EmbedRules,
} from './embed-transition.js';
import { globalTimers, systemClock } from '../timing/environment.js';
import { browserCspViolations, type CspViolation } from './csp-violations.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import type {
  EmbedController,
  EmbedControllerOptions,
  EmbedSnapshot,
  ReachabilityProbe,
} from './embed-controller-types.js';
import { type ZipteamsError } from '../errors/errors.js';
import { FrameBlockedError, FrameUnreachableError } from '../errors/frame-errors.js';
import { createScheduler } from '../timing/refresh.js';
import { backoffDelay } from '../timing/retry.js';

// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/** Default time a page may take to become ready before it counts as failed: 20 s. */
export const DEFAULT_LOAD_TIMEOUT_MS = 20_000;

export type { ReachabilityProbe, EmbedControllerOptions, EmbedSnapshot, EmbedController };

/** True for a `message` event whose data is `{ type: "zipteams:ready" }` from `origin`. */
export function isReadyMessage(event: { origin: string; data: unknown }, origin: string): boolean {
  return (
    event.origin === origin && (event.data as { type?: unknown } | null)?.type === 'zipteams:ready'
  );
}

const defaultProbe: ReachabilityProbe = (origin, signal) =>
  fetch(origin, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal }).then(
    () => true,
    () => signal.aborted,
  );

/**
 * Creates the controller of one embed: the frames (active and pending), the load timeout, the
 * ready signal, the swap that waits while the user works in the frame but never past the
 * deadline, the deadline that takes an expired token off screen, failed frames (blocked or
 * unreachable) retried hidden with backoff, and the status. Feed it events; render
 * `EmbedController.getSnapshot`. Time rules live in the pure `embedTransition`.
 *
 * @example
 * ```ts
 * const embed = createEmbedController({ origin: 'https://app.zipteams.com', readySignal: 'load' });
 * embed.subscribe(() => render(embed.getSnapshot()));
 * embed.update({ src, token, tokenStatus: 'ready' });
 * ```
 */
export function createEmbedController(options: EmbedControllerOptions = {}): EmbedController {
  const clock = options.clock ?? systemClock;
  const { origin, initial } = options;
  const loadTimeout = options.loadTimeout ?? DEFAULT_LOAD_TIMEOUT_MS;
  const rules: EmbedRules = {
    readySignal: options.readySignal ?? (origin === DEFAULT_APP_URL ? 'load' : 'message'),
    loadTimeout,
    retryDelay: (failures) => backoffDelay(failures, options.retry),
  };
  const probe = options.probe ?? defaultProbe;
  const listeners = new Set<() => void>();
  const probes = new Map<number, AbortController>();
  const queue: EmbedEvent[] = [];
  let busy = false;
  let disposed = false;
  let state = initialEmbedState;
  let snapshot: EmbedSnapshot | undefined;
  let reported: EmbedSnapshot | undefined;
  let logged: string | undefined;
  let shownOnce = false;
  const mountedAt = timingNow();
  const errors: { at: number; error: ZipteamsError }[] = [];
  let unlist: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  // The page's own connect-src refused a request to the origin: a failed probe proves nothing.
  let probeBlocked = false;
  const timers = options.timers ?? globalTimers;
  const watch = options.violations ?? browserCspViolations;
  // What the devtools read when they look (worded by `inspection.ts`, never bundled here).
  const listed: Listed = {
    embed: () => [current(), errors],
    act: () => dispatch({ type: 'retry' }),
  };
  const scheduler = createScheduler({
    onDue: () => dispatch({ type: 'tick' }),
    clock,
    timers: options.timers,
    wakeEvents: options.wakeEvents,
  });

  const current = (): EmbedSnapshot => {
    if (snapshot?.state !== state) {
      snapshot = { ...embedStatus(state), active: state.active, pending: state.pending, state };
    }
    return snapshot;
  };

  /** Calls back for what changed since the last report. */
  const report = () => {
    const next = current();
    const before = reported;
    reported = next;
    const { error, active } = next;
    const token = state.input.token;
    const shown = active?.ready && active.id;
    if (next.status !== before?.status) safeCall(options.onStatusChange, next.status);
    if (error && error !== before?.error) {
      try {
        // Development builds only (see dev-log.ts). The same failure again (a retry that failed
        // alike) is not news to the developer.
        if (process.env.NODE_ENV !== 'production' && error.code + error.message !== logged) {
          logged = error.code + error.message;
          devLog(error, error.code.startsWith('frame') ? origin : state.input.tokenUrl);
        }
      } catch {
        // No bundler: silent.
      }
      timingMark('failure', { code: error.code });
      if (errors.push({ at: clock.now(), error }) > 5) errors.shift();
      safeCall(options.onError, error);
    }
    if (token && token.token !== before?.state.input.token?.token) {
      safeCall(options.onTokenRefresh, token);
    }
    notifyPage();
    if (shown && shown !== (before?.active?.ready && before.active.id)) {
      if (shownOnce) timingMark('rotation');
      else {
        shownOnce = true;
        timingMeasure('first-frame', mountedAt);
        if (firstOnPage('first-frame')) timingMeasure('first-frame-since-navigation', 0);
      }
      safeCall(options.onLoad, undefined);
    }
  };

  /** Arms the timer and the reachability checks that the state asks for, while subscribed. */
  const arm = () => {
    if (!listeners.size || disposed) return;
    const due = nextEmbedDue(state, rules);
    if (due === undefined) scheduler.cancel();
    else scheduler.schedule(due);
    for (const frame of [state.active, state.pending]) {
      if (!frame?.timedOut || probes.has(frame.id)) continue;
      const { id } = frame;
      const abort = new AbortController();
      probes.set(id, abort);
      // Without an origin to ask, or when asking fails oddly, the host counts as reachable.
      (origin === undefined ? Promise.resolve(true) : probe(origin, abort.signal))
        .catch(() => true)
        // A probe the page's connect-src refused fails like an outage: its violation arrives a
        // moment apart, so a failure waits for it before saying "unreachable".
        .then((reachable) =>
          reachable
            ? true
            : new Promise<boolean>((resolve) => {
                timers.setTimeout(() => resolve(probeBlocked), 100);
              }),
        )
        .then((reachable) => {
          if (abort.signal.aborted) return;
          probes.delete(id);
          const error = reachable
            ? new FrameBlockedError(loadTimeout)
            : new FrameUnreachableError(origin ?? '');
          dispatch({ type: 'probed', id, error });
        });
    }
  };

  /** Frames to the origin refused by the page's own policy: known at once, no timeout. */
  const onViolation = ({ directive, refusedBy, origin: blocked }: CspViolation) => {
    if (blocked !== origin || origin === undefined) return;
    if (directive === 'connect-src') probeBlocked = true;
    else if (directive === 'frame-src' || directive === 'child-src') {
      dispatch({
        type: 'refused',
        error: new FrameBlockedError(0, undefined, { directive: refusedBy, origin }),
      });
    }
  };

  const dispatch = (event: EmbedEvent) => {
    if (disposed) return;
    queue.push(event);
    // A timer found due while arming fires at once: queue it rather than nest transitions.
    if (busy) return;
    busy = true;
    const before = state;
    for (let event = queue.shift(); event; event = queue.shift()) {
      state = embedTransition(state, event, clock.now(), rules);
      arm();
    }
    busy = false;
    if (state === before) return;
    if (listeners.size) report();
    for (const listener of [...listeners]) listener();
  };

  const stop = () => {
    unlist?.();
    unwatch?.();
    unlist = unwatch = undefined;
    scheduler.cancel();
    for (const abort of probes.values()) abort.abort();
    probes.clear();
  };

  if (initial) {
    const { loaded, announced } = initial;
    for (const event of [
      { type: 'input', input: initial },
      loaded && { type: 'loaded', id: 1 },
      announced && { type: 'announced', id: 1 },
    ] as (EmbedEvent | false | undefined)[]) {
      if (event) state = embedTransition(state, event, clock.now(), rules);
    }
  }

  return {
    update: (input) => dispatch({ type: 'input', input }),
    frameLoaded: (id) => dispatch({ type: 'loaded', id }),
    frameAnnounced: (id) => dispatch({ type: 'announced', id }),
    focus: (inside) => {
      if (inside !== state.focus) dispatch({ type: 'focus', inside });
    },
    retry: () => dispatch({ type: 'retry' }),
    subscribe(listener) {
      if (disposed) return () => {};
      listeners.add(listener);
      unlist ??= listInspectable(listed);
      unwatch ??= watch(onViolation);
      // The clock may have moved while nobody listened (a remount, a slept tab).
      if (listeners.size === 1) dispatch({ type: 'tick' });
      arm();
      if (!reported || reported !== current()) report();
      return () => {
        listeners.delete(listener);
        if (!listeners.size) stop();
      };
    },
    getSnapshot: current,
    dispose() {
      disposed = true;
      listeners.clear();
      stop();
      scheduler.dispose();
    },
  };
}
