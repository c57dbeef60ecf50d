import { isCachedToken } from '../supply/token-cache.js';
import type { CachedToken, TokenCache, TokenCacheContext } from '../supply/token-cache.js';
import { TokenHandlerConfigError } from '../errors.js';
import { processClock } from '../config/clock.js';
import { DEFAULT_HANDLER_TIMEOUT_MS } from '../config/options.js';
import { createLogger } from '../config/logger.js';
import type { Log, TokenHandlerLogger } from '../config/logger.js';
import { systemTimers } from '../config/timers.js';
import type { Timers } from '../config/timers.js';
import { recordRedisState } from '../telemetry/token-telemetry.js';
import { createRedisBudget } from './budget.js';
import { createRedisRunner } from './commands.js';
import type { RedisCommandClient } from './commands.js';
import { redisSingleFlight } from './flight.js';
import { createMemoryCache } from '../supply/memory-cache.js';
import type { UpstreamBudget, UpstreamLimit } from '../budget/upstream-budget.js';

export interface RedisTokenCacheOptions {
  /** A connected client of the `redis` package (`await createClient({ url }).connect()`). */
  client: RedisCommandClient;
  /** Start of every key. One prefix per partner account and environment. Default `zipteams:`. */
  prefix?: string;
  /** Longest wait for one Redis command, in ms. Default 250. */
  operationTimeoutMs?: number;
  /** After Redis times out or drops the connection, it is left alone this long, in ms. Default 5000. */
  cooldownMs?: number;
  /** How long a lock lasts unless its live holder extends it, in ms. Default 2000. */
  lockTtlMs?: number;
  /**
   * Longest wait for the instance holding a lock before calling Zipteams from this one, in ms.
   * Default: what a live holder can take at most, the handler's `budgetWaitMs` plus its
   * `upstreamTimeoutMs`, plus 5 s (25 s with the handler's defaults). A holder that dies frees
   * its lock within `lockTtlMs`, so waiters take over long before this.
   */
  lockWaitMs?: number;
  /** Tokens also kept in this process, so a hit needs no round trip. Default 1000 pairs. */
  maxLocalEntries?: number;
  /**
   * Where Redis trouble is reported.
   *
   * @deprecated The handler's `logger` is used: `createTokenHandler` hands it to the cache
   * (`attach`). Set this only to send Redis lines elsewhere (`false` silences them); the option
   * goes in the next minor.
   */
  logger?: TokenHandlerLogger | false;
  /**
   * Clock in epoch milliseconds.
   *
   * @deprecated The handler's `now` is used: `createTokenHandler` hands it to the cache
   * (`attach`). The option goes in the next minor.
   */
  now?: () => number;
}

/**
 * A `TokenCache` shared by every instance through Redis, plus what a fleet needs beyond a
 * store: a lock per key (so one instance calls Zipteams while the others wait for its entry) and
 * an upstream budget kept in Redis. Redis never becomes a single point of failure: every command
 * is bounded by `operationTimeoutMs`; a down, slow or garbage-returning Redis turns each part into
 * its per-instance form (local entries, no fleet lock, a local budget), with a warning.
 */
export interface RedisTokenCache extends TokenCache {
  singleFlight(key: string, refill: () => Promise<CachedToken>): Promise<CachedToken>;
  upstreamBudget(limit: UpstreamLimit): UpstreamBudget;
  /** The same cache (same Redis keys) on the handler's logger, clock, timers and time limits. */
  attach(context: TokenCacheContext): RedisTokenCache;
}

/** What a live lock holder may take beyond its budget wait and upstream call (store writes). */
const LOCK_WAIT_SLACK_MS = 5_000;
/** `lockWaitMs` before a handler attaches the cache: its default limits (10 s each) + slack. */
const DEFAULT_LOCK_WAIT_MS = 2 * DEFAULT_HANDLER_TIMEOUT_MS + LOCK_WAIT_SLACK_MS;

/** What the cache runs on: the handler's when attached, else its own defaults. */
interface Host {
  log: Log;
  now: () => number;
  timers: Timers;
  lockWaitMs: number;
}

