import type {
  EmbedFrame,
  EmbedInput,
  EmbedState,
  EmbedStatus,
  ReadySignal,
} from './embed-transition.js';
import type { CspViolationSource } from './csp-violations.js';
import type { Clock, Timers, WakeEventSource } from '../timing/environment.js';
import type { ZipteamsError } from '../errors/errors.js';
import type { RetryOptions } from '../timing/retry.js';
import type { DashboardToken } from '../token/token.js';

// The types of `createEmbedController` (embed-controller.ts), which re-exports them.

/**
 * Whether the host at `origin` answers at all: resolves true when it does (whatever the answer),
 * false when it cannot be reached. Default: `fetch(origin, { mode: 'no-cors' })`, which rejects
 * only on a network failure.
 */
export type ReachabilityProbe = (origin: string, signal: AbortSignal) => Promise<boolean>;

/** Options of `createEmbedController`. */
export interface EmbedControllerOptions {
  /** Origin of the Zipteams pages: ready messages must come from it; a failed frame probes it. */
  readonly origin?: string | undefined;
  /**
   * How a page counts as loaded. Default: `load` for the real platform's origin
   * ({@link DEFAULT_APP_URL}, which is not documented to post a ready message), `message` for any
   * other (the mock platform posts it, so a refused frame is told from a loaded one).
   */
  readonly readySignal?: ReadySignal;
  /** How long a page may take to become ready, in ms. Default {@link DEFAULT_LOAD_TIMEOUT_MS}. */
  readonly loadTimeout?: number;
  /** Backoff of the hidden retries of a failed frame. Default 1 s doubling up to 60 s, jittered. */
  readonly retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>;
  /** Default: a `no-cors` fetch of the origin (see {@link ReachabilityProbe}). */
  readonly probe?: ReachabilityProbe;
  /**
   * The starting point, for a frame that is already in the page (server rendered): its input and
   * whether it already fired `load` or announced itself before anyone listened.
   */
  readonly initial?: EmbedInput & { readonly loaded?: boolean; readonly announced?: boolean };
  /** The status changed (also the first status, on the first subscription). */
  readonly onStatusChange?: (status: EmbedStatus) => unknown;
  /** A new error to report (token, expiry, frame). Logged in development builds too. */
  readonly onError?: (error: ZipteamsError) => unknown;
  /** A page became visible (the first, and each one swapped in). */
  readonly onLoad?: () => unknown;
  /** A new token arrived in the input. */
  readonly onTokenRefresh?: (token: DashboardToken) => unknown;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Default: the browser's wake events (see `browserWakeEvents`). */
  readonly wakeEvents?: WakeEventSource;
  /** This page's Content-Security-Policy violations. Default: the browser's. */
  readonly violations?: CspViolationSource;
}

/** What an embed shows: read it with `EmbedController.getSnapshot`. */
export interface EmbedSnapshot {
  readonly status: EmbedStatus;
  /** The error to report; shown when the status is `error` or `expired`. */
  readonly error: ZipteamsError | undefined;
  /** The frame on screen, or loading in view. Visible when `ready`. */
  readonly active: EmbedFrame | undefined;
  /** The successor, loading hidden. */
  readonly pending: EmbedFrame | undefined;
  /** The full state, for adapters and tests. */
  readonly state: EmbedState;
}

/** One embed's life without a DOM framework (see `createEmbedController`). */
export interface EmbedController {
  /** The token side changed: a new page URL and token, a token status or error. */
  update(input: EmbedInput): void;
  /** The iframe of frame `id` fired `load`. */
  frameLoaded(id: number): void;
  /** The page in frame `id` posted `zipteams:ready` (see {@link isReadyMessage}). */
  frameAnnounced(id: number): void;
  /** Focus moved into (true) or out of the active frame. */
  focus(inside: boolean): void;
  /** The user asked to try again: a failed page reopens in view. */
  retry(): void;
  /** Calls `listener` after each change; timers and listeners run while anyone is subscribed. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: the same object until something changes. */
  getSnapshot(): EmbedSnapshot;
  /** Stops every timer, probe and listener for good. */
  dispose(): void;
}
