// The lazily loaded tab code (see `loadTabs`). Nothing here imports a module of the page's main
// chunk: core's rules arrive as a `TabKit`, the page registry's parts as a `SignOutLink`.
export { createTabShare } from './tab-share.js';
export { browserTabEnvironment } from './tab-environment.js';
export { forgetLegacyRecords, listenForSignOut } from './tab-sign-out.js';
