import {
  embedStatus,
  embedTransition,
  initialEmbedState,
  nextEmbedDue,
  type EmbedEvent,
  type EmbedInput,
  type EmbedRules,
  type EmbedState,
} from './embed-transition.js';
import {
  watchRequestRefusal,
  type CspViolation,
  type CspViolationSource,
} from '../errors/csp-violations.js';
import type {
  EmbedSessionOptions,
  EmbedSnapshot,
  ReachabilityProbe,
} from './embed-session-types.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import { backoffDelay } from '../timing/retry.js';
import type { Clock, Timers, WakeEventSource } from '../timing/environment.js';
import { createScheduler } from '../timing/refresh.js';
import type { ZipteamsError } from '../errors/errors.js';
import { FrameBlockedError, FrameUnreachableError } from '../errors/frame-errors.js';

/** Default time a page may take to become ready before it counts as failed: 20 s. */
export const DEFAULT_LOAD_TIMEOUT_MS = 20_000;

/** A `no-cors` fetch of the origin: it rejects only when the host cannot be reached. */
export const defaultProbe: ReachabilityProbe = (origin, signal) =>
  fetch(origin, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal }).then(
    () => true,
    () => signal.aborted,
  );

/**
 * Why a frame that timed out failed: `frame_unreachable` when its host does not answer, else
 * `frame_blocked` (the host is up, so the frame was refused). Without an origin to ask, or when
 * asking fails oddly, the host counts as reachable. A probe that the page's own `connect-src`
 * refused fails like an outage: it is watched as a token request is (`watchRequestRefusal`,
 * which waits a moment for the violation), and a refusal is no outage.
 */
export async function probeFrame(
  probe: ReachabilityProbe,
  origin: string | undefined,
  signal: AbortSignal,
  timers: Timers,
  loadTimeout: number,
  violations: CspViolationSource | undefined,
): Promise<ZipteamsError> {
  if (origin === undefined) return new FrameBlockedError(loadTimeout);
  const watch = watchRequestRefusal(origin, violations, timers);
  // Stopped meanwhile (unsubscribed, disposed, new rules): the wait ends too.
  signal.addEventListener('abort', () => watch?.stop());
  try {
    const reachable = await probe(origin, signal).catch(() => true);
    return reachable || (await watch?.refusal())
      ? new FrameBlockedError(loadTimeout)
      : new FrameUnreachableError(origin);
  } finally {
    watch?.stop();
  }
}

/** A frame already in the page (server rendered), which may have loaded before anyone listened. */
export type ShownFrame = EmbedInput & { readonly src: string };

/** The state of an embed that starts with `shown` on screen, loaded and announced, at `now`. */
export function startingWith(
  shown: ShownFrame | undefined,
  now: number,
  rules: EmbedRules,
): EmbedState {
  let state = initialEmbedState;
  if (shown) {
    for (const event of [
      { type: 'input', input: shown },
      { type: 'loaded', id: 1 },
      { type: 'announced', id: 1 },
    ] as const) {
      state = embedTransition(state, event, now, rules);
    }
  }
  return state;
}

/** What to render for `state`. */
export const snapshotOf = (state: EmbedState): EmbedSnapshot => ({
  ...embedStatus(state),
  active: state.active,
  pending: state.pending,
  state,
});

/** The rules of an embed's frames, from its options and the Zipteams pages' origin. */
export const embedRules = (
  options: Pick<EmbedSessionOptions, 'readySignal' | 'loadTimeout'>,
  origin: string | undefined,
  retry: () => EmbedSessionOptions['retry'],
): EmbedRules => ({
  readySignal: options.readySignal ?? (origin === DEFAULT_APP_URL ? 'load' : 'message'),
  loadTimeout: options.loadTimeout ?? DEFAULT_LOAD_TIMEOUT_MS,
  // One backoff for the automatic retries: token requests and hidden reopenings alike (the
  // latest `retry` option, read when a reopening is planned).
  retryDelay: (failures) => backoffDelay(failures, retry()),
});

