import type { EmbedFrame, EmbedState, EmbedStatus, ReadySignal } from './embed-transition.js';
import type { CspViolationSource } from '../errors/csp-violations.js';
import type { Clock, Timers, WakeEventSource } from '../timing/environment.js';
import type { ZipteamsError } from '../errors/errors.js';
import type { TokenFunctionSource, TokenUrlSource } from '../token/fetch-token.js';
import type { RefreshMargin } from '../timing/refresh.js';
import type { RetryOptions } from '../timing/retry.js';
import type { TabEnvironment } from '../tabs/tab-environment.js';
import type { TokenSlot } from '../token/token-slot.js';
import type { DashboardToken } from '../token/token.js';

// The types of `createEmbedSession` (embed-session.ts), which re-exports them.

/**
 * Whether the host at `origin` answers at all: resolves true when it does (whatever the answer),
 * false when it cannot be reached. Default: `fetch(origin, { mode: 'no-cors' })`, which rejects
 * only on a network failure.
 */
export type ReachabilityProbe = (origin: string, signal: AbortSignal) => Promise<boolean>;

/** What an embed shows: read it with {@link EmbedSession.getSnapshot}. */
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
  /** How long one token request may take, in ms. Default 15 s (`DEFAULT_TOKEN_TIMEOUT_MS`). */
  readonly timeoutMs?: number | undefined;
  /**
   * The automatic retries: of a failed token request (all options), and the backoff of the hidden
   * reopenings of a page that failed to load (`baseDelayMs`, `maxDelayMs`, `random`).
   */
  readonly retry?: RetryOptions | undefined;
  /** How long before its expiry a token is refreshed (see `RefreshMargin`). */
  readonly refreshMargin?: RefreshMargin | undefined;
  /** Share rotations with this origin's other tabs of the same tenant. Default true. */
  readonly shareAcrossTabs?: boolean | undefined;
  /** A server-minted token body, taken once per body (see `takeInitialToken`). */
  readonly initialToken?: unknown;
  /** Origin (and path prefix) of the Zipteams pages. Default {@link DEFAULT_APP_URL}. */
  readonly baseUrl?: string | undefined;
  /** The page URL for a token; throws `InvalidArgumentError` for a bad id or theme. */
  readonly page: (token: string, baseUrl: string) => string;
  /**
   * How a page counts as loaded. Default: `load` for the real platform ({@link DEFAULT_APP_URL},
   * which is not documented to post a ready message), `message` for any other base URL (the mock
   * platform posts it, so a refused frame is told from a loaded one).
   */
  readonly readySignal?: ReadySignal | undefined;
  /** How long a page may take to become ready, in ms. Default 20 s. */
  readonly loadTimeout?: number | undefined;
  /** How the adapter names the token source in the no-source error. Default `tokenUrl`. */
  readonly sourceName?: string;
  /** The status changed (also the first status). Called safely: a throw never breaks the embed. */
  readonly onStatusChange?: ((status: EmbedStatus) => unknown) | undefined;
  /** A new error (token, expiry, frame), once each; logged in development builds too. */
  readonly onError?: ((error: ZipteamsError) => unknown) | undefined;
  /** A page became visible: the first, and each one swapped in. */
  readonly onLoad?: (() => unknown) | undefined;
  /** A new token arrived (fetched, taken from another tab or from the server). */
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
  /** Local time (default `Date.now`). */
  readonly clock?: Clock;
  /** `setTimeout` and `clearTimeout` (default the global ones). */
  readonly timers?: Timers;
  /** When the page wakes (default: the page becoming visible, `focus`, `online`, `pageshow`). */
  readonly wakeEvents?: WakeEventSource;
  /** Tabs to share rotations with (default the browser's; `null` alone). */
  readonly tabs?: TabEnvironment | null;
  /** Asks whether a failed frame's host is up. Default: a `no-cors` fetch of its origin. */
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
