import { BadResponseError, ExpiredOnArrivalError } from '../errors/errors.js';
import { details } from '../errors/details.js';
import { decodeJwt, type JwtClaims } from './jwt.js';

import { MAX_TOKEN_LIFETIME_MS } from '../protocol.js';

export { MAX_TOKEN_LIFETIME_MS };

/**
 * What a token endpoint may answer, once parsed: a JWT string, `{ token, expiresIn?, expiresAt? }`
 * (`expiresIn` in seconds, `expiresAt` an ISO string or epoch milliseconds), or the raw Zipteams
 * envelope `{ code: "RESPONSE_SUCCESS", data: { token } }`.
 */
export type TokenPayload =
  | string
  | { token: string; expiresIn?: number; expiresAt?: string | number }
  | { code: 'RESPONSE_SUCCESS'; data: { token: string } };

/** A token response reduced to what the lifecycle needs. */
export interface NormalizedTokenResponse {
  readonly token: string;
  /** Seconds of life left, as the sender said. */
  readonly expiresIn?: number;
  /** Absolute expiry in epoch milliseconds (sender's clock), as the sender said. */
  readonly expiresAt?: number;
}

/** A token ready for use, with its lifetime measured on the local clock. */
export interface DashboardToken {
  /** The JWT to put in the embed URL. Never log it. */
  readonly token: string;
  /** The JWT's claims (read without signature check). */
  readonly claims: JwtClaims;
  /** Local time (ms) the token was received. */
  readonly receivedAt: number;
  /** How long the token lives from receipt, in ms (at most 24 h). */
  readonly lifetimeMs: number;
  /** Local deadline (ms): `receivedAt + lifetimeMs`. Past it the token must not be shown. */
  readonly expiresAt: number;
}

const JWT_SHAPE = /^[\w-]+=*\.[\w-]+=*\.[\w-]*=*$/;

function tokenFrom(value: unknown, where: string): string {
  const token = typeof value === 'string' ? value.trim() : '';
  if (!token) throw new BadResponseError('no_token', details(4 /* noToken */, where));
  if (!JWT_SHAPE.test(token)) {
    throw new BadResponseError('not_a_jwt', details(5 /* notJwt */, where));
  }
  return token;
}

/**
 * Normalises a parsed token payload (see {@link TokenPayload}); strings are trimmed.
 *
 * @throws `BadResponseError` naming what was wrong; never containing the token.
 */
export function normalizeTokenPayload(payload: unknown): NormalizedTokenResponse {
  if (typeof payload === 'string') return { token: tokenFrom(payload, 'the response') };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BadResponseError('unsupported_shape', details(6 /* shape */));
  }
  const record = payload as Record<string, unknown>;
  if ('data' in record && typeof record.data === 'object' && record.data !== null) {
    if (record.code !== undefined && record.code !== 'RESPONSE_SUCCESS') {
      throw new BadResponseError('unsupported_shape', details(7 /* envelope */));
    }
    return { token: tokenFrom((record.data as Record<string, unknown>).token, 'data') };
  }
  if (!('token' in record)) {
    throw new BadResponseError('no_token', details(4 /* noToken */, 'the JSON response'));
  }
  const { expiresIn } = record;
  const expiresAt =
    typeof record.expiresAt === 'string' ? Date.parse(record.expiresAt) : record.expiresAt;
  // Number.isFinite is false for anything that is not a finite number.
  if (expiresIn != null && !Number.isFinite(expiresIn)) {
    throw new BadResponseError('invalid_expiry', details(8 /* expiresIn */));
  }
  if (expiresAt != null && !Number.isFinite(expiresAt)) {
    throw new BadResponseError('invalid_expiry', details(9 /* expiresAt */));
  }
  const result: { token: string; expiresIn?: number; expiresAt?: number } = {
    token: tokenFrom(record.token, 'the JSON response'),
  };
  if (expiresIn != null) result.expiresIn = expiresIn as number;
  if (expiresAt != null) result.expiresAt = expiresAt as number;
  return result;
}

/**
 * Parses the body text of a token response: JSON (any {@link TokenPayload}) or a plain-text JWT.
 *
 * @throws `BadResponseError` `empty_body`, `html_body`, `unsupported_shape`, `no_token`, …
 */
export function parseTokenResponseText(text: string): NormalizedTokenResponse {
  const body = text.trim();
  if (!body) throw new BadResponseError('empty_body', details(10 /* empty */));
  if (body[0] === '<') {
    throw new BadResponseError('html_body', details(11 /* html */));
  }
  if (/^[[{"]/.test(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new BadResponseError('unsupported_shape', details(12 /* json */));
    }
    return normalizeTokenPayload(parsed);
  }
  return normalizeTokenPayload(body);
}

/** Inputs of `createDashboardToken`. */
export interface CreateTokenContext {
  /** Local time of receipt (ms). */
  readonly receivedAt: number;
  /** The sender's clock at sending (ms), e.g. from the HTTP `Date` header, when known. */
  readonly serverNow?: number;
}

/**
 * Measures a token's lifetime, skew-safe, and fixes its local deadline.
 *
 * Lifetime: `expiresIn`; else `expiresAt` minus the sender's "now" (`serverNow`, else the local
 * clock); else `exp - iat` (shortened to `exp - serverNow` when the sender's clock is known and
 * says the token is older); else 24 h. Always capped at 24 h. Deadline = receipt + lifetime, so a
 * client clock that is hours off changes nothing.
 *
 * @throws `ExpiredOnArrivalError` when no lifetime is left.
 * @throws `BadResponseError` `invalid_claims` when `exp` is before `iat`, or from `decodeJwt`.
 */
export function createDashboardToken(
  response: NormalizedTokenResponse,
  context: CreateTokenContext,
): DashboardToken {
  const claims = decodeJwt(response.token);
  const { receivedAt, serverNow } = context;
  const senderNow = serverNow ?? receivedAt;
  let lifetimeMs: number;
  if (response.expiresIn !== undefined) {
    lifetimeMs = response.expiresIn * 1000;
  } else if (response.expiresAt !== undefined) {
    lifetimeMs = response.expiresAt - senderNow;
  } else if (claims.exp !== undefined && claims.iat !== undefined) {
    if (claims.exp < claims.iat) {
      throw new BadResponseError('invalid_claims', details(13 /* expBeforeIat */));
    }
    lifetimeMs = (claims.exp - claims.iat) * 1000;
    if (serverNow !== undefined) lifetimeMs = Math.min(lifetimeMs, claims.exp * 1000 - serverNow);
  } else if (claims.exp !== undefined) {
    lifetimeMs = claims.exp * 1000 - senderNow;
  } else {
    lifetimeMs = MAX_TOKEN_LIFETIME_MS;
  }
  lifetimeMs = Math.min(lifetimeMs, MAX_TOKEN_LIFETIME_MS);
  if (!(lifetimeMs > 0)) throw new ExpiredOnArrivalError();
  return {
    token: response.token,
    claims,
    receivedAt,
    lifetimeMs,
    expiresAt: receivedAt + lifetimeMs,
  };
}

/** True once the local deadline has passed: the token must no longer be shown. */
export function isTokenExpired(token: DashboardToken, now: number): boolean {
  return now >= token.expiresAt;
}

/**
 * Whether two held tokens are the same: compared by their JWT, since a cache may hand back a copy
 * of what it was given (TanStack Query's structural sharing does).
 */
export const sameToken = (a: DashboardToken | undefined, b: DashboardToken | undefined) =>
  a?.token === b?.token;
