import {
  readPageInitialToken,
  warnIgnoredInitialToken,
  type TokenStore,
} from '@zipteams/embed-core';

/**
 * Hands a server-minted token body to the source's token store, as React's `initialToken` does:
 * core's `readInitialToken` checks it (the time since the browser requested the page is counted
 * against it; a token the sign-out call dropped is refused) and the store is seeded, so every
 * element of the source shares it and refreshes go to the source as usual. The server's answer for
 * this page wins over a token held from another session; only a newer valid token of the same
 * tenant keeps serving. Malformed, expired or revoked: a development warning, and the store
 * fetches as usual. Internal; not exported from the package.
 */
export function takeInitialToken(store: TokenStore, body: unknown): void {
  const read = readPageInitialToken(body);
  if (!read.ok) warnIgnoredInitialToken(read);
  else store.seed(read.token);
}
