import type { RedisRunner } from './commands.js';
import { createMemoryBudget, spacingMs } from '../budget/upstream-budget.js';
import type { BudgetDecision, UpstreamBudget, UpstreamLimit } from '../budget/upstream-budget.js';

/**
 * `nextSlot` of upstream-budget.ts, kept in Redis and run atomically: KEYS[1] is a sorted set of
 * reserved call times (score = ms on the Redis clock, so instance clocks never matter), KEYS[2]
 * the pause set by a Zipteams 429, KEYS[3] the instances seen in the last minute. A key of
 * another type is replaced (self-healing garbage). Returns { 1, waitMs, instances } for a
 * reserved slot, { 0, retryAfterMs, instances } for a refusal.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local requests, interval, maxWait = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for _, key in ipairs({ KEYS[1], KEYS[3] }) do
  local kind = redis.call('TYPE', key).ok
  if kind ~= 'zset' and kind ~= 'none' then redis.call('DEL', key) end
end
redis.call('ZADD', KEYS[3], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 60000)
redis.call('PEXPIRE', KEYS[3], 60000)
local instances = redis.call('ZCARD', KEYS[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
local slot = now
local paused = tonumber(redis.call('GET', KEYS[2]) or '') or 0
if paused > slot then slot = paused end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] and tonumber(last[2]) > slot then slot = tonumber(last[2]) end
local count = redis.call('ZCARD', KEYS[1])
if count >= requests then
  local nth = redis.call('ZRANGE', KEYS[1], count - requests, count - requests, 'WITHSCORES')
  if tonumber(nth[2]) + interval > slot then slot = tonumber(nth[2]) + interval end
end
local wait = slot - now
if wait > maxWait then return { 0, wait, instances } end
redis.call('ZADD', KEYS[1], slot, slot .. ':' .. ARGV[4])
redis.call('PEXPIRE', KEYS[1], interval + wait + 1000)
return { 1, wait, instances }`;

/** Pauses every instance until `now + ms` (Redis clock), never shortening a longer pause. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '') or 0
if now + ms > current then redis.call('SET', KEYS[1], now + ms, 'PX', ms) end
return 1`;

let reservations = 0;
let budgets = 0;
const processId = Math.random().toString(36).slice(2, 12);

/**
 * The fleet-wide budget: one sliding log in Redis under `key` for every instance. When Redis
 * is unavailable, this instance counts on its own (`createMemoryBudget`) with its share of the
 * limit: `requests` divided by the instances Redis saw in the last minute (at least 1), so a
 * fleet whose Redis fails stays near its limit too.
 */
export function createRedisBudget(
  redis: RedisRunner,
  key: string,
  limit: UpstreamLimit,
  now: () => number,
): UpstreamBudget {
  const instance = `${processId}:${++budgets}`;
  let instances = 1;
  let local = { share: limit.requests, budget: createMemoryBudget(limit, now) };
  /** This instance's own budget, with its share of the fleet's limit. */
  const fallback = () => {
    const share = Math.max(1, Math.floor(limit.requests / instances));
    if (share !== local.share) {
      local = { share, budget: createMemoryBudget({ ...limit, requests: share }, now) };
    }
    return local.budget;
  };
  const intervalMs = String(spacingMs(limit));
  const requests = String(limit.requests);
  const pauseKey = `${key}:pause`;

  async function shared(maxWaitMs: number): Promise<BudgetDecision> {
    const member = `${processId}:${++reservations}`;
    const reply = await redis.script(
      'the upstream budget',
      RESERVE,
      [key, pauseKey, `${key}:instances`],
      [requests, intervalMs, String(Math.max(0, Math.floor(maxWaitMs))), member, instance],
    );
    if (!Array.isArray(reply) || reply.length !== 3) throw redis.garbage('the budget', reply);
    const [granted, ms, seen] = reply as unknown[];
    if (typeof seen === 'number' && seen >= 1) instances = seen;
    if (
      typeof ms !== 'number' ||
      !Number.isFinite(ms) ||
      ms < 0 ||
      (granted !== 0 && granted !== 1)
    ) {
      throw redis.garbage('the budget', reply);
    }
    return granted === 1 ? { granted: true, waitMs: ms } : { granted: false, retryAfterMs: ms };
  }

  return {
    async reserve(maxWaitMs) {
      if (!redis.available()) return fallback().reserve(maxWaitMs);
      try {
        return await shared(maxWaitMs);
      } catch {
        return fallback().reserve(maxWaitMs);
      }
    },
    async pause(ms) {
      await fallback().pause(ms);
      if (!redis.available()) return;
      const duration = String(Math.max(1, Math.ceil(ms)));
      await redis.script('the budget pause', PAUSE, [pauseKey], [duration]).catch(() => undefined);
    },
  };
}
