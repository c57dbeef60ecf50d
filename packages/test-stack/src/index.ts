export { SCENARIOS } from './scenarios.js';
export type { ScenarioName, StackScenario } from './scenarios.js';
export { startStack } from './stack.js';
export type { Stack } from './stack.js';
