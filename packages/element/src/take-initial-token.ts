import {
  readPageInitialToken,
  warnIgnoredInitialToken,
  type TokenStore,
} from '@zipteams/embed-core';

/**
 * Hands a server-minted token body to the source's token store, as React's `initialToken` does:
 * core's `readInitialToken` checks it (the time since the browser requested the page is counted
 * against it) and the store is seeded, so every element of the source shares it and refreshes go
 * to the source as usual. Malformed, expired or for another tenant than the token the store holds:
 * a development warning, and the store fetches as usual. A valid token already held keeps serving.
 * Internal; not exported from the package.
 */
export function takeInitialToken(store: TokenStore, body: unknown): void {
  const held = store.getSnapshot().token;
  const read = readPageInitialToken(body, held);
  if (!read.ok) warnIgnoredInitialToken(read);
  else if (!held) store.seed(read.token);
}
