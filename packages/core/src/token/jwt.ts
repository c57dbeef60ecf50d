import { BadResponseError } from '../errors/errors.js';
import { details } from '../errors/details.js';

/** The claims the kit reads from a Zipteams dashboard token. Unknown claims are kept. */
export interface JwtClaims {
  /** Expiry, seconds since the epoch (issuer's clock). */
  readonly exp?: number;
  /** Issue time, seconds since the epoch (issuer's clock). */
  readonly iat?: number;
  /** The Zipteams tenant (organisation) the token opens. */
  readonly tenantId?: string;
  /** The subtenant (group, department, team) the token opens. */
  readonly subTenantId?: string;
  readonly [claim: string]: unknown;
}

const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;

/** Decodes base64url (with or without padding) to UTF-8 text; throws on bad input. */
export function decodeBase64Url(segment: string): string {
  if (!SEGMENT.test(segment)) throw new TypeError('not base64url');
  const base64 = segment.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (base64.length % 4 === 1) throw new TypeError('bad base64url length');
  // `atob` decodes unpadded base64 (forgiving-base64 decode).
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Reads a JWT's payload without checking its signature (a browser cannot: Zipteams keeps the
 * key). Use it for timing and display, never for trust.
 *
 * @throws `BadResponseError` `not_a_jwt` when the text is not three dot-separated
 * segments, `bad_jwt_payload` when the payload is not base64url JSON, `invalid_claims` when
 * `exp`/`iat` are not numbers. Messages never contain the token.
 */
export function decodeJwt(token: string): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) {
    throw new BadResponseError('not_a_jwt', details(1 /* parts */));
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch (cause) {
    throw new BadResponseError('bad_jwt_payload', details(2 /* payload */), {
      cause: cause instanceof Error ? new Error(cause.name) : undefined,
    });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BadResponseError('bad_jwt_payload', details(2 /* payload */));
  }
  const record = payload as Record<string, unknown>;
  for (const name of ['exp', 'iat', 'tenantId', 'subTenantId']) {
    const value = record[name];
    // `exp` and `iat` are finite numbers, the ids strings.
    const type = name.length < 4 ? 'number' : 'string';
    if (
      value !== undefined &&
      (type === 'number' ? !Number.isFinite(value) : typeof value !== 'string')
    ) {
      throw new BadResponseError('invalid_claims', details(3 /* claim */, name, type));
    }
  }
  return record;
}
