import { InvalidArgumentError } from '../errors/errors.js';
import { details } from '../errors/details.js';
import type { TokenSource, TokenUrlSource } from './fetch-token.js';

/** A token URL on the partner's backend as the source (see {@link TokenSourceOptions}). */
interface TokenUrlOptions {
  /** Your token endpoint, called with GET (same-origin credentials by default). */
  readonly tokenUrl?: string;
  /** Extra fetch options for `tokenUrl` (headers, credentials, …). */
  readonly tokenRequestInit?: TokenUrlSource['init'];
  readonly fetchToken?: undefined;
  /** Optional extra name of the source, to keep two otherwise equal sources apart. */
  readonly tokenKey?: string;
}

/** The partner's own function as the source (see {@link TokenSourceOptions}). */
interface TokenFunctionOptions {
  /** Your own token function, instead of `tokenUrl`. It may change identity between renders. */
  readonly fetchToken: TokenFunctionFn;
  /** Names this function in the token cache: sources with the same key share one token. Required. */
  readonly tokenKey: string;
  readonly tokenUrl?: undefined;
  readonly tokenRequestInit?: undefined;
}
type TokenFunctionFn = Extract<TokenSource, { fetchToken: unknown }>['fetchToken'];

/**
 * Where tokens come from, as props and options name it: a `tokenUrl` (with optional
 * `tokenRequestInit`), or a `fetchToken` function named by a `tokenKey`.
 */
export type TokenSourceOptions = TokenUrlOptions | TokenFunctionOptions;

/** A source resolved to its cache key, or the reason it cannot be used. */
export type ResolvedTokenSource =
  | { readonly key: readonly unknown[]; readonly source: TokenSource; readonly error?: undefined }
  | {
      readonly key: readonly unknown[];
      readonly source?: undefined;
      readonly error: InvalidArgumentError;
    };

/**
 * Headers in any form (`Headers`, `[name, value]` pairs, a record) as sorted `[name, value]`
 * pairs with lower-case names: equal headers give equal entries, different ones never collide.
 *
 * @throws {@link InvalidArgumentError} for a header name or value `fetch` would refuse.
 */
export function normalizeHeaders(headers: HeadersInit | undefined): [string, string][] {
  try {
    // The Fetch standard's Headers lower-cases names, combines repeats and iterates sorted.
    return [...new Headers(headers)];
  } catch {
    throw new InvalidArgumentError('tokenRequestInit.headers', details(14 /* headers */));
  }
}

/** `init` as sorted entries, its headers normalised, so key order and header form never matter. */
const initKey = (init: TokenUrlSource['init']) =>
  init
    ? Object.keys(init)
        .sort()
        .map((name) => [
          name,
          name === 'headers' ? normalizeHeaders(init.headers) : init[name as keyof typeof init],
        ])
    : null;

// Neither a scheme (`https:`) nor a leading `/` (root-relative, or `//host`): `token`, `./token`,
// `../token`, `?tenant=a` mean another resource on each page path.
const PATH_RELATIVE = /^(?![a-z][a-z\d+.-]*:|\/)/i;

/**
 * A path-relative `tokenUrl` resolved against the page's URL (its base URL, as `fetch` resolves
 * it), so that it names one resource: `token` on `/app1/` and on `/app2/` are two sources.
 * Root-relative and absolute URLs are kept as written, so keys computed on a server still match.
 *
 * @throws {@link InvalidArgumentError} for a path-relative URL where there is no page (server).
 */
function resolveTokenUrl(tokenUrl: string): string {
  if (!PATH_RELATIVE.test(tokenUrl)) return tokenUrl;
  const base =
    typeof document !== 'undefined' && typeof document.baseURI === 'string'
      ? document.baseURI
      : undefined;
  if (!base) {
    throw new InvalidArgumentError('tokenUrl', details(15 /* relative */));
  }
  return new URL(tokenUrl, base).href;
}

/**
 * The cache key of a token source and the source itself: two options give the same key exactly
 * when they would fetch the same token (same URL, same request options, same `tokenKey`). A
 * path-relative `tokenUrl` is resolved against the page's URL first.
 * Returns undefined when no source is given. Never throws: an unusable source comes back with a
 * typed `error` (a `fetchToken` without `tokenKey`, bad headers) and a key of its own.
 */
export function resolveTokenSource(options: {
  readonly tokenUrl?: string | undefined;
  readonly tokenRequestInit?: TokenUrlSource['init'];
  readonly fetchToken?: TokenFunctionFn | undefined;
  readonly tokenKey?: string | undefined;
}): ResolvedTokenSource | undefined {
  const { fetchToken, tokenUrl, tokenRequestInit: init, tokenKey } = options;
  try {
    if (fetchToken) {
      if (!tokenKey) {
        throw new InvalidArgumentError(
          'tokenKey',
          `a fetchToken source needs a tokenKey naming it${details(16 /* tokenKey */)}.`,
        );
      }
      return { key: ['fetchToken', tokenKey], source: { fetchToken } };
    }
    if (!tokenUrl) return undefined;
    const url = resolveTokenUrl(tokenUrl);
    return {
      key: ['tokenUrl', url, initKey(init), tokenKey ?? null],
      source: { tokenUrl: url, init },
    };
  } catch (error) {
    return {
      key: ['invalid', (error as InvalidArgumentError).argument],
      error: error as InvalidArgumentError,
    };
  }
}
