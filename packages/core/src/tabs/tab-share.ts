// Type imports only: this file is part of the lazily loaded tab code, and what it needs from the
// rest of core comes in a `TabKit` (see `loadTabs`), so the lazy chunk shares no module with the
// page's main chunk.
import type { Clock, Timers } from '../timing/environment.js';
import type { JwtClaims } from '../token/jwt.js';
import type { RefreshMargin } from '../timing/refresh.js';
import { readSharedRecord, toSharedRecord } from './shared-record.js';
import type { AdoptContext } from './shared-token.js';
import type { TabChannel, TabEnvironment } from './tab-environment.js';
import type { DashboardToken } from '../token/token.js';

const LOCK_PREFIX = 'zipteams-embed-token:';

/**
 * How long a tab that holds the source's lock waits for a live tab to answer with the token it
 * just fetched, before fetching its own. Tabs answer within milliseconds; a frozen or closed tab
 * never does, and then one request (cheap: the partner's server keeps tokens per tenant) is the fallback.
 */
export const ASK_WAIT_MS = 500;

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

type TabMessage =
  | {
      readonly v: 2;
      readonly type: 'token';
      readonly key: string;
      readonly record: unknown;
      readonly to?: string;
    }
  | {
      readonly v: 2;
      readonly type: 'ask';
      readonly key: string;
      readonly from: string;
      readonly tenantId: unknown;
      readonly subTenantId: unknown;
      /** The asker's token's local deadline: only a token that lives longer is worth sending. */
      readonly since: number;
    }
  | { readonly v: 2; readonly type: 'ended'; readonly key: string; readonly status: unknown };

/**
 * Shares the rotations of one token source between the live, same-origin tabs that hold a token
 * of the same tenant: a Web Lock named by the (hashed) source key and a BroadcastChannel. Nothing
 * is stored: a token exists only in the memory of the pages that got it. `createTabTokenShare` of
 * `@zipteams/embed-core/tabs` is this with core's kit; the token store passes its own.
 */
