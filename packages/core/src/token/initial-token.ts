import { details } from '../errors/details.js';
import { systemClock } from '../timing/environment.js';
import { decodeJwt } from './jwt.js';
import { isRevokedToken } from '../page-registry.js';
import { sameTenant } from '../tabs/shared-token.js';

// The development-only gate of dev-log.ts: bundlers replace `process.env.NODE_ENV` (Vite without
// defining `process`); on a page without a bundler the missing `process` throws and is caught.
declare const process: { env: { NODE_ENV?: string } };
import { MAX_TOKEN_LIFETIME_MS, normalizeTokenPayload, type DashboardToken } from './token.js';

/**
 * A token minted while the page was rendered on the server: exactly the 200 body of the token
 * endpoint, `{ token, expiresIn, expiresAt }` (`expiresIn` in seconds, as the server measured it
 * when it answered; `expiresAt` an ISO string or epoch ms on the server's clock).
 */
export interface InitialTokenBody {
  readonly token: string;
  readonly expiresIn: number;
  readonly expiresAt?: string | number;
}

/**
 * Why an initial token was not used: the embed then fetches one as if none had been given.
 * `revoked`: the page's sign-out call (`clearSharedTokens`) dropped this very token.
 */
export type InitialTokenRejection = 'malformed' | 'expired' | 'revoked';

/** Inputs of {@link readInitialToken}. */
export interface InitialTokenContext {
  /** Local wall-clock time now (ms). */
  readonly now: number;
  /**
   * An upper bound of the time (ms) since the server wrote the body, usually
   * {@link initialTokenAgeBoundMs}. It is counted against the token's lifetime.
   */
  readonly ageBoundMs: number;
  /** Whether this token was dropped by a sign-out on this page (default: never). */
  readonly isRevoked?: (token: string) => boolean;
}

/** What {@link readInitialToken} decided. */
export type InitialTokenResult =
  | { readonly ok: true; readonly token: DashboardToken }
  | {
      readonly ok: false;
      readonly reason: InitialTokenRejection;
      /** The warning {@link warnIgnoredInitialToken} prints: development builds only, else ''. */
      readonly message: string;
    };

const rejected = (reason: InitialTokenRejection, detail: string): InitialTokenResult => {
  let message = '';
  try {
    // Only the development warning prints it, so only development builds word it (dev-log.ts).
    if (process.env.NODE_ENV !== 'production') {
      message = `Ignored initialToken (${reason})${detail && `: ${detail}`}; fetching one instead.`;
    }
  } catch {
    // No bundler and no `process`: nothing prints it.
  }
  return { ok: false, reason, message };
};

/**
 * Checks a server-minted token and fixes its local deadline so that it is never later than the
 * token's real expiry. The time the HTML spent between the server and this code (server work
 * after minting, transit, parsing, loading scripts, hydration) is unknown, so all of it is counted
 * against the token: the token is treated as received `ageBoundMs` ago. The lifetime is
 * `expiresIn`, never more than the JWT's own `exp - iat` or 24 h. Clocks are never compared.
 *
 * Never throws; messages never contain the token.
 */
export function readInitialToken(body: unknown, context: InitialTokenContext): InitialTokenResult {
  let token: string;
  let expiresIn: number | undefined;
  let claims;
  try {
    ({ token, expiresIn } = normalizeTokenPayload(body));
    claims = decodeJwt(token);
  } catch (error) {
    return rejected('malformed', (error as Error).message);
  }
  if (expiresIn === undefined) return rejected('malformed', details(24 /* noExpiresIn */));
  let lifetimeMs = Math.min(expiresIn * 1000, MAX_TOKEN_LIFETIME_MS);
  if (claims.exp !== undefined && claims.iat !== undefined) {
    lifetimeMs = Math.min(lifetimeMs, (claims.exp - claims.iat) * 1000);
  }
  const receivedAt = context.now - Math.max(context.ageBoundMs, 0);
  const expiresAt = receivedAt + lifetimeMs;
  if (!(expiresAt > context.now)) {
    return rejected('expired', details(25 /* noLife */));
  }
  // A token for another tenant than one held is still taken: the server's answer for this
  // request is the session the page is in now (e.g. after a sign-in without a reload).
  if (context.isRevoked?.(token)) return rejected('revoked', details(26 /* signedOut */));
  return { ok: true, token: { token, claims, receivedAt, lifetimeMs, expiresAt } };
}

interface NavigationTimingLike {
  readonly requestStart?: number;
}

/**
 * An upper bound of the age of anything the server wrote into this document, in ms: the time
 * since the browser started requesting the document (`performance.now()` minus the navigation
 * entry's `requestStart`, both on the monotonic clock, so a stepped wall clock changes nothing).
 * The server can only have minted a token after that request was sent; payloads fetched later (a
 * client-side navigation) are younger still. 0 where there is no document (server rendering).
 * It assumes the HTML itself is not served from a cache (dynamic pages are `no-store`).
 */
export function initialTokenAgeBoundMs(): number {
  if (typeof document === 'undefined' || typeof performance === 'undefined') return 0;
  const [navigation] = (performance.getEntriesByType?.('navigation') ??
    []) as NavigationTimingLike[];
  const requestStart = navigation?.requestStart;
  // Without navigation timing, count from the time origin (navigation start), which is earlier.
  const start = typeof requestStart === 'number' && requestStart > 0 ? requestStart : 0;
  // Whole milliseconds, rounded up: deadlines stay on the integer clock of `Date.now()`.
  return Math.max(Math.ceil(performance.now() - start), 0);
}

/**
 * {@link readInitialToken} on this page, now: the system clock, {@link initialTokenAgeBoundMs} and
 * the tokens the page's sign-out call dropped, the inputs every browser adapter passes (React's
 * `initialToken`, the element's property).
 */
export function readPageInitialToken(body: unknown): InitialTokenResult {
  return readInitialToken(body, {
    now: systemClock.now(),
    ageBoundMs: initialTokenAgeBoundMs(),
    isRevoked: isRevokedToken,
  });
}

/**
 * Whether a valid initial token should replace the token held for its source: always, unless
 * the held one is still valid, of the same tenant (by claims) and at least as new. The server's
 * answer for this page wins over a token held from another session.
 */
export function initialTokenWins(
  initial: DashboardToken,
  held: DashboardToken | undefined,
  now: number,
): boolean {
  if (!held || held.expiresAt <= now) return true;
  return !sameTenant(held, initial) || held.receivedAt < initial.receivedAt;
}

/** Says why an initial token was ignored, on the console, in development builds only. */
export function warnIgnoredInitialToken(result: InitialTokenResult): void {
  if (result.ok) return;
  try {
    if (process.env.NODE_ENV !== 'production') console.warn(`[zipteams] ${result.message}`);
  } catch {
    // No bundler and no `process`: silent.
  }
}
