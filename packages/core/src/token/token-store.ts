import {
  HttpError,
  TokenExpiredError,
  toZipteamsError,
  type ZipteamsError,
} from '../errors/errors.js';
import { browserWakeEvents, globalTimers, systemClock } from '../timing/environment.js';
import { fetchDashboardToken } from './fetch-token.js';
import { createScheduler, planRefresh } from '../timing/refresh.js';
import { createRetryPolicy, withRetry } from '../timing/retry.js';
import { initialTokenWins } from './initial-token.js';
import {
  listInspectable,
  notifyPage,
  revokeToken,
  type Listed,
  type Via,
} from '../page-registry.js';
import { registerTokenHolder } from '../sign-out.js';
import { storeTabs } from '../tabs/store-tabs.js';
import { endsSession } from '../tabs/tab-kit.js';
import { createMemoryTokenSlot } from './token-slot.js';
import { tokenState } from './token-state.js';
import { sameToken as same, type DashboardToken } from './token.js';

import type { TokenStore, TokenStoreOptions, TokenStoreSnapshot } from './token-store-types.js';

export type { TokenStore, TokenStoreOptions, TokenStoreSnapshot };

/**
 * Creates a {@link TokenStore}: fetches once, refreshes at {@link planRefresh}'s moment (through
 * {@link createScheduler}, so also after sleep), retries with `withRetry`, never serves an
 * expired token, and with `shareAcrossTabs` takes tokens other tabs fetched. The token itself
 * lives in `options.cache`.
 */
