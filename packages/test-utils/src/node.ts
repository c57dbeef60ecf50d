export { SCENARIOS } from './scenarios.js';
export type { ScenarioName, StackScenario } from './scenarios.js';
export { startStack } from './stack.js';
export type { Stack } from './stack.js';
export { startUpstream } from './upstream.js';
export type { FakeUpstream } from './upstream.js';
export { busiestWindow, startCountingUpstream } from './counting-upstream.js';
export type {
  CountingUpstream,
  CountingUpstreamOptions,
  UpstreamCallRecord,
} from './counting-upstream.js';
export { startFleetProcess } from './fleet-processes.js';
export type { FleetProcess } from './fleet-processes.js';
export type { FleetInstanceOptions } from './fleet-instance.js';
export { tenantOf } from './fleet-tenant.js';
export { connectRedis, freePort, startRedisServer, REDIS_SERVER_PATH } from './redis-server.js';
export type { RedisServer } from './redis-server.js';
