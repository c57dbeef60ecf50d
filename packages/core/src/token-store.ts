import {
  HttpError,
  NetworkError,
  TokenExpiredError,
  isZipteamsError,
  type ZipteamsError,
} from './errors.js';
import {
  browserWakeEvents,
  globalTimers,
  systemClock,
  type Clock,
  type Timers,
  type WakeEventSource,
} from './environment.js';
import { fetchDashboardToken, type TokenSource } from './fetch-token.js';
import { createScheduler, planRefresh, type RefreshMargin } from './refresh.js';
import { createRetryPolicy, withRetry, type RetryOptions } from './retry.js';
import { initialTokenWins } from './initial-token.js';
import { registerTokenHolder, revokeToken } from './page-registry.js';
import { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from './shared-token.js';
import type { TabEnvironment } from './tab-environment.js';
import { createTabTokenShare, type TabShareEvent, type TabTokenShare } from './tab-share.js';
import { tokenState, type TokenStatus } from './token-state.js';
import type { DashboardToken } from './token.js';

/** Options of {@link createTokenStore}. */
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
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly wakeEvents?: WakeEventSource;
}

/** What a {@link TokenStore} holds: only a valid token is ever handed out. */
export interface TokenStoreSnapshot {
  /** The valid token, or undefined (also once it expired). */
  readonly token: DashboardToken | undefined;
  readonly status: TokenStatus;
  /** The last failure; once expired a `TokenExpiredError` whose `cause` is that failure. */
  readonly error: ZipteamsError | undefined;
}

/** A token source kept fresh without a framework: the element's token, React keeps TanStack Query. */
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

/**
 * Creates a {@link TokenStore}: fetches once, refreshes at {@link planRefresh}'s moment (through
 * {@link createScheduler}, so also after sleep), retries with {@link withRetry}, never serves an
 * expired token, and with `shareAcrossTabs` takes tokens other tabs fetched.
 */