export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? globalTimers;
  const cache = options.cache ?? createMemoryTokenSlot();
  const margin = options.refreshMargin;
  const policy = createRetryPolicy({ retries: Infinity, ...options.retry });
  const listeners = new Set<() => void>();
  // This origin's other tabs (their code loads lazily; until then the store works alone).
  const tabs = storeTabs(options, clock, timers, () => data, {
    ended: (status) => drop(new HttpError(status)),
    otherTenant: () => drop(undefined, data),
    adopt(token) {
      // A token from another tab ends a request or a backoff under way here.
      abortRunning();
      accept(token, 'adopted');
    },
  });
  // `seen`: the cache's entry as last read; `data`: the token this store holds (an entry found
  // already expired when work starts is seen, not held). Entries compare by JWT (`sameToken`).
  let seen = cache.get();
  let data = seen;
  let error: ZipteamsError | undefined;
  let running: { promise: Promise<void>; controller: AbortController; fresh?: boolean } | undefined;
  let snapshot: TokenStoreSnapshot | undefined;
  let expiredError: TokenExpiredError | undefined;
  let stopCache: (() => void) | undefined;
  let stopPending = false;
  let writing = false;
  let unregister: (() => void) | undefined;

  const schedulerOptions = { clock, timers, wakeEvents: options.wakeEvents ?? browserWakeEvents };
  const refreshTimer = createScheduler({ ...schedulerOptions, onDue: () => void run() });
  const expiryTimer = createScheduler({ ...schedulerOptions, onDue: () => emit() });

  const emit = () => {
    snapshot = undefined;
    for (const listener of [...listeners]) listener();
    notifyPage();
  };

  // For the devtools: how this tab got its token, and how many came after the first.
  let via: Via;
  let taken = 0;
  let fetchedHere: DashboardToken | undefined;
  let unlist: (() => void) | undefined;
  // What the devtools read when they look (worded by `inspection.ts`, never bundled here).
  const listed: Listed = {
    source: () => [options, store.getSnapshot(), via, taken, error],
    act: () => void run(),
  };

  const plan = () => {
    if (!data || !listeners.size) return;
    refreshTimer.schedule(planRefresh(data, margin));
    expiryTimer.schedule(data.expiresAt);
  };

  /** Holds `token` (or nothing), in this store and in its cache. */
  const hold = (token: DashboardToken | undefined) => {
    data = seen = token;
    tabs.hold(token);
    // A cache may report the write while it is half done (an entry made, not yet filled).
    writing = true;
    try {
      cache.set(token);
    } finally {
      writing = false;
    }
  };

  const accept = (token: DashboardToken, how?: Via) => {
    via = how ?? (token === fetchedHere ? 'fetched' : 'adopted');
    taken++;
    error = undefined;
    hold(token);
    // Listed for the sign-out call while it holds a token (never on a server: nobody listens).
    if (listeners.size) unregister ??= registerTokenHolder(holder);
    plan();
    emit();
  };

  const abortRunning = () => {
    running?.controller.abort();
    running = undefined;
  };

  /**
   * Drops the token. With `failure` (401/403 here or in another tab) the session ended: the error
   * says why and nothing is fetched (the user signs in again to go on). Without, the session
   * changed: while anyone listens, a token is fetched in the session the page is in now.
   * `replaced`: the token dropped because another tab announced another tenant.
   */
  const drop = (failure?: ZipteamsError, replaced?: DashboardToken) => {
    refreshTimer.cancel();
    expiryTimer.cancel();
    abortRunning();
    error = failure;
    hold(undefined);
    emit();
    if (failure) return;
    if (listeners.size) void run(replaced, true);
    else {
      unregister?.();
      unregister = undefined;
    }
  };

  // The page's sign-out call (`clearSharedTokens`), from any copy of core on the page. A request
  // this store started after the same call (its cache was cleared first) belongs to the new session.
  const holder = {
    clear: () => {
      if (data) revokeToken(data.token);
      else if (running?.fresh) return;
      drop();
    },
  };

  // The entry changed from outside: a prefetch or hydration filled it, a removal emptied it.
  const onCache = () => {
    const token = cache.get();
    if (writing || same(token, seen)) return;
    if (!token) return drop();
    data = seen = token;
    error = undefined;
    via = 'fetched'; // by this page: a prefetch, or its server's HTML hydrated
    taken++;
    tabs.hold(token);
    plan();
    emit();
  };

  function run(replaced?: DashboardToken, fresh?: boolean): Promise<void> {
    if (running) return running.promise;
    const controller = new AbortController();
    const { signal } = controller;
    const fetchOne = async (attemptSignal: AbortSignal | undefined) =>
      (fetchedHere = await fetchDashboardToken(options.source, {
        signal: attemptSignal,
        timeoutMs: options.timeoutMs,
        clock,
        timers,
        violations: options.violations,
      }));
    const promise = withRetry((attemptSignal) => tabs.acquire(fetchOne, attemptSignal, replaced), {
      policy,
      signal,
      timers,
      onRetry: (failure) => {
        error = toZipteamsError(failure);
        emit();
      },
    })
      .then(
        (token) => accept(token),
        (failure: unknown) => {
          if (signal.aborted) return;
          // Signed out (401/403): the token of the ended session is not shown any longer either.
          if (endsSession(failure)) return drop(failure);
          error = toZipteamsError(failure);
          emit();
        },
      )
      .finally(() => {
        if (running?.controller === controller) running = undefined;
        emit();
      });
    running = { promise, controller, fresh };
    emit();
    return promise;
  }

  const start = () => {
    stopCache ??= cache.subscribe(onCache);
    unlist ??= listInspectable(listed);
    tabs.start(() => listeners.size > 0);
    const token = cache.get();
    if (!same(token, seen)) data = seen = token;
    if (data) unregister ??= registerTokenHolder(holder);
    // A token that expired while nobody listened is gone: the next one loads, it is not "expired".
    if (data && data.expiresAt <= clock.now()) data = undefined;
    tabs.hold(data);
    if (data && planRefresh(data, margin) > clock.now()) plan();
    else void run();
  };

  const stop = () => {
    refreshTimer.cancel();
    expiryTimer.cancel();
    tabs.stop();
    stopCache?.();
    stopCache = undefined;
    unlist?.();
    unlist = undefined;
    abortRunning();
    // A store that holds no token has nothing for the sign-out call to drop.
    if (!data) {
      unregister?.();
      unregister = undefined;
    }
  };

  /** While nobody listens the cache is read through (a prefetched entry, a held hook). */
  const readThrough = () => {
    const token = listeners.size ? seen : cache.get();
    if (same(token, seen)) return;
    data = seen = token;
    snapshot = undefined;
  };

  const store: TokenStore = {
    subscribe(listener) {
      const first = listeners.size === 0;
      listeners.add(listener);
      if (first && !stopPending) start();
      stopPending = false;
      return () => {
        if (!listeners.delete(listener) || listeners.size) return;
        // Deferred a microtask: an element moved in the DOM, or React StrictMode's second mount,
        // leaves and comes back at once, and the request under way survives it.
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
      readThrough();
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
      const token = state.valid ? data : undefined;
      snapshot = {
        token,
        status: state.status,
        error: state.error,
        refreshAt: token && planRefresh(token, margin),
      };
      return snapshot;
    },
    refresh: () => run(),
    seed(token) {
      const now = clock.now();
      readThrough();
      if (token.expiresAt <= now || !initialTokenWins(token, data, now)) return false;
      // Like a token from another tab, it ends a first request or a backoff under way.
      abortRunning();
      accept(token, 'initial');
      return true;
    },
  };
  return store;
}