/** What a frame runner runs on; fixed for its life. */
export interface FrameRunnerEnvironment {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly wakeEvents: WakeEventSource | undefined;
  readonly probe: ReachabilityProbe;
  /** Watches a probe for the page's `connect-src` refusal (undefined: the browser's live events). */
  readonly violations: CspViolationSource | undefined;
  /** The Zipteams pages' origin now: a timed-out frame's host is probed there. */
  readonly origin: () => string | undefined;
  /** Whether anyone listens: timers and probes run only then. */
  readonly live: () => boolean;
  /** The state changed (after a whole batch of events). */
  readonly changed: () => void;
}

/**
 * The engine of a session's frames: one state, driven by the pure `embedTransition`, with the
 * timer its clock rules ask for (a scheduler, so also after sleep) and the reachability probes of
 * frames that timed out. It keeps no listeners and calls nobody back but `changed`: the session
 * does the rest.
 */
export function frameRunner(env: FrameRunnerEnvironment) {
  const { clock } = env;
  const probes = new Map<number, AbortController>();
  const queue: EmbedEvent[] = [];
  let rules!: EmbedRules;
  let state = initialEmbedState;
  let snapshot: EmbedSnapshot | undefined;
  let busy = false;
  let disposed = false;
  const scheduler = createScheduler({
    onDue: () => dispatch({ type: 'tick' }),
    clock,
    timers: env.timers,
    wakeEvents: env.wakeEvents,
  });

  /** Runs `event` through the transition; `changed` hears of a change once per batch. */
  const dispatch = (event: EmbedEvent) => {
    if (disposed) return;
    queue.push(event);
    // A timer found due while arming fires at once: queue it rather than nest transitions.
    if (busy) return;
    busy = true;
    const before = state;
    for (let next = queue.shift(); next; next = queue.shift()) {
      state = embedTransition(state, next, clock.now(), rules);
      arm();
    }
    busy = false;
    if (state !== before) env.changed();
  };

  /** Arms the timer and the reachability checks that the state asks for, while live. */
  const arm = () => {
    if (!env.live() || disposed) return;
    const due = nextEmbedDue(state, rules);
    if (due === undefined) scheduler.cancel();
    else scheduler.schedule(due);
    for (const frame of [state.active, state.pending]) {
      if (!frame?.timedOut || probes.has(frame.id)) continue;
      const { id } = frame;
      const abort = new AbortController();
      probes.set(id, abort);
      void probeFrame(
        env.probe,
        env.origin(),
        abort.signal,
        env.timers,
        rules.loadTimeout,
        env.violations,
      ).then((error) => {
        if (abort.signal.aborted) return;
        probes.delete(id);
        dispatch({ type: 'probed', id, error });
      });
    }
  };

  /** Stops the timer and the probes (nobody listens); `arm` starts them again. */
  const stop = () => {
    scheduler.cancel();
    for (const abort of probes.values()) abort.abort();
    probes.clear();
  };

  return {
    dispatch,
    arm,
    stop,
    /** The current snapshot: the same object until the state changes. */
    current: () => (snapshot?.state === state ? snapshot : (snapshot = snapshotOf(state))),
    /** The state now (read only). */
    state: () => state,
    rules: () => rules,
    /**
     * A Content-Security-Policy violation of the page: frames of the Zipteams origin refused
     * (`frame-src`, `child-src`) are known at once, with no timeout.
     */
    onViolation({ directive, refusedBy, origin: blocked }: CspViolation) {
      const origin = env.origin();
      if (blocked !== origin || origin === undefined) return;
      if (directive === 'frame-src' || directive === 'child-src') {
        const error = new FrameBlockedError(0, undefined, { directive: refusedBy, origin });
        dispatch({ type: 'refused', error });
      }
    },
    /** New rules, and the frames start over from `start` (a frame of old rules proves nothing). */
    reset(next: EmbedRules, start: EmbedState) {
      stop();
      rules = next;
      state = start;
    },
    dispose() {
      disposed = true;
      stop();
      scheduler.dispose();
    },
  };
}