export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? globalTimers;
  const margin = options.refreshMargin;
  const policy = createRetryPolicy({ retries: Infinity, ...options.retry });
  const share: TabTokenShare = createTabTokenShare({
    key: options.key,
    environment: options.shareAcrossTabs === false ? null : options.tabs,
    margin,
    clock,
    timers,
    lockTimeoutMs: options.timeoutMs,
  });
  const listeners = new Set<() => void>();
  let data: DashboardToken | undefined;
  let error: ZipteamsError | undefined;
  let running: { promise: Promise<void>; controller: AbortController } | undefined;
  let snapshot: TokenStoreSnapshot | undefined;
  let expiredError: TokenExpiredError | undefined;
  let stopShare: (() => void) | undefined;
  let stopPending = false;
  let unregister: (() => void) | undefined;

  const schedulerOptions = { clock, timers, wakeEvents: options.wakeEvents ?? browserWakeEvents };
  const refreshTimer = createScheduler({ ...schedulerOptions, onDue: () => void run() });
  const expiryTimer = createScheduler({ ...schedulerOptions, onDue: () => emit() });

  const emit = () => {
    snapshot = undefined;
    for (const listener of [...listeners]) listener();
  };

  const plan = () => {
    if (!data || !listeners.size) return;
    refreshTimer.schedule(planRefresh(data, margin));
    expiryTimer.schedule(data.expiresAt);
  };

  const accept = (token: DashboardToken) => {
    data = token;
    error = undefined;
    share.hold(token);
    unregister ??= registerTokenHolder(holder);
    plan();
    emit();
  };

  const abortRunning = () => {
    running?.controller.abort();
    running = undefined;
  };

  /**
   * Drops the token (its session ended or changed) and, while anyone listens, fetches one in the
   * session the page is in now. `replaced`: the token dropped because another tab announced
   * another tenant.
   */
  const restart = (replaced?: DashboardToken) => {
    refreshTimer.cancel();
    expiryTimer.cancel();
    abortRunning();
    data = undefined;
    error = undefined;
    share.hold(undefined);
    emit();
    if (listeners.size) void run(replaced);
    else {
      unregister?.();
      unregister = undefined;
    }
  };

  // The page's sign-out call (`clearSharedTokens`), from any copy of core on the page.
  const holder = {
    clear: () => {
      if (data) revokeToken(data.token);
      restart();
    },
  };

  // Signed out: the token of the ended session is shown no longer, and the error says why. No
  // request: the tab that heard 401/403 already asked, and the user signs in again to go on.
  const endSession = (failure: ZipteamsError) => {
    refreshTimer.cancel();
    expiryTimer.cancel();
    abortRunning();
    data = undefined;
    error = failure;
    share.hold(undefined);
    emit();
  };

  const onTabs = (event: TabShareEvent) => {
    if (event.type === 'ended') return endSession(new HttpError(event.status));
    const { token } = event;
    // A page's first token comes from its own request: nothing is adopted before it has one.
    if (!data) return;
    if (hasTenantClaims(data) && hasTenantClaims(token) && !sameTenant(data, token)) {
      // Another tenant for this source: the session changed, and this page is in it too.
      return restart(data);
    }
    if (!shouldAdoptSharedToken(token, { current: data, now: clock.now(), margin })) return;
    // A token from another tab ends a request or a backoff under way here.
    abortRunning();
    accept(token);
  };

  function run(replaced?: DashboardToken): Promise<void> {
    if (running) return running.promise;
    const controller = new AbortController();
    const { signal } = controller;
    const fetchOne = (attemptSignal: AbortSignal | undefined) =>
      fetchDashboardToken(options.source, {
        signal: attemptSignal,
        timeoutMs: options.timeoutMs,
        clock,
        timers,
      });
    const promise = withRetry(
      (s) => share.acquire(fetchOne, { current: data, signal: s, margin, replaced }),
      {
        policy,
        signal,
        timers,
        onRetry: (failure) => {
          error = toZipteamsError(failure);
          emit();
        },
      },
    )
      .then(accept, (failure: unknown) => {
        if (signal.aborted) return;
        // Signed out (401/403): the token of the ended session is not shown any longer either.
        if (failure instanceof HttpError && (failure.status === 401 || failure.status === 403)) {
          return endSession(failure);
        }
        error = toZipteamsError(failure);
        emit();
      })
      .finally(() => {
        if (running?.controller === controller) running = undefined;
        emit();
      });
    running = { promise, controller };
    emit();
    return promise;
  }

  const start = () => {
    unregister ??= registerTokenHolder(holder);
    stopShare ??= share.subscribe(onTabs);
    // A token that expired while nobody listened is gone: the next one loads, it is not "expired".
    if (data && data.expiresAt <= clock.now()) data = undefined;
    if (data && planRefresh(data, margin) > clock.now()) plan();
    else void run();
  };

  const stop = () => {
    refreshTimer.cancel();
    expiryTimer.cancel();
    stopShare?.();
    stopShare = undefined;
    abortRunning();
    // A store that holds no token has nothing for the sign-out call to drop.
    if (!data) {
      unregister?.();
      unregister = undefined;
    }
  };

  return {
    subscribe(listener) {
      const first = listeners.size === 0;
      listeners.add(listener);
      if (first && !stopPending) start();
      stopPending = false;
      return () => {
        if (!listeners.delete(listener) || listeners.size) return;
        // Deferred a microtask: an element moved in the DOM leaves and comes back at once.
        stopPending = true;
        queueMicrotask(() => {
          if (!stopPending) return;
          stopPending = false;
          if (!listeners.size) stop();
        });
      };
    },
    getSnapshot() {
      const now = clock.now();
      if (snapshot && !(snapshot.token && now >= snapshot.token.expiresAt)) return snapshot;
      const expired = data !== undefined && now >= data.expiresAt;
      if (!expired) expiredError = undefined;
      else if (expiredError?.cause !== error) {
        expiredError = new TokenExpiredError(error ? { cause: error } : undefined);
      }
      const state = tokenState({
        data,
        expired,
        fetching: running !== undefined,
        error,
        expiredError: expiredError ?? new TokenExpiredError(),
      });
      snapshot = {
        token: state.valid ? data : undefined,
        status: state.status,
        error: state.error,
      };
      return snapshot;
    },
    refresh: () => run(),
    seed(token) {
      const now = clock.now();
      if (token.expiresAt <= now || !initialTokenWins(token, data, now)) return false;
      // Like a token from another tab, it ends a first request or a backoff under way.
      abortRunning();
      accept(token);
      return true;
    },
  };
}

function toZipteamsError(failure: unknown): ZipteamsError {
  if (isZipteamsError(failure)) return failure;
  return new NetworkError({ cause: failure });
}

const pageStores = new Map<string, TokenStore>();

/**
 * The page's one {@link TokenStore} for a source key (created with these options the first time):
 * every consumer with the same key and tab-sharing choice shares its token and its requests.
 */
export function sharedTokenStore(options: TokenStoreOptions): TokenStore {
  const id = `${options.shareAcrossTabs === false ? 'alone' : 'tabs'} ${options.key}`;
  let store = pageStores.get(id);
  if (!store) pageStores.set(id, (store = createTokenStore(options)));
  return store;
}
