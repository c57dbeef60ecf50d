import type { RedisRunner } from './commands.js';
import { unref } from '../config/timers.js';

/** A held lock. `release` never throws: a lost release only means the lock runs out its TTL. */
export interface TokenCacheLock {
  release(): Promise<void>;
}

/**
 * Takes the lock when free (`SET NX PX` with this holder's value). A lock key left without an
 * expiry (written by something else) gets one, so it can never block a key forever.
 */
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** Deletes or extends the lock only while it still holds this holder's value. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

let holders = 0;
/** Unique per holder: a random process part and a counter (no Node-only API needed). */
const processId = Math.random().toString(36).slice(2, 12);

/**
 * Tries to take the lock `key` for `ttlMs`. Resolves with the lock, or undefined when another
 * holder has it; rejects (`RedisCommandError`) when Redis fails. While held, the lock is extended
 * every third of its TTL, so a live holder keeps it for as long as its work takes and a holder
 * that dies loses it within one TTL.
 */
export async function acquireRedisLock(
  redis: RedisRunner,
  key: string,
  ttlMs: number,
): Promise<TokenCacheLock | undefined> {
  const owner = `${processId}:${++holders}`;
  const ttl = String(Math.max(1, Math.round(ttlMs)));
  const reply = await redis.script('the lock', ACQUIRE, [key], [owner, ttl]);
  if (reply === 0) return undefined;
  if (reply !== 1) throw redis.garbage('the lock', reply);

  const { timers } = redis;
  const everyMs = Math.max(1, Math.floor(ttlMs / 3));
  let heartbeat: unknown;
  let beating = true;
  const beat = () => {
    redis.script('a lock extension', EXTEND, [key], [owner, ttl]).then(
      (extended) => {
        // Someone else holds it now (it ran out while Redis was unreachable): stop trying.
        if (extended !== 0) return;
        beating = false;
        timers.clearTimeout(heartbeat);
      },
      () => undefined,
    );
    schedule();
  };
  // A chain of timeouts rather than an interval: injected timers need only setTimeout.
  const schedule = () => {
    if (!beating) return;
    heartbeat = timers.setTimeout(beat, everyMs);
    // A held lock must not keep a process alive that is otherwise done.
    unref(heartbeat);
  };
  schedule();

  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      beating = false;
      timers.clearTimeout(heartbeat);
      await redis.script('the lock release', RELEASE, [key], [owner]).catch(() => undefined);
    },
  };
}
