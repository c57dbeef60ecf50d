import type { Clock, Timers } from '../timing/environment.js';
import type { JwtClaims } from '../token/jwt.js';
import type { RefreshMargin } from '../timing/refresh.js';
import type { AdoptContext } from './shared-token.js';
import type { TabEnvironment } from './tab-environment.js';
import type { DashboardToken } from '../token/token.js';

// The types of `createTabShare` (tab-share.ts, which re-exports them).

/**
 * What the tab code takes from the rest of core, handed over when it loads: core's own rules, so
 * the lazy chunk repeats none of them and imports nothing the page already has.
 */
export interface TabKit {
  /** `shouldAdoptSharedToken`. */
  readonly adopt: (candidate: DashboardToken, context: AdoptContext) => boolean;
  /** `sameTenant`. */
  readonly sameTenant: (a: DashboardToken, b: DashboardToken) => boolean;
  /** `hasTenantClaims`. */
  readonly hasTenantClaims: (token: DashboardToken) => boolean;
  /** `planRefresh`. */
  readonly dueAt: (token: DashboardToken, margin?: RefreshMargin) => number;
  /** `decodeJwt`. */
  readonly decodeJwt: (token: string) => JwtClaims;
  /** 401 or 403 when `error` is the token source saying so (the session ended), else undefined. */
  readonly endedBy: (error: unknown) => 401 | 403 | undefined;
  /** A new `AbortedError`. */
  readonly aborted: () => Error;
  /** `TAB_CHANNEL_NAME`. */
  readonly channel: string;
  /** `MAX_TOKEN_LIFETIME_MS`. */
  readonly maxLifetimeMs: number;
  /** The default request timeout (`DEFAULT_TOKEN_TIMEOUT_MS`): the default lock wait. */
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly timers: Timers;
}

/** Options of {@link createTabTokenShare}. */
export interface TabTokenShareOptions {
  /** The token source's key: tabs share only with the very same source. */
  readonly key: string;
  /** Default `browserTabEnvironment()`; `null` to work alone. */
  readonly environment?: TabEnvironment | null;
  /**
   * How long a tab waits for another tab's lock before fetching itself (a frozen or stuck tab
   * must not stall the others; a closed tab releases its lock at once). Default 15 s, the
   * default request timeout.
   */
  readonly lockTimeoutMs?: number;
  /** The refresh margin, to judge whether a shared token is fresh enough to take. */
  readonly margin?: RefreshMargin;
  readonly clock?: Clock;
  readonly timers?: Timers;
}

/** Context of one {@link TabTokenShare.acquire}. */
export interface AcquireContext {
  /**
   * The token this page holds for the source (also an expired one). Without one, or without
   * tenant claims in it, the page fetches its own: a first token always comes from the page's
   * own session, never from another tab.
   */
  readonly current?: DashboardToken;
  readonly signal?: AbortSignal;
  /** The caller's refresh margin, to judge whether a shared token is fresh enough (default the share's). */
  readonly margin?: RefreshMargin;
  /**
   * The token this page dropped because another tab announced another tenant for the source. A
   * token of that same tenant fetched now is not announced (this page's session did not change),
   * so two tenants on one source cannot keep knocking each other out.
   */
  readonly replaced?: DashboardToken;
}

/** What a page hears from its other tabs about a source. */
export type TabShareEvent =
  /** A live tab got this token for the source (not yet checked against the listener's own). */
  | { readonly type: 'token'; readonly token: DashboardToken }
  /** The source answered 401 or 403 (`status`) in another tab: the session ended. */
  | { readonly type: 'ended'; readonly status: 401 | 403 };

/** One token source shared by the live tabs of an origin. */
export interface TabTokenShare {
  /**
   * A new token. Without a current token with tenant claims: `fetchToken()`'s, at once. With one
   * (a rotation): under the source's Web Lock, a token of the same tenant that a live tab just
   * got (heard on the channel, or asked for while holding the lock), else `fetchToken()`'s. Every
   * token fetched is announced to the other tabs; a 401 or 403 is announced as the session's end.
   */
  acquire(
    fetchToken: (signal: AbortSignal | undefined) => Promise<DashboardToken>,
    context?: AcquireContext,
  ): Promise<DashboardToken>;
  /** Hears the other tabs (see {@link TabShareEvent}). Returns the unsubscribe function. */
  subscribe(listener: (event: TabShareEvent) => void): () => void;
  /**
   * Tells the other tabs about a token this page fetched itself without `acquire` (its first
   * token, fetched while the tab code was still loading): as `acquire` would have, unless the
   * token has no tenant claims or is of the tenant `replaced` names (see {@link AcquireContext}).
   */
  announce(token: DashboardToken, replaced?: DashboardToken): void;
  /** Tells the other tabs that the source answered 401 or 403 here: the session ended. */
  end(status: 401 | 403): void;
  /**
   * Tells the share which token this page now shows for the source (one it adopted or seeded), or
   * `undefined` once it dropped it: only that token is ever given to a tab that asks.
   */
  hold(token: DashboardToken | undefined): void;
  /** Whether tabs share at all here (false where the environment is missing). */
  readonly shared: boolean;
}
