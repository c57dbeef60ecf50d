export { createMockPlatform, TOKEN_API_PATH } from './platform.js';
export type { MockFaultControls, MockPlatform, MockStats } from './platform-types.js';
export { MOCK_DEFAULTS } from './options.js';
export type { MockPlatformOptions } from './options.js';
export type { ActiveFault, MockFault } from './token-api/faults.js';
export type { MockTokenClaims } from './token-api/tokens.js';
export { startMockServer } from './node.js';
export type { MockServer, MockServerOptions } from './node.js';
