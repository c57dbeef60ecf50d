// Type imports only: this file is part of the lazily loaded tab code, and what it needs from the
// rest of core comes in a `TabKit` (see `loadTabs`), so the lazy chunk shares no module with the
// page's main chunk.
import { readSharedRecord, toSharedRecord } from './shared-record.js';
import type { TabChannel } from './tab-environment.js';
import type {
  AcquireContext,
  TabKit,
  TabShareEvent,
  TabTokenShare,
  TabTokenShareOptions,
} from './tab-share-types.js';
import type { DashboardToken } from '../token/token.js';

const LOCK_PREFIX = 'zipteams-embed-token:';

/**
 * How long a tab that holds the source's lock waits for a live tab to answer with the token it
 * just fetched, before fetching its own. Tabs answer within milliseconds; a frozen or closed tab
 * never does, and then one request (cheap: the partner's server keeps tokens per tenant) is the fallback.
 */
export const ASK_WAIT_MS = 500;

export type { TabKit, TabTokenShareOptions, AcquireContext, TabShareEvent, TabTokenShare };

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
