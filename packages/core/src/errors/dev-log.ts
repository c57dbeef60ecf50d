import { redactTokens, type ZipteamsError } from './errors.js';

// Development-only code is written `try { if (process.env.NODE_ENV !== 'production') … } catch {}`
// wherever it occurs: bundlers replace `process.env.NODE_ENV`, so a production bundle folds the
// test to false and drops the block with every text it holds; Vite (webpack 5 too) replaces it
// without defining `process`, where a `typeof process` check would read "no development"; and on
// a page without a bundler the missing `process` throws, is caught, and the block stays silent.
declare const process: { env: { NODE_ENV?: string } };

/** What to check first, by error code (development builds only). */
const HINTS: Partial<Record<string, string>> = {
  network: 'is tokenUrl right, the backend up, and does it allow this origin (CORS)?',
  timeout: 'the token endpoint is slow or hangs.',
  http: "the token endpoint's logs; 401/403: the user's session or the Zipteams API key.",
  rate_limited: 'too many token requests: give embeds one shared token source.',
  bad_response: 'the endpoint must answer a JWT, { token } or the Zipteams envelope.',
  expired_on_arrival: "the backend's token cache and clock.",
  invalid_argument: 'the prop or option named in the message.',
  token_expired: 'no new token came before the deadline: see the error before this one.',
  frame_blocked: "HTTPS, your domain on Zipteams' whitelist, and this page's CSP frame-src.",
  frame_unreachable: 'baseUrl, and whether the Zipteams host is up.',
};

/**
 * Logs a new error for the developer, once, in development builds only: its code, HTTP status,
 * the URL tried (tokens redacted) and what to check. Silent in production builds and on pages
 * without a bundler.
 */
export function devLog(error: ZipteamsError, url?: string): void {
  try {
    if (process.env.NODE_ENV !== 'production') {
      const status = 'status' in error ? ` (HTTP ${String(error.status)})` : '';
      console.warn(
        `[zipteams] ${error.code}${status}: ${error.message}` +
          (url ? ` URL: ${redactTokens(url)}.` : '') +
          ` Check: ${HINTS[error.code] ?? 'the message above.'}`,
      );
    }
  } catch {
    // No bundler and no `process`: silent.
  }
}

const reported = new WeakSet<object>();

/**
 * Calls a partner's callback so that it cannot break the embed: its result is ignored (a
 * returned promise's rejection too) and a throw is reported on the console, once per callback, in
 * development builds.
 */
export function safeCall<A>(callback: ((arg: A) => unknown) | undefined, arg: A): void {
  const report = (error: unknown) => {
    try {
      if (process.env.NODE_ENV !== 'production' && callback && !reported.has(callback)) {
        reported.add(callback);
        console.error(
          `[zipteams] ${callback.name || 'a callback'} threw; the embed keeps working.`,
          error,
        );
      }
    } catch {
      // No bundler and no `process`: silent.
    }
  };
  try {
    const result = callback?.(arg) as { then?: unknown } | undefined;
    if (typeof result?.then === 'function') (result as Promise<unknown>).then(undefined, report);
  } catch (error) {
    report(error);
  }
}
