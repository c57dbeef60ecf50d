export { SCENARIOS } from './scenarios.js';
export type { ScenarioName, StackScenario } from './scenarios.js';
export { startStack } from './stack.js';
export type { Stack } from './stack.js';
export { startUpstream } from './upstream.js';
export type { FakeUpstream } from './upstream.js';
