import { FrameBlockedError } from '../errors/frame-errors.js';
import { DEFAULT_APP_URL } from './embed-url.js';
import { originOf } from '../errors/csp-violations.js';

// Replaced by bundlers; see dev-log.ts for the development-only pattern.
declare const process: { env: { NODE_ENV?: string } };

/**
 * The refusal known before any frame loads: the real Zipteams pages (`baseUrl` on
 * {@link DEFAULT_APP_URL}) refuse to render on a `localhost` or `http:` page. Returns the error
 * to show (and no token need be requested), or undefined. `pageOrigin` is `location.origin`.
 */
export function knownRefusal(baseUrl: string, pageOrigin: string): FrameBlockedError | undefined {
  if (originOf(baseUrl) !== DEFAULT_APP_URL) return undefined;
  let page: URL;
  try {
    page = new URL(pageOrigin);
  } catch {
    return undefined;
  }
  const { hostname } = page;
  const where =
    ['localhost', '127.0.0.1', '[::1]'].includes(hostname) || hostname.endsWith('.localhost')
      ? 'localhost'
      : page.protocol === 'https:'
        ? undefined
        : 'an http: page';
  if (!where) return undefined;
  let tip = '';
  try {
    // Advice for the developer: left out of production bundles.
    if (process.env.NODE_ENV !== 'production') {
      tip =
        ' For local development, run the mock platform (npx zipteams-mock) and set baseUrl to it.';
    }
  } catch {
    // No bundler: no tip.
  }
  return new FrameBlockedError(
    0,
    `The real Zipteams pages refuse to render on ${where}: they need an HTTPS page on a ` +
      `domain Zipteams has whitelisted.${tip}`,
  );
}
