import type {
  InitialTokenBody,
  RefreshMargin,
  RetryOptions,
  TokenSourceOptions,
} from '@zipteams/embed-core';

// The options of `useDashboardToken` and of the token query, in a file of their own: the hook,
// the query and the store each read them, and none of them needs the others for that.

/**
 * Where the hook gets tokens: a `tokenUrl` on your backend (with optional `tokenRequestInit`), or
 * your own `fetchToken` function named by a required `tokenKey`, plus request options. Embeds with
 * the same source (URL, request options, headers in any form, key) share one token and request.
 */
export type DashboardTokenSourceOptions = TokenSourceOptions & {
  /** Timeout of one token request, in ms. Default 15 s. */
  readonly timeoutMs?: number;
  /** Retry of failed token requests. Default: retryable errors without limit, backoff up to 60 s. */
  readonly retry?: RetryOptions;
  /**
   * Share rotations with this origin's other live tabs of the same tenant: one request per
   * rotation for all of them (core's tab sharing; a first token always comes from this page's own
   * request or `initialToken`). Default true; `false` makes this tab fetch every token itself.
   */
  readonly shareAcrossTabs?: boolean;
};

/** Options of `useDashboardToken`. */
export type UseDashboardTokenOptions = DashboardTokenSourceOptions & {
  /** How far ahead of the deadline to refresh. */
  readonly refreshMargin?: RefreshMargin;
  /** `false` holds the request (e.g. until the user is signed in). Default true. */
  readonly enabled?: boolean;
  /**
   * A token minted while this page was rendered on the server: exactly the token endpoint's body
   * `{ token, expiresIn, expiresAt }` (e.g. `createTokenService().getToken(tenant)` of
   * `@zipteams/server`). It is used at once, with no request; later refreshes go to the source.
   * Malformed, expired, or for another tenant than the token already held for this source: ignored
   * with a development warning. Read on the first render only.
   */
  readonly initialToken?: InitialTokenBody | undefined;
};
