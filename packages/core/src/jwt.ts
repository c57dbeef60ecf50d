import { BadResponseError } from './errors.js';

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
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function numericClaim(payload: Record<string, unknown>, name: 'exp' | 'iat'): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BadResponseError('invalid_claims', `the JWT's "${name}" claim is not a number.`);
  }
  return value;
}

/**
 * Reads a JWT's payload without checking its signature (a browser cannot: Zipteams keeps the
 * key). Use it for timing and display, never for trust.
 *
 * @throws {@link BadResponseError} `not_a_jwt` when the text is not three dot-separated
 * segments, `bad_jwt_payload` when the payload is not base64url JSON, `invalid_claims` when
 * `exp`/`iat` are not numbers. Messages never contain the token.
 */
export function decodeJwt(token: string): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) {
    throw new BadResponseError('not_a_jwt', `expected a JWT (three dot-separated parts).`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch (cause) {
    throw new BadResponseError('bad_jwt_payload', 'the JWT payload is not base64url JSON.', {
      cause: cause instanceof Error ? new Error(cause.name) : undefined,
    });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BadResponseError('bad_jwt_payload', 'the JWT payload is not a JSON object.');
  }
  const record = payload as Record<string, unknown>;
  numericClaim(record, 'exp');
  numericClaim(record, 'iat');
  for (const name of ['tenantId', 'subTenantId'] as const) {
    const value = record[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new BadResponseError('invalid_claims', `the JWT's "${name}" claim is not a string.`);
    }
  }
  return record as JwtClaims;
}
