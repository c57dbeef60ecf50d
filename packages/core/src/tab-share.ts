import { AbortedError } from './errors.js';
import { globalTimers, systemClock, type Clock, type Timers } from './environment.js';
import { clampTimerDelay, type RefreshMargin } from './refresh.js';
import { fromSharedRecord, shouldAdoptSharedToken, toSharedRecord } from './shared-token.js';
import { browserTabEnvironment, type TabChannel, type TabEnvironment } from './tab-environment.js';
import type { DashboardToken } from './token.js';
import { DEFAULT_TIMEOUT_MS } from './fetch-token.js';

/** The BroadcastChannel every tab of an origin announces new tokens on. */
export const TOKEN_CHANNEL_NAME = 'zipteams-embed-tokens';
const LOCK_PREFIX = 'zipteams-embed-token:';

/** Options of {@link createTabTokenShare}. */
export interface TabTokenShareOptions {
  /** The token source's key: tabs share only with the very same source. */
  readonly key: string;
  /** Default {@link browserTabEnvironment}; `null` to work alone. */
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
  /** The token this tab holds (also an expired one): a shared one must be newer and, when its claims name them, for the same tenant/subtenant. */
  readonly current?: DashboardToken;
  readonly signal?: AbortSignal;
  /** The caller's refresh margin, to judge whether a shared token is fresh enough (default the share's). */
  readonly margin?: RefreshMargin;
}

/** One token source shared by the tabs of an origin. */
export interface TabTokenShare {
  /**
   * A new token: under the source's Web Lock, the one another tab stored if it is fresh and
   * acceptable, else `fetchToken()`'s, which is then stored and broadcast. Alone (a plain
   * `fetchToken()`) where the environment is missing or the lock does not come in time.
   */
  acquire(
    fetchToken: (signal: AbortSignal | undefined) => Promise<DashboardToken>,
    context?: AcquireContext,
  ): Promise<DashboardToken>;
  /**
   * Hears tokens other tabs fetched for this source (well-formed, not yet checked against the
   * listener's own token: see {@link shouldAdoptSharedToken}). Returns the unsubscribe function.
   */
  subscribe(listener: (token: DashboardToken) => void): () => void;
  /** Whether tabs share at all here (false where the environment is missing). */
  readonly shared: boolean;
}

/**
 * Shares one token source between same-origin tabs: a Web Lock named by the (hashed) source
 * key, the token record in a store consistent across tab processes, and a BroadcastChannel that
 * announces each new token. Only the token record crosses tabs.
 */
export function createTabTokenShare(options: TabTokenShareOptions): TabTokenShare {
  const env = options.environment === undefined ? browserTabEnvironment() : options.environment;
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? globalTimers;
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const listeners = new Set<(token: DashboardToken) => void>();
  let channel: TabChannel | undefined;
  let name: Promise<string> | undefined;
  const hashed = () => (name ??= env ? env.hashKey(options.key) : Promise.reject(new Error()));

  const publish = async (environment: TabEnvironment, key: string, token: DashboardToken) => {
    const record = toSharedRecord(key, token);
    // Written before the lock is released, so the next tab in line reads it; then announced.
    await environment.records.write(record).catch(() => undefined);
    const target = channel ?? environment.openChannel(TOKEN_CHANNEL_NAME);
    target.postMessage(record);
    if (target !== channel) target.close();
  };

  const readStored = async (environment: TabEnvironment, key: string) => {
    const stored = fromSharedRecord(
      await environment.records.read(key).catch(() => undefined),
      key,
    );
    if (stored && stored.expiresAt <= clock.now()) {
      await environment.records.remove(key).catch(() => undefined);
      return undefined;
    }
    return stored;
  };

  const onMessage = (event: { data: unknown }) => {
    void hashed().then(
      (key) => {
        const token = fromSharedRecord(event.data, key);
        if (token)
          for (const listener of [...listeners]) if (listeners.has(listener)) listener(token);
      },
      () => undefined,
    );
  };

  return {
    shared: env !== undefined && env !== null,
    async acquire(fetchToken, context = {}) {
      const { signal, current, margin = options.margin } = context;
      if (!env) return fetchToken(signal);
      let key: string;
      try {
        key = await hashed();
      } catch {
        return fetchToken(signal);
      }
      if (signal?.aborted) throw new AbortedError();
      const wait = new AbortController();
      const stopWaiting = () => wait.abort();
      signal?.addEventListener('abort', stopWaiting, { once: true });
      const timer = timers.setTimeout(stopWaiting, clampTimerDelay(lockTimeoutMs));
      let entered = false;
      try {
        return await env.locks.request(LOCK_PREFIX + key, { signal: wait.signal }, async () => {
          entered = true;
          timers.clearTimeout(timer);
          const stored = await readStored(env, key);
          if (stored && shouldAdoptSharedToken(stored, { current, now: clock.now(), margin })) {
            return stored;
          }
          const token = await fetchToken(signal);
          await publish(env, key, token);
          return token;
        });
      } catch (error) {
        if (entered) throw error;
        if (signal?.aborted) throw new AbortedError();
        // The lock did not come in time (its holder is frozen or stuck) or was refused: alone.
        const token = await fetchToken(signal);
        await publish(env, key, token);
        return token;
      } finally {
        timers.clearTimeout(timer);
        signal?.removeEventListener('abort', stopWaiting);
      }
    },
    subscribe(listener) {
      if (!env) return () => {};
      listeners.add(listener);
      if (!channel) {
        channel = env.openChannel(TOKEN_CHANNEL_NAME);
        channel.addEventListener('message', onMessage);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size || !channel) return;
        channel.removeEventListener('message', onMessage);
        channel.close();
        channel = undefined;
      };
    },
  };
}

const pageShares = new Map<string, TabTokenShare>();

/**
 * The page's one {@link TabTokenShare} for a source key, in the browser's environment (alone on
 * the server): for adapters that keep their own cache, such as `@zipteams/react`'s hook.
 */
export function tabTokenShare(key: string): TabTokenShare {
  let share = pageShares.get(key);
  if (!share) pageShares.set(key, (share = createTabTokenShare({ key })));
  return share;
}
