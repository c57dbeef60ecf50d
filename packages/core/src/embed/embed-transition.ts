import type { ZipteamsError } from '../errors/errors.js';
import type { DashboardToken } from '../token/token.js';
import type { EmbedStatus } from '../token/token-state.js';

export { EmbedStatus } from '../token/token-state.js';

/** How the embed knows that a Zipteams page has loaded. */
export type ReadySignal = 'load' | 'message';

/** One iframe of an embed. */
export interface EmbedFrame {
  /** Unique within its controller; a new id is a new iframe element. */
  readonly id: number;
  readonly src: string;
  /** Local deadline (epoch ms) of the token in `src`. */
  readonly deadline: number;
  /** When it was opened (epoch ms); the load timeout counts from here. */
  readonly openedAt: number;
  /** The iframe fired `load`. */
  readonly loaded: boolean;
  /** The page posted `zipteams:ready`. */
  readonly announced: boolean;
  /** Loaded, and announced when the ready signal is `message`: fit to be shown. */
  readonly ready: boolean;
  /** Not ready within the load timeout: its host's reachability is being checked. */
  readonly timedOut: boolean;
  /** The tenant/subtenant its token's claims name (see `tenantOf`). */
  readonly tenant?: string | undefined;
}

/** What the embed is given from outside: the token side of its life. */
export interface EmbedInput {
  /** The page URL holding the current valid token; undefined while there is none. */
  readonly src?: string | undefined;
  /** The token in `src`: its `expiresAt` is the frame's deadline. */
  readonly token?: DashboardToken | undefined;
  /** The token's status (see `tokenState`). Default `loading`. */
  readonly tokenStatus?: EmbedStatus;
  /** The token's error to report (see `tokenState`). */
  readonly tokenError?: ZipteamsError | undefined;
  /** An error known before any frame loads (a refusal, a bad call id): shown, nothing loads. */
  readonly error?: ZipteamsError | undefined;
  /** Where tokens come from, for development diagnostics only (never a token). */
  readonly tokenUrl?: string | undefined;
}

/** The whole state of one embed (see `embedTransition`). */
export interface EmbedState {
  readonly input: EmbedInput;
  /** The frame on screen (or loading in view when nothing is on screen yet). */
  readonly active?: EmbedFrame | undefined;
  /** The successor, loading hidden until it is ready. */
  readonly pending?: EmbedFrame | undefined;
  /** A frame that failed to load (`frame_blocked`, `frame_unreachable`); retried hidden. */
  readonly frameError?: ZipteamsError | undefined;
  /** Consecutive frame failures, for the retry backoff. */
  readonly failures: number;
  /** When the next hidden retry of a failed frame opens (epoch ms). */
  readonly retryAt?: number | undefined;
  /** Focus is inside the active frame: the user is working there. */
  readonly focus: boolean;
  readonly nextId: number;
}

/** The fixed rules of one embed. */
export interface EmbedRules {
  readonly readySignal: ReadySignal;
  /** How long a frame may take to become ready, in ms. */
  readonly loadTimeout: number;
  /** Delay before hidden retry number `failures` (0 for the first) of a failed frame, in ms. */
  readonly retryDelay: (failures: number) => number;
}

/** An event the embed reacts to. `now` comes with each (see `embedTransition`). */
export type EmbedEvent =
  | { readonly type: 'input'; readonly input: EmbedInput }
  | { readonly type: 'loaded' | 'announced'; readonly id: number }
  | { readonly type: 'focus'; readonly inside: boolean }
  /** Time passed (a timer or a wake event): only the clock rules apply. */
  | { readonly type: 'tick' }
  /** The reachability check of a timed-out frame ended with this error. */
  | { readonly type: 'probed'; readonly id: number; readonly error: ZipteamsError }
  /** The user asked to try again: the page is reopened in view. */
  | { readonly type: 'retry' }
  /**
   * This page's Content-Security-Policy refused the Zipteams origin: every frame of it is the
   * browser's error page. No hidden retries (the policy holds until the page reloads); a new token
   * or the user's retry tries again.
   */
  | { readonly type: 'refused'; readonly error: ZipteamsError };