/**
 * Creates the Redis-backed `TokenCache` for `createTokenHandler({ cache })`. Keys:
 * `<prefix>token:<pair>` (JSON entry, expiring at its refresh point), `<prefix>lock:<pair>`,
 * `<prefix>budget` (sorted set of call times) and `<prefix>budget:pause`. The handler attaches it
 * to its own logger, clock, timers and time limits; used alone, it logs to `console`.
 *
 * @throws {TokenHandlerConfigError} when `client` is not a node-redis client or an option is invalid.
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): RedisTokenCache {
  const config = readOptions(options);
  return redisTokenCache(config, {
    log: createLogger(config.logger, []),
    now: config.now ?? processClock(),
    timers: systemTimers,
    lockWaitMs: config.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
  });
}

function redisTokenCache(config: RedisConfig, host: Host): RedisTokenCache {
  const { prefix } = config;
  const { log, now, timers } = host;
  const redis = createRedisRunner({
    client: config.client,
    timeoutMs: config.operationTimeoutMs,
    cooldownMs: config.cooldownMs,
    log,
    now,
    timers,
    onHealth: recordRedisState,
  });
  const local = createMemoryCache({ maxEntries: config.maxLocalEntries, now });
  const tokenKey = (key: string) => `${prefix}token:${key}`;

  async function readShared(key: string): Promise<CachedToken | undefined> {
    const raw = await redis.command('a token read', 'GET', tokenKey(key));
    if (raw === null || raw === undefined) return undefined;
    const entry = typeof raw === 'string' ? parseEntry(raw) : undefined;
    if (!entry) throw redis.garbage('a token read', raw);
    const ttlSeconds = Math.floor((entry.expiresAt - now()) / 1000);
    if (ttlSeconds >= 1) await local.set(key, entry, ttlSeconds);
    return entry;
  }

  return {
    async get(key) {
      // This process's copy while it is fresh; once due, Redis may hold a newer one.
      const kept = await local.get(key);
      if ((kept && kept.refreshAt > now()) || !redis.available()) return kept;
      // A failed or garbled read is a miss (or the copy kept here): the handler fetches and
      // overwrites the entry.
      return (await readShared(key).catch(() => undefined)) ?? kept;
    },
    async set(key, value, ttlSeconds) {
      await local.set(key, value, ttlSeconds);
      if (!redis.available()) return;
      const seconds = String(Math.max(1, Math.floor(ttlSeconds)));
      await redis
        .command('a token write', 'SET', tokenKey(key), JSON.stringify(value), 'EX', seconds)
        .catch(() => undefined);
    },
    async delete(key) {
      await local.delete(key);
      if (!redis.available()) return;
      await redis.command('a token delete', 'DEL', tokenKey(key)).catch(() => undefined);
    },
    singleFlight(key, refill) {
      return redisSingleFlight(
        {
          redis,
          lockKey: `${prefix}lock:${key}`,
          lockTtlMs: config.lockTtlMs,
          maxWaitMs: host.lockWaitMs,
          readShared: () => readShared(key),
          log,
          now,
        },
        refill,
      );
    },
    upstreamBudget(limit) {
      return createRedisBudget(redis, `${prefix}budget`, limit, now);
    },
    attach(context) {
      const { budgetWaitMs, upstreamTimeoutMs } = context.limits;
      const holderMs = budgetWaitMs + upstreamTimeoutMs;
      const attachedLog =
        config.logger === undefined ? context.logger : createLogger(config.logger, []);
      if (config.lockWaitMs !== undefined && config.lockWaitMs < holderMs) {
        attachedLog.warn(
          `createRedisTokenCache: lockWaitMs (${config.lockWaitMs} ms) is shorter than a live ` +
            `lock holder may take (budgetWaitMs + upstreamTimeoutMs = ${holderMs} ms); ` +
            'waiting instances may call Zipteams while it still works.',
        );
      }
      return redisTokenCache(config, {
        log: attachedLog,
        now: config.now ?? context.now,
        timers: context.timers,
        lockWaitMs: config.lockWaitMs ?? holderMs + LOCK_WAIT_SLACK_MS,
      });
    },
  };
}

function parseEntry(raw: string): CachedToken | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isCachedToken(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function readOptions(options: RedisTokenCacheOptions) {
  const fail = (message: string): never => {
    throw new TokenHandlerConfigError(`createRedisTokenCache: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('pass an options object with client.');
  const { client, prefix = 'zipteams:', logger, now } = options;
  if (typeof (client as Partial<RedisCommandClient> | undefined)?.sendCommand !== 'function') {
    fail('client must be a connected client of the redis package (createClient().connect()).');
  }
  if (typeof prefix !== 'string') fail('prefix must be a string.');
  const positive = <T extends number | undefined>(
    name: string,
    value: number | undefined,
    fallback: T,
  ) => {
    const result = value ?? fallback;
    if (result !== undefined && !(Number.isFinite(result) && result > 0 && result <= 2 ** 31 - 1)) {
      fail(`${name} must be a positive number of milliseconds.`);
    }
    return result as number | T;
  };
  const maxLocalEntries = options.maxLocalEntries ?? 1000;
  if (!(Number.isInteger(maxLocalEntries) && maxLocalEntries >= 1)) {
    fail('maxLocalEntries must be an integer >= 1.');
  }
  if (
    logger !== undefined &&
    logger !== false &&
    (typeof logger?.warn !== 'function' || typeof logger.error !== 'function')
  ) {
    fail('logger must have warn and error methods, or be false.');
  }
  if (now !== undefined && typeof now !== 'function') {
    fail('now must be a function returning epoch milliseconds.');
  }
  return {
    client,
    prefix,
    logger,
    now,
    maxLocalEntries,
    operationTimeoutMs: positive('operationTimeoutMs', options.operationTimeoutMs, 250),
    cooldownMs: positive('cooldownMs', options.cooldownMs, 5000),
    lockTtlMs: positive('lockTtlMs', options.lockTtlMs, 2000),
    lockWaitMs: positive('lockWaitMs', options.lockWaitMs, undefined),
  };
}

type RedisConfig = ReturnType<typeof readOptions>;
