import type { Log } from '../config/logger.js';
import type { Timers } from '../config/timers.js';

/**
 * The part of a node-redis client (`redis` 5 or 6, `createClient().connect()`) this package uses:
 * raw commands, so it works with any module or RESP setup the partner's client has.
 */
export interface RedisCommandClient {
  sendCommand(args: readonly string[], options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface RedisRunnerOptions {
  client: RedisCommandClient;
  /** Longest wait for one command. */
  timeoutMs: number;
  /** After a few timeouts or connection failures in a row, Redis is left alone this long. */
  cooldownMs: number;
  log: Log;
  now: () => number;
  timers: Timers;
  /** Told when Redis starts counting as down, and when it answers again. */
  onHealth?: (state: 'degraded' | 'recovered') => void;
}

/** Redis failed to answer (or answered garbage); the caller falls back to per-instance work. */
export class RedisCommandError extends Error {
  override readonly name = 'RedisCommandError';
}

/**
 * Error replies that are about the data, not the server (a key of another type, a bad script):
 * Redis is up, so only that operation falls back. Anything else (timeouts, a closed socket,
 * BUSY, LOADING) means Redis is unwell, and it is skipped for `cooldownMs`.
 */
const DATA_ERROR = /^(?:ERR|WRONGTYPE|NOSCRIPT)\b/;

/** Timeouts or connection failures in a row before Redis is skipped for `cooldownMs`. */
const FAILURES_TO_OPEN = 3;

/**
 * Runs commands against Redis, each bounded by a timeout, behind a breaker: a failed command
 * falls back on its own, and after three failures in a row Redis counts as down: `available()`
 * is false for `cooldownMs` and callers use their per-instance fallback, so no
 * request waits for a timeout that is sure to come. One warning per state change (and at most
 * one per cooldown per data problem), never one per request.
 */
export function createRedisRunner(options: RedisRunnerOptions) {
  const { client, timeoutMs, cooldownMs, log, now, timers, onHealth } = options;
  let downUntil = 0;
  let down = false;
  /** Failures since the last answer: one slow reply is not an outage. */
  let failures = 0;
  const warned = new Map<string, number>();

  function warnOnce(topic: string, message: string, details: Record<string, unknown>): void {
    const last = warned.get(topic);
    if (last !== undefined && now() - last < cooldownMs) return;
    warned.set(topic, now());
    log.warn(message, details);
  }

  function failed(what: string, error: unknown): RedisCommandError {
    const reason = error instanceof Error ? error.message : String(error);
    if (DATA_ERROR.test(reason)) {
      warnOnce(`data:${what}`, `Redis refused ${what}; this operation runs per instance.`, {
        error: reason,
      });
    } else if (++failures < FAILURES_TO_OPEN) {
      warnOnce(`slow:${what}`, `Redis failed (${what}); this operation ran per instance.`, {
        error: reason,
      });
    } else {
      downUntil = now() + cooldownMs;
      if (!down) {
        down = true;
        onHealth?.('degraded');
        log.warn(
          `Redis failed (${what}); tokens, locks and the upstream budget are per instance ` +
            `for the next ${cooldownMs >= 1000 ? `${Math.round(cooldownMs / 1000)} s` : `${cooldownMs} ms`}.`,
          { error: reason },
        );
      }
    }
    return new RedisCommandError(`Redis ${what} failed: ${reason}`, { cause: error });
  }

  async function send(what: string, args: readonly string[]): Promise<unknown> {
    const controller = new AbortController();
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = timers.setTimeout(() => {
        // Timers run before I/O in each turn of the event loop: after this process was busy
        // (a cold start, a burst), a reply may already be waiting in the socket. Let I/O run
        // once (setImmediate comes after it) before calling Redis slow.
        setImmediate(() => {
          // Aborting drops the command from node-redis's queue if it was not sent yet.
          controller.abort();
          reject(new Error(`no answer within ${timeoutMs} ms`));
        });
      }, timeoutMs);
    });
    try {
      const reply = await Promise.race([
        client.sendCommand(args, { abortSignal: controller.signal }),
        timeout,
      ]);
      failures = 0;
      if (down) {
        down = false;
        onHealth?.('recovered');
        log.warn('Redis answers again; tokens, locks and the upstream budget are shared.');
      }
      return reply;
    } catch (error) {
      throw failed(what, error);
    } finally {
      timers.clearTimeout(timer);
    }
  }

  return {
    /** The timers of every wait around Redis (lock heartbeats, polls). */
    timers,
    /** False while Redis is in its cooldown after a failure. */
    available: (): boolean => now() >= downUntil,
    /** One command; rejects with `RedisCommandError` on failure or timeout. */
    command: (what: string, ...args: string[]): Promise<unknown> => send(what, args),
    /** One Lua script (EVAL: Redis caches it by hash; no SCRIPT LOAD to lose on a restart). */
    script: (what: string, source: string, keys: string[], args: string[]): Promise<unknown> =>
      send(what, ['EVAL', source, String(keys.length), ...keys, ...args]),
    /** Reports a reply of the wrong shape (the caller then falls back). */
    garbage(what: string, reply: unknown): RedisCommandError {
      warnOnce(`garbage:${what}`, `Redis answered ${what} with an unexpected value; ignored.`, {
        reply: typeof reply,
      });
      return new RedisCommandError(`Redis ${what} answered an unexpected value`);
    },
  };
}

export type RedisRunner = ReturnType<typeof createRedisRunner>;
