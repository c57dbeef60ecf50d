// `@zipteams/server/node`: the token handler (or any Web-standard handler) on `node:http` and
// Express. Node-only, unlike the main entry.
export { createNodeRequest, sendNodeResponse, toNodeHandler } from './node/to-node-handler.js';
export type { NodeHandler, WebHandler } from './node/to-node-handler.js';
