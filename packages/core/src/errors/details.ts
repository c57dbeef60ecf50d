// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/**
 * The key of some words only a developer needs (see {@link details}): a number, with the words'
 * name in a comment at each message, so a production build (the kit's dist and a partner's
 * bundle alike) keeps two digits where a development build has the words. A new message takes
 * the next number (`Below<28>`); the table in {@link details} must then name its words.
 */
export type DevWords = Below<27>;

/** The numbers from 0 to `N - 1`. */
type Below<N extends number, Keys extends number[] = []> = Keys['length'] extends N
  ? Keys[number]
  : Below<N, [...Keys, Keys['length']]>;

/**
 * The words of a message that only a developer needs, named by `key`, each `%` replaced by the
 * next of `args`: development builds only (see dev-log.ts), '' in production builds and on pages
 * without a bundler. A production message names the cause (code, reason, argument) without them.
 */
export function details(key: DevWords, ...args: string[]): string {
  try {
    if (process.env.NODE_ENV !== 'production') {
      const texts: Record<DevWords, string> = {
        /* expired */ 0: '; check the backend cache and its clock',
        /* parts */ 1: 'expected three dot-separated parts.',
        /* payload */ 2: 'the JWT payload is not a base64url JSON object.',
        /* claim */ 3: 'the JWT\'s "%" claim is not a %.',
        /* noToken */ 4: '% has no "token" string.',
        /* notJwt */ 5: 'the "token" in % is not a JWT.',
        /* shape */ 6: 'expected a JWT, { token } or the Zipteams envelope.',
        /* envelope */ 7: 'the Zipteams envelope is not a success.',
        /* expiresIn */ 8: '"expiresIn" is not a number of seconds.',
        /* expiresAt */ 9: '"expiresAt" is not an ISO date or epoch ms.',
        /* empty */ 10: 'the response body is empty.',
        /* html */ 11: 'the response is HTML (a login or 404 page?).',
        /* json */ 12: 'the response is not valid JSON.',
        /* expBeforeIat */ 13: 'the JWT\'s "exp" is before its "iat".',
        /* headers */ 14: 'not a valid set of HTTP headers.',
        /* relative */ 15: 'a path-relative URL ("token", "./token") needs a page to resolve against; use a root-relative ("/api/zipteams/token") or absolute URL.',
        /* tokenKey */ 16: ', so two sources never share a token',
        /* noSource */ 17: ': set tokenUrl, or fetchToken with tokenKey.',
        /* absolute */ 18: 'expected an absolute http(s) URL.',
        /* bare */ 19: 'must not hold credentials, a query or a fragment.',
        /* unicode */ 20: 'is not well-formed Unicode.',
        /* text */ 21: 'expected a non-empty string.',
        /* dots */ 22: 'cannot be "." or "..".',
        /* theme */ 23: 'expected "light" or "dark".',
        /* noExpiresIn */ 24: 'no "expiresIn"',
        /* noLife */ 25: 'no life left since the page was requested',
        /* signedOut */ 26: 'dropped by the sign-out call',
      };
      return args.reduce((text, arg) => text.replace('%', arg), texts[key]);
    }
  } catch {
    // No bundler and no `process`: the short message.
  }
  return '';
}