/** Shown this long before the old token's deadline at the latest, even with focus inside. */
export const SWAP_GUARD_MS = 1_000;

/** The state before any event. */
export const initialEmbedState: EmbedState = { input: {}, failures: 0, focus: false, nextId: 1 };

type Draft = { -readonly [K in keyof EmbedState]: EmbedState[K] };

/** The tenant/subtenant a token's claims name, as one comparable string. */
const tenantOf = (token: DashboardToken | undefined) =>
  token && JSON.stringify([token.claims.tenantId ?? null, token.claims.subTenantId ?? null]);

/** Opens a frame for `src` in `s`: in view (`asActive`, clearing a frame error) or hidden. */
function open(s: Draft, src: string, now: number, asActive?: boolean): void {
  const frame: EmbedFrame = {
    id: s.nextId++,
    src,
    deadline: s.input.token?.expiresAt ?? Infinity,
    openedAt: now,
    loaded: false,
    announced: false,
    ready: false,
    timedOut: false,
    tenant: tenantOf(s.input.token),
  };
  if (asActive) {
    s.active = frame;
    s.pending = s.frameError = s.retryAt = undefined;
  } else s.pending = frame;
}

/** The clock rules, applied to `s` after every event: deadline, deferred swap, timeout, retry. */
function settle(s: Draft, now: number, rules: EmbedRules): void {
  const { src } = s.input;
  const { active } = s;
  // Never an expired token on screen: the successor takes over, loaded or not. When its hidden
  // try already failed, the current URL opens again in view rather than leaving an empty box.
  if (active && now >= active.deadline) {
    if (s.pending || src === undefined || src === active.src) {
      s.active = s.pending;
      s.pending = undefined;
    } else open(s, src, now, true);
  }
  // Swap in a ready successor, waiting while the user works in the frame, never past the deadline.
  if (s.pending?.ready && (!s.active || !s.focus || now >= s.active.deadline - SWAP_GUARD_MS)) {
    s.active = s.pending;
    s.pending = s.frameError = s.retryAt = undefined;
    s.failures = 0;
  }
  const timeOut = (frame: EmbedFrame | undefined) =>
    frame && !frame.ready && !frame.timedOut && now >= frame.openedAt + rules.loadTimeout
      ? { ...frame, timedOut: true }
      : frame;
  s.active = timeOut(s.active);
  s.pending = timeOut(s.pending);
  // A failed frame is retried hidden, so the view returns by itself once the host is back.
  if (s.frameError && s.retryAt !== undefined && now >= s.retryAt && !s.pending && src) {
    s.retryAt = undefined;
    open(s, src, now);
  }
}

/** `frame` with the ready signal `signal` seen. */
function signal(frame: EmbedFrame, type: 'loaded' | 'announced', rules: EmbedRules): EmbedFrame {
  const loaded = frame.loaded || type === 'loaded';
  const announced = frame.announced || type === 'announced';
  // The message alone proves the frame was not refused; waiting for `load` as well means a
  // swapped-in page has finished loading, so the view never shows a half-painted frame.
  const ready = loaded && (rules.readySignal === 'load' || announced);
  // A page that got ready after all needs no reachability check.
  return { ...frame, loaded, announced, ready, timedOut: frame.timedOut && !ready };
}

/**
 * The pure transition of an embed: the state after `event` at local time `now` (epoch ms). The
 * clock rules (deadline, deferred swap, load timeout, retry) are re-applied after every event, so
 * a timer that fires late, or a wake event after sleep, lands in the right state.
 */
