import { clearPageTokens, openTabChannel, pageName, pageRegistry } from '../page-registry.js';
import type { TabEnvironment } from './tab-environment.js';
import type * as TabLink from './tab-link.js';

declare const process: { env: { NODE_ENV?: string } };

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
    (error: unknown) => {
      tabsLoader.loading = undefined; // a later start tries again; meanwhile this tab is alone
      warnTabsUnloaded(error);
      return undefined;
    },
  ));
}

let warned = false;

/**
 * Says once, in development builds, why this tab fetches its own tokens: a refused chunk is
 * otherwise invisible. The usual cause on strict pages is Trusted Types with a bundler whose
 * runtime loads chunks by giving `script.src` a string (Turbopack today).
 */
function warnTabsUnloaded(error: unknown): void {
  try {
    if (process.env.NODE_ENV !== 'production' && !warned) {
      warned = true;
      console.warn(
        `[zipteams] The tab-sharing code did not load (${String(error)}): this tab fetches its ` +
          'own tokens and works alone. Under Trusted Types (require-trusted-types-for), a ' +
          "bundler runtime that loads chunks without a Trusted Types policy is refused: see the page's CSP violations.",
      );
    }
  } catch {
    // No bundler and no `process`: silent (see dev-log.ts).
  }
}
