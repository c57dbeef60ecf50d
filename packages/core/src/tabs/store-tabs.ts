import type { Clock, Timers } from '../timing/environment.js';
import type { DashboardToken } from '../token/token.js';
import type { TokenStoreOptions } from '../token/token-store-types.js';
import { loadTabs } from './load-tabs.js';
import { hasTenantClaims, sameTenant, shouldAdoptSharedToken } from './shared-token.js';
import { endsSession, tabKit } from './tab-kit.js';
import type { TabShareEvent, TabTokenShare } from './tab-share.js';

/** What the other tabs can make a token store do. */
export interface StoreTabsActions {
  /** The source answered 401 or 403 in another tab: the session ended. */
  ended(status: 401 | 403): void;
  /** Another tab got a token of another tenant: the session changed, and this page is in it. */
  otherTenant(): void;
  /** Another tab got a fresh token of this tenant: take it instead of fetching. */
  adopt(token: DashboardToken): void;
}

/**
 * A token store's link to this origin's other tabs. The tab code loads lazily, only where tabs
 * can share (see `loadTabs`); until it is there, and for good when it cannot load, the store works
 * alone, and what it should have told the tabs meanwhile (a token it fetched, a session's end)
 * waits here and is told once the code loads. `held()` is the store's token now; while the store
 * runs (`start` to `stop`), what the other tabs say becomes one of `actions`.
 */
export function storeTabs(
  options: TokenStoreOptions,
  clock: Clock,
  timers: Timers,
  held: () => DashboardToken | undefined,
  actions: StoreTabsActions,
) {
  const tabs = options.shareAcrossTabs === false ? null : options.tabs;
  const margin = options.refreshMargin;
  let share: TabTokenShare | undefined;
  let loading: Promise<unknown> | undefined;
  let unsubscribe: (() => void) | undefined;
  const later: Array<(share: TabTokenShare) => void> = [];
  const withShare = (act: (share: TabTokenShare) => void) =>
    share ? act(share) : loading && later.push(act);

  const onTabs = (event: TabShareEvent) => {
    if (event.type === 'ended') return actions.ended(event.status);
    const { token } = event;
    const current = held();
    // A page's first token comes from its own request: nothing is adopted before it has one.
    if (!current) return;
    if (hasTenantClaims(current) && hasTenantClaims(token) && !sameTenant(current, token)) {
      return actions.otherTenant();
    }
    if (shouldAdoptSharedToken(token, { current, now: clock.now(), margin })) actions.adopt(token);
  };

  return {
    /** The token the store shows now (or none): only that one is given to a tab that asks. */
    hold: (token: DashboardToken | undefined) => share?.hold(token),
    /** The store runs (`live`): hear the tabs, loading their code the first time. */
    start(live: () => boolean) {
      if (share) unsubscribe ??= share.subscribe(onTabs);
      else {
        loading ??= loadTabs(tabs)?.then((module) => {
          if (!module) return void (later.length = 0);
          share = module.createTabShare(tabKit(clock, timers), {
            key: options.key,
            environment: tabs === undefined ? module.browserTabEnvironment() : tabs,
            margin,
            lockTimeoutMs: options.timeoutMs,
          });
          share.hold(held());
          for (const act of later.splice(0)) act(share);
          if (live()) unsubscribe ??= share.subscribe(onTabs);
        });
      }
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
    /**
     * One new token: through the tabs' share when its code is there (a rotation may take a token
     * another tab just got), else fetched alone and announced to the tabs once their code loads.
     */
    acquire(
      fetchOne: (signal: AbortSignal | undefined) => Promise<DashboardToken>,
      signal: AbortSignal | undefined,
      replaced: DashboardToken | undefined,
    ): Promise<DashboardToken> {
      if (share) return share.acquire(fetchOne, { current: held(), signal, margin, replaced });
      return fetchOne(signal).then(
        (token) => {
          withShare((loaded) => loaded.announce(token, replaced));
          return token;
        },
        (failure: unknown) => {
          if (endsSession(failure)) withShare((loaded) => loaded.end(failure.status));
          throw failure;
        },
      );
    },
  };
}