export function embedTransition(
  state: EmbedState,
  event: EmbedEvent,
  now: number,
  rules: EmbedRules,
): EmbedState {
  const s: Draft = { ...state };
  const { active, pending, frameError } = state;
  const type = event.type;
  if (type === 'input') {
    const src = event.input.error ? undefined : event.input.src;
    s.input = { ...event.input, src };
    if (src === undefined) s.active = s.pending = undefined;
    // Another tenant (the session changed): the old one's page goes at once, no seamless swap.
    else if (active && active.tenant !== tenantOf(event.input.token)) open(s, src, now, true);
    // While a frame error shows, the error stays on screen and the new URL is tried hidden.
    else if (!frameError && !active) open(s, src, now, true);
    else if (!frameError && active?.src === src) s.pending = undefined;
    // Only a new URL opens a successor: a token status changing alone (a refresh starting) is no
    // reason to retry a failed page ahead of its backoff, nor a refused one at all.
    else if (pending?.src !== src && src !== state.input.src) open(s, src, now);
  } else if (type === 'loaded' || type === 'announced') {
    if (active?.id === event.id) s.active = signal(active, type, rules);
    else if (pending?.id === event.id) s.pending = signal(pending, type, rules);
  } else if (type === 'focus') s.focus = event.inside;
  else if (type === 'probed') {
    const failedActive = active?.id === event.id && !active.ready;
    const failedPending = pending?.id === event.id && !pending.ready;
    if (failedActive) s.active = undefined;
    if (failedPending) s.pending = undefined;
    // A successor that failed while the view is fine is dropped: the deadline reopens it.
    if (failedActive || (failedPending && frameError)) {
      s.frameError = event.error;
      s.retryAt = now + rules.retryDelay(s.failures++);
    }
  } else if (type === 'refused') {
    // A repeat (the event and its buffered report) once nothing is left to drop is no news.
    if (active || pending || frameError?.code !== event.error.code) {
      s.active = s.pending = s.retryAt = undefined;
      s.frameError = event.error;
      s.failures++;
    }
  } else if (type === 'retry') {
    s.failures = 0;
    if (state.input.src === undefined) s.frameError = s.retryAt = undefined;
    else open(s, state.input.src, now, true);
  }
  settle(s, now, rules);
  // Unchanged when nothing changed, so a snapshot keeps its identity.
  return (Object.keys(s) as (keyof EmbedState)[]).some((key) => s[key] !== state[key]) ? s : state;
}

/** The next moment at which a clock rule of `state` applies (epoch ms), if any. */
export function nextEmbedDue(state: EmbedState, rules: EmbedRules): number | undefined {
  const moments: number[] = [];
  const { active, pending } = state;
  if (active) moments.push(active.deadline);
  if (pending?.ready && active && state.focus) moments.push(active.deadline - SWAP_GUARD_MS);
  for (const frame of [active, pending]) {
    if (frame && !frame.ready && !frame.timedOut) moments.push(frame.openedAt + rules.loadTimeout);
  }
  if (state.frameError && state.retryAt !== undefined && !pending) moments.push(state.retryAt);
  const finite = moments.filter(Number.isFinite);
  return finite.length ? Math.min(...finite) : undefined;
}

/**
 * The status and error an embed shows, by precedence: an error known in advance, then a failed
 * token (`error` or `expired`), then a failed frame, then `ready` (`refreshing` while a successor
 * loads or the token refreshes) once the active frame is ready, else `loading`. The error is the
 * one to report: also a refresh failure while a valid token keeps the view (status stays `ready`).
 */
export function embedStatus(state: EmbedState): {
  readonly status: EmbedStatus;
  readonly error: ZipteamsError | undefined;
} {
  const { input, active } = state;
  const tokenStatus = input.tokenStatus ?? 'loading';
  const tokenFailed = tokenStatus === 'error' || tokenStatus === 'expired';
  if (input.error) return { status: 'error', error: input.error };
  if (tokenFailed) return { status: tokenStatus, error: input.tokenError };
  if (state.frameError) return { status: 'error', error: state.frameError };
  const status = active?.ready
    ? state.pending || tokenStatus === 'refreshing'
      ? 'refreshing'
      : 'ready'
    : 'loading';
  return { status, error: input.tokenError };
}
