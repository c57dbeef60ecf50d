// `@zipteams/server/redis`: the shared cache for a fleet of instances. Needs the `redis` package
// (node-redis 5 or 6), an optional peer dependency: only this entry uses it.
export { createRedisTokenCache } from './redis/token-cache.js';
export type { RedisTokenCache, RedisTokenCacheOptions } from './redis/token-cache.js';
export type { RedisCommandClient } from './redis/commands.js';
