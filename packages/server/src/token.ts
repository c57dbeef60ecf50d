import { decodeJwt } from 'jose';
import { BadUpstreamResponseError } from './errors.js';

/** Zipteams tokens live 24 hours; a longer `exp - iat` is not believed. */
export const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * Default refresh margin: 25% of the lifetime, within [60 s, 15 min], and never more than half the
 * lifetime. It is deliberately wider than the browser kit's (10% within [30 s, 10 min], at most
 * a quarter), so when a browser asks for its next token the cached one is already due for replacement
 * and the browser gets a fresh token in one request, not the old one again.
 */
export const DEFAULT_MARGIN_SECONDS = 900;
export const DEFAULT_MIN_MARGIN_SECONDS = 60;
export const DEFAULT_MARGIN_RATIO = 0.25;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface UpstreamToken {
  token: string;
  lifetimeSeconds: number;
}

/**
 * Reads the token out of a 200 body (`{ code, data: { token } }`) and derives its lifetime
 * from its own claims: `exp - iat`, capped at 24 h, else 24 h. The signature is not checked
 * (only Zipteams holds the key). Errors name what was wrong and never echo the token.
 */
export function parseTokenEnvelope(bodyText: string): UpstreamToken {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    throw new BadUpstreamResponseError(
      bodyText.trim() === '' ? 'the body is empty' : 'the body is not JSON',
    );
  }
  const data = isRecord(body) ? body['data'] : undefined;
  const token = isRecord(data) ? data['token'] : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new BadUpstreamResponseError('the body has no data.token string');
  }
  return { token, lifetimeSeconds: tokenLifetimeSeconds(token) };
}

export function tokenLifetimeSeconds(token: string): number {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    if (!COMPACT_JWS.test(token)) throw new Error('not compact');
    claims = decodeJwt(token);
  } catch {
    throw new BadUpstreamResponseError('data.token is not a JWT');
  }
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') return MAX_LIFETIME_SECONDS;
  const lifetime = Math.floor(exp - iat);
  if (!(lifetime >= 1)) {
    throw new BadUpstreamResponseError('the token expires at or before its issue time');
  }
  return Math.min(lifetime, MAX_LIFETIME_SECONDS);
}

/** Seconds before the deadline at which a cached token stops being served. */
export function refreshMarginSeconds(lifetimeSeconds: number, configured?: number): number {
  if (configured !== undefined) return configured;
  const wanted = Math.min(
    DEFAULT_MARGIN_SECONDS,
    Math.max(DEFAULT_MIN_MARGIN_SECONDS, Math.floor(lifetimeSeconds * DEFAULT_MARGIN_RATIO)),
  );
  return Math.min(wanted, lifetimeSeconds / 2);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
