import { clearPageTokens, openTabChannel, pageName, pageRegistry } from '../page-registry.js';
import type { TabEnvironment } from './tab-environment.js';
import type * as TabLink from './tab-link.js';

/** The tab code, loaded only on pages that can share tabs (see {@link loadTabs}). */
export type TabsModule = typeof TabLink;

interface TabGlobals {
  navigator?: { locks?: unknown };
  BroadcastChannel?: unknown;
  crypto?: { subtle?: unknown };
}

/** How the tab code is fetched (`import()`) and the load under way; tests replace it. Internal. */
export const tabsLoader: {
  load: () => Promise<TabsModule>;
  loading?: Promise<TabsModule | undefined> | undefined;
} = { load: () => import('./tab-link.js') };

/**
 * The code that shares rotations between tabs (and hears their sign-out), loaded once per page
 * and only where it can work: with an injected environment (tests), or where the browser has Web
 * Locks, BroadcastChannel and `crypto.subtle`. Nothing of the first frame or of an error waits
 * for it. Resolves undefined where tabs cannot be shared or the chunk fails to load: every tab
 * then works alone.
 */
export function loadTabs(
  environment?: TabEnvironment | null,
): Promise<TabsModule | undefined> | undefined {
  if (environment === null) return undefined;
  if (environment === undefined) {
    const g = globalThis as TabGlobals;
    if (!g.navigator?.locks || typeof g.BroadcastChannel !== 'function' || !g.crypto?.subtle) {
      return undefined;
    }
  }
  return (tabsLoader.loading ??= tabsLoader.load().then(
    (tabs) => {
      tabs.listenForSignOut({
        registry: pageRegistry(),
        open: openTabChannel,
        page: pageName,
        clear: clearPageTokens,
      });
      return tabs;
    },
    () => {
      tabsLoader.loading = undefined; // a later start tries again; meanwhile this tab is alone
      return undefined;
    },
  ));
}
