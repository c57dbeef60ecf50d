/**
 * `@zipteams/embed-core/tabs`: sharing token rotations between the live tabs of an origin, for
 * consumers that keep their own token cache. The kit's token store loads the same code lazily
 * (`loadTabs`), only on pages whose browser can share tabs, so the first frame and every error
 * never wait for it.
 */
import { globalTimers, systemClock } from './timing/environment.js';
import { decodeJwt } from './token/jwt.js';
import { MAX_TOKEN_LIFETIME_MS } from './protocol.js';
import { readSharedRecord } from './tabs/shared-record.js';
import { tabKit } from './tabs/tab-kit.js';
import { browserTabEnvironment } from './tabs/tab-environment.js';
import { createTabShare, type TabTokenShare, type TabTokenShareOptions } from './tabs/tab-share.js';
import type { DashboardToken } from './token/token.js';

export { ASK_WAIT_MS } from './tabs/tab-share.js';
export { browserTabEnvironment } from './tabs/tab-environment.js';
export { toSharedRecord, hashTokenKey } from './tabs/shared-record.js';
export { forgetLegacyRecords } from './tabs/tab-sign-out.js';
export type {
  TabTokenShareOptions,
  AcquireContext,
  TabShareEvent,
  TabTokenShare,
} from './tabs/tab-share.js';
export type { SharedTokenRecord } from './tabs/shared-record.js';
export type { TabEnvironment, TabLocks, TabChannel } from './tabs/tab-environment.js';
export type { DashboardToken } from './token/token.js';

/**
 * Shares the rotations of one token source between the live, same-origin tabs that hold a token
 * of the same tenant: a Web Lock named by the (hashed) source key and a BroadcastChannel. Nothing
 * is stored: a token exists only in the memory of the pages that got it.
 */
export function createTabTokenShare(options: TabTokenShareOptions): TabTokenShare {
  const kit = tabKit(options.clock ?? systemClock, options.timers ?? globalTimers);
  const environment =
    options.environment === undefined ? browserTabEnvironment() : options.environment;
  return createTabShare(kit, { ...options, environment });
}

const pageShares = new Map<string, TabTokenShare>();

/**
 * The page's one {@link TabTokenShare} for a source key, in the browser's environment (alone on
 * the server): for adapters that keep their own cache.
 */
export function tabTokenShare(key: string): TabTokenShare {
  let share = pageShares.get(key);
  if (!share) pageShares.set(key, (share = createTabTokenShare({ key })));
  return share;
}

/**
 * A record heard from another tab, back to a {@link DashboardToken}; `undefined` for anything that
 * is not a well-formed record of `key`. The claims are decoded again, never taken from the record.
 */
export function fromSharedRecord(value: unknown, key: string): DashboardToken | undefined {
  return readSharedRecord(value, key, decodeJwt, MAX_TOKEN_LIFETIME_MS);
}
