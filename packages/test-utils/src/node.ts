export { startUpstream } from './upstream.js';
export type { FakeUpstream } from './upstream.js';
export { busiestWindow, startCountingUpstream } from './counting-upstream.js';
export type {
  CountingUpstream,
  CountingUpstreamOptions,
  UpstreamCallRecord,
} from './counting-upstream.js';
export { connectRedis, freePort, startRedisServer, REDIS_SERVER_PATH } from './redis-server.js';
export type { RedisServer } from './redis-server.js';
