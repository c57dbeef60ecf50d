import type { EmbedSnapshot, ReachabilityProbe } from './embed-controller-types.js';
import type { EmbedStatus, ReadySignal } from './embed-transition.js';
import type { CspViolationSource } from './csp-violations.js';
import type { Clock, Timers, WakeEventSource } from '../timing/environment.js';
import type { ZipteamsError } from '../errors/errors.js';
import type { TokenFunctionSource, TokenUrlSource } from '../token/fetch-token.js';
import type { RefreshMargin } from '../timing/refresh.js';
import type { RetryOptions } from '../timing/retry.js';
import type { TabEnvironment } from '../tabs/tab-environment.js';
import type { TokenSlot } from '../token/token-slot.js';
import type { DashboardToken } from '../token/token.js';

// The types of `createEmbedSession` (embed-session.ts), which re-exports them.

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