export function createTabShare(kit: TabKit, options: TabTokenShareOptions): TabTokenShare {
  const env = options.environment;
  const { hasTenantClaims, sameTenant, channel: TAB_CHANNEL_NAME } = kit;
  const clock = options.clock ?? kit.clock;
  const timers = options.timers ?? kit.timers;
  const lockTimeoutMs = options.lockTimeoutMs ?? kit.timeoutMs;
  const shouldAdoptSharedToken = kit.adopt;
  const planRefresh = kit.dueAt;
  const self = Math.random().toString(36).slice(2) + clock.now().toString(36);
  const listeners = new Set<(event: TabShareEvent) => void>();
  const answers = new Set<(token: DashboardToken) => void>();
  let channel: TabChannel | undefined;
  let users = 0;
  let held: DashboardToken | undefined;
  let heard: DashboardToken | undefined;
  let name: Promise<string> | undefined;
  const hashed = () => (name ??= env ? env.hashKey(options.key) : Promise.reject(new Error()));

  const post = (message: TabMessage) => {
    if (!env) return;
    const target = channel ?? env.openChannel(TAB_CHANNEL_NAME);
    target.postMessage(message);
    if (target !== channel) target.close();
  };

  const onMessage = (event: { data: unknown }) => {
    const message = event.data as Partial<TabMessage> | null;
    if (message?.v !== 2) return;
    void hashed().then(
      (key) => {
        if (message.key !== key) return;
        if (message.type === 'ended') {
          const status = message.status === 403 ? 403 : 401;
          held = undefined;
          heard = undefined;
          closeIfIdle();
          for (const listener of [...listeners]) listener({ type: 'ended', status });
        } else if (message.type === 'ask') {
          answer(key, message as Extract<TabMessage, { type: 'ask' }>);
        } else if (message.type === 'token') {
          const token = readSharedRecord(message.record, key, kit.decodeJwt, kit.maxLifetimeMs);
          if (!token) return;
          if (message.to !== undefined) {
            if (message.to === self) for (const take of [...answers]) take(token);
            return;
          }
          if (!heard || token.receivedAt > heard.receivedAt) heard = token;
          // An announcement that arrives while this page waits for answers is as good as one.
          for (const take of [...answers]) take(token);
          for (const listener of [...listeners]) listener({ type: 'token', token });
        }
      },
      () => undefined,
    );
  };

  // Only the token this page shows, only to a tab of the same tenant holding an older one.
  const answer = (key: string, ask: Extract<TabMessage, { type: 'ask' }>) => {
    if (!held || !hasTenantClaims(held) || held.expiresAt <= ask.since) return;
    const { tenantId, subTenantId } = held.claims;
    if (tenantId !== ask.tenantId || subTenantId !== ask.subTenantId) return;
    const now = clock.now();
    // Not yet due for refresh, else the asker would refresh again at once.
    if (planRefresh(held, options.margin) <= now || held.expiresAt <= now) return;
    post({ v: 2, type: 'token', key, record: toSharedRecord(key, held), to: ask.from });
  };

  const open = () => {
    if (!env || channel) return;
    channel = env.openChannel(TAB_CHANNEL_NAME);
    channel.addEventListener('message', onMessage);
  };
  // Open while anyone listens, an acquire runs, or this page holds a token (it answers asks).
  const closeIfIdle = () => {
    if (listeners.size || users || held || !channel) return;
    channel.removeEventListener('message', onMessage);
    channel.close();
    channel = undefined;
  };

  /** Asks the live tabs for a token of `current`'s tenant newer than it; undefined if none answers in time. */
  const ask = (key: string, context: AcquireContext & { current: DashboardToken }) =>
    new Promise<DashboardToken | undefined>((resolve) => {
      const { current, signal, margin = options.margin } = context;
      const done = (token: DashboardToken | undefined) => {
        answers.delete(take);
        timers.clearTimeout(timer);
        signal?.removeEventListener('abort', give);
        resolve(token);
      };
      const take = (token: DashboardToken) => {
        if (shouldAdoptSharedToken(token, { current, now: clock.now(), margin })) done(token);
      };
      const give = () => done(undefined);
      const timer = timers.setTimeout(give, ASK_WAIT_MS);
      signal?.addEventListener('abort', give, { once: true });
      answers.add(take);
      const { tenantId, subTenantId } = current.claims;
      post({
        v: 2,
        type: 'ask',
        key,
        from: self,
        tenantId,
        subTenantId,
        since: current.expiresAt,
      });
    });

  const announce = (key: string, token: DashboardToken, replaced?: DashboardToken) => {
    if (hasTenantClaims(token) && !(replaced && sameTenant(replaced, token))) {
      post({ v: 2, type: 'token', key, record: toSharedRecord(key, token) });
    }
  };
  const end = (key: string, status: 401 | 403) => {
    held = undefined;
    post({ v: 2, type: 'ended', key, status });
  };
  const withKey = (then: (key: string) => void) => void hashed().then(then, () => undefined);

  return {
    shared: env !== undefined && env !== null,
    hold(token) {
      held = token;
      if (token) open();
      else closeIfIdle();
    },
    announce(token, replaced) {
      withKey((key) => announce(key, token, replaced));
    },
    end(status) {
      withKey((key) => end(key, status));
    },
    async acquire(fetchToken, context = {}) {
      const { signal, current, margin = options.margin, replaced } = context;
      const fetchOwn = async (key: string | undefined) => {
        let token: DashboardToken;
        try {
          token = await fetchToken(signal);
        } catch (error) {
          const status = kit.endedBy(error);
          if (key !== undefined && status) end(key, status);
          throw error;
        }
        held = token;
        if (key !== undefined) announce(key, token, replaced);
        return token;
      };
      if (!env) return fetchOwn(undefined);
      let key: string;
      try {
        key = await hashed();
      } catch {
        return fetchOwn(undefined);
      }
      if (signal?.aborted) throw kit.aborted();
      // A first token comes from this page's own session; without tenant claims nothing is shared.
      if (!current || !hasTenantClaims(current)) return fetchOwn(key);

      users++;
      open();
      const wait = new AbortController();
      const stopWaiting = () => wait.abort();
      signal?.addEventListener('abort', stopWaiting, { once: true });
      // Clamped as `setTimeout` needs (2^31 - 1 ms at most).
      const timer = timers.setTimeout(
        stopWaiting,
        Math.min(Math.max(lockTimeoutMs, 0), 2 ** 31 - 1),
      );
      let entered = false;
      try {
        return await env.locks.request(LOCK_PREFIX + key, { signal: wait.signal }, async () => {
          entered = true;
          timers.clearTimeout(timer);
          const now = clock.now();
          if (heard && shouldAdoptSharedToken(heard, { current, now, margin })) {
            return (held = heard);
          }
          // The tab before us in the lock announced its token before releasing it, but the
          // channel is not ordered with the lock: ask the live tabs, which answer from memory.
          const answered = await ask(key, { ...context, current });
          if (answered) return (held = answered);
          if (signal?.aborted) throw kit.aborted();
          return fetchOwn(key);
        });
      } catch (error) {
        if (entered) throw error;
        if (signal?.aborted) throw kit.aborted();
        // The lock did not come in time (its holder is frozen or stuck) or was refused: alone.
        return await fetchOwn(key);
      } finally {
        timers.clearTimeout(timer);
        signal?.removeEventListener('abort', stopWaiting);
        users--;
        closeIfIdle();
      }
    },
    subscribe(listener) {
      if (!env) return () => {};
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        closeIfIdle();
      };
    },
  };
}
