import type { ZipteamsError } from '../errors/errors.js';
import type { CspViolationSource } from '../errors/csp-violations.js';
import type { Clock, Timers, WakeEventSource } from '../timing/environment.js';
import type { RefreshMargin } from '../timing/refresh.js';
import type { RetryOptions } from '../timing/retry.js';
import type { TabEnvironment } from '../tabs/tab-environment.js';
import type { TokenSource } from './fetch-token.js';
import type { TokenSlot } from './token-slot.js';
import type { EmbedStatus } from './token-state.js';
import type { DashboardToken } from './token.js';

/** Options of `createTokenStore`. */
export interface TokenStoreOptions {
  /** The source's key: stores (and tabs) with the same key share one token. */
  readonly key: string;
  readonly source: TokenSource;
  readonly refreshMargin?: RefreshMargin;
  /** Default: retryable errors without limit, backoff up to 60 s. */
  readonly retry?: RetryOptions;
  /** Timeout of one request, ms. Default 15 s. */
  readonly timeoutMs?: number;
  /** Share the token with this origin's other tabs. Default true. */
  readonly shareAcrossTabs?: boolean;
  /** The tabs' environment (default the browser's; `null` alone). For tests. */
  readonly tabs?: TabEnvironment | null;
  /**
   * Where the token lives (default: an entry in memory). `@zipteams/react` passes a TanStack
   * Query entry, so a prefetched or hydrated token is used and a removed one is fetched again.
   */
  readonly cache?: TokenSlot;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly wakeEvents?: WakeEventSource;
  /** The page's CSP violations, naming a request its `connect-src` refused. Default: the browser's. */
  readonly violations?: CspViolationSource;
}

/** What a {@link TokenStore} holds: only a valid token is ever handed out. */
export interface TokenStoreSnapshot {
  /** The valid token, or undefined (also once it expired). */
  readonly token: DashboardToken | undefined;
  readonly status: EmbedStatus;
  /** The last failure; once expired a `TokenExpiredError` whose `cause` is that failure. */
  readonly error: ZipteamsError | undefined;
  /** When the valid token is due for refresh (local epoch ms), see `planRefresh`. */
  readonly refreshAt: number | undefined;
}

/** A token source kept fresh: the one token lifecycle of the element and of React's hook. */
export interface TokenStore {
  /** Starts work on the first listener; the last one leaving stops every timer, listener and request. */
  subscribe(listener: () => void): () => void;
  /** The current state; the same object until something changes. */
  getSnapshot(): TokenStoreSnapshot;
  /** Fetches a new token now (joined with one under way). */
  refresh(): Promise<void>;
  /**
   * Takes a token obtained without this store (a server-minted initial token, checked by
   * `readInitialToken`) as if it had just been fetched, so every consumer of the source shares it
   * and the next refresh goes to the source as usual. The server's answer for this page wins over
   * a token held from before (another session, e.g. before a sign-in): only a newer valid token of
   * the same tenant, or an expired offer, is kept instead. Returns whether it was taken.
   */
  seed(token: DashboardToken): boolean;
}
