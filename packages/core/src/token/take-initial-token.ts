import { readPageInitialToken, warnIgnoredInitialToken } from './initial-token.js';
import type { TokenStore } from './token-store.js';

/**
 * Hands a server-minted token body (an `initialToken`) to a source's token store: checked by
 * `readPageInitialToken` (the time since the browser requested the page is counted against
 * it; a token the sign-out call dropped is refused), then seeded, so every consumer of the source
 * shares it and refreshes go to the source as usual. The server's answer for this page wins over
 * a token held from another session; only a newer valid token of the same tenant keeps serving.
 * Malformed, expired or revoked: a development warning in the browser (a server renders the same
 * body, and the browser says it once), and the store fetches as usual.
 * Returns whether the store took it.
 */
export function takeInitialToken(store: TokenStore, body: unknown): boolean {
  const read = readPageInitialToken(body);
  if (read.ok) return store.seed(read.token);
  if (typeof document !== 'undefined') warnIgnoredInitialToken(read);
  return false;
}
