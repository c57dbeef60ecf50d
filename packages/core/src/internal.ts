/**
 * `@zipteams/embed-core/internal`: the plumbing the kit's own packages share (`@zipteams/react`,
 * its devtools, `@zipteams/element`, `@zipteams/server`). **Not a public API: no semver
 * promise.** Any release may change or remove any of it, minor and patch releases included;
 * partners build on `@zipteams/embed-core` (the session, the URLs, the errors) instead.
 *
 * Only what another package of the kit imports is here; the rest of core is not exported at all.
 *
 * @packageDocumentation
 */

// The token lifecycle, for adapters that keep the token in their own cache (React's QueryClient).
export { sharedTokenStore, sourceStore } from './token/shared-token-store.js';
export type { TokenStore, TokenStoreOptions, TokenStoreSnapshot } from './token/token-store.js';
export { takeInitialToken } from './token/take-initial-token.js';
export { resolveTokenSource } from './token/token-key.js';
export type { ResolvedTokenSource } from './token/token-key.js';
export { createRetryPolicy } from './timing/retry.js';
export type { RetryPolicy } from './timing/retry.js';

// The page-wide registry: sign-out reaching other copies of core, and what the devtools read.
export { revokeToken, registerInspectable, watchPage } from './page-registry.js';
export { registerTokenHolder } from './sign-out.js';
export { inspectPage } from './inspection.js';
export type {
  TokenHolder,
  Inspectable,
  EmbedInspection,
  SourceInspection,
} from './page-registry.js';

// The default loading and error UIs' palette, words and delay, and the one style sheet React's
// embed and the element's shadow root both use.
export { FALLBACK_UI } from './embed/fallback-ui.js';
export { embedCss } from './embed/embed-css.js';

// For `@zipteams/server`: measuring a token fetched upstream, and keeping tokens out of logs.
export { createDashboardToken } from './token/token.js';
export type { NormalizedTokenResponse, CreateTokenContext } from './token/token.js';
export { redactTokens } from './errors/errors.js';
